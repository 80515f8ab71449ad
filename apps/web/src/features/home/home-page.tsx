import {
  ApartmentOutlined,
  AuditOutlined,
  CameraOutlined,
  CheckSquareOutlined,
  EyeOutlined,
  FormOutlined,
  FundProjectionScreenOutlined,
  GlobalOutlined,
  IdcardOutlined,
  NodeIndexOutlined,
  PhoneOutlined,
  ProfileOutlined,
  QrcodeOutlined,
  SafetyCertificateOutlined,
  SolutionOutlined,
  TeamOutlined,
  EnvironmentOutlined,
} from '@ant-design/icons';
import type { RoleBinding } from '@cc/contracts';
import { Card, Col, Empty, Row, Table, Typography, type TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { RoleTag } from '../../components/role-tag';
import { useRequest } from '../../lib/api';
import { hasAnyRole, useMe } from '../../lib/session';
import { HOME_ACTION_PATHS, homeActions, type HomeActionKey } from './home-actions';
import { homeCount, type HomeCount } from './home-api';
import './home.css';

const ICONS: Record<HomeActionKey, ReactNode> = {
  report: <CameraOutlined />,
  tasks: <CheckSquareOutlined />,
  hotline: <PhoneOutlined />,
  cases: <ProfileOutlined />,
  dashboards: <FundProjectionScreenOutlined />,
  dispatch: <NodeIndexOutlined />,
  registry: <IdcardOutlined />,
  verifications: <SafetyCertificateOutlined />,
  affairs: <FormOutlined />,
  declarations: <SolutionOutlined />,
  observations: <EyeOutlined />,
  consultations: <EnvironmentOutlined />,
  areas: <ApartmentOutlined />,
  accounts: <TeamOutlined />,
  audit: <AuditOutlined />,
};

/** What a count on a card says, by action. */
const COUNT_KEYS: Partial<Record<HomeActionKey, string>> = {
  tasks: 'roleHome.count.tasks',
  cases: 'roleHome.count.queue',
  verifications: 'roleHome.count.verifications',
  affairs: 'roleHome.count.affairs',
  declarations: 'roleHome.count.declarations',
  observations: 'roleHome.count.observations',
};

export function CountText({ value, label }: { value: HomeCount; label: string }) {
  const { t } = useTranslation();
  const count = value.capped ? t('roleHome.count.capped', { count: value.count }) : value.count;
  return (
    <span className={value.count > 0 ? 'cc-home-count cc-home-count-some' : 'cc-home-count'}>
      {t(label, { count: count as number })}
    </span>
  );
}

/** One big card of the day's work: its icon, name, what it is for and how much waits there. */
function ActionCard({ action, isFirst }: { action: HomeActionKey; isFirst: boolean }) {
  const { t } = useTranslation();
  const me = useMe();
  const countKey = COUNT_KEYS[action];
  const count = useRequest(
    (signal) => (countKey ? homeCount(action, me, signal) : Promise.resolve(null)),
    [action, me.id],
  );
  return (
    <Link
      to={HOME_ACTION_PATHS[action]}
      className={isFirst ? 'cc-home-action cc-home-action-first' : 'cc-home-action'}
      data-testid={`home-action-${action}`}
    >
      <span className="cc-home-action-icon">{ICONS[action]}</span>
      <span className="cc-home-action-text">
        <span className="cc-home-action-title">{t(`roleHome.action.${action}.title`)}</span>
        <span className="cc-home-action-hint">{t(`roleHome.action.${action}.hint`)}</span>
        {countKey && count.data ? (
          <span data-testid={`home-count-${action}`}>
            <CountText value={count.data} label={countKey} />
          </span>
        ) : null}
      </span>
    </Link>
  );
}

/** 首页 of the console: the role's daily work first, big; then its roles and areas. */
export function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const actions = homeActions(me);

  const columns: TableColumnsType<RoleBinding> = [
    {
      title: t('home.role'),
      dataIndex: 'role',
      render: (_, binding) => <RoleTag role={binding.role} />,
    },
    {
      title: t('home.area'),
      dataIndex: 'areaName',
      render: (_, binding) => (
        <Link to={`/areas/${binding.areaCode}`} data-testid={`binding-area-${binding.areaCode}`}>
          {binding.areaName}
        </Link>
      ),
    },
    {
      title: t('home.level'),
      dataIndex: 'areaLevel',
      responsive: ['sm'],
      render: (level: string) => t(`level.${level}`, { defaultValue: level }),
    },
    { title: t('home.code'), dataIndex: 'areaCode', responsive: ['md'] },
  ];

  // the rest of 社区通 and the key regions, below the day's work
  const more = [
    {
      to: '/declarations/poster',
      icon: <QrcodeOutlined />,
      title: t('epidemic.poster.title'),
      text: t('epidemic.home.poster'),
      isShown: hasAnyRole(me, ['committee_staff']),
    },
    {
      to: '/key-regions',
      icon: <GlobalOutlined />,
      title: t('epidemic.nav.keyRegions'),
      text: t('epidemic.home.keyRegions'),
      isShown: hasAnyRole(me, ['city_operator', 'administrator']),
    },
  ].filter((s) => s.isShown);

  return (
    <div data-testid="home-page">
      <Typography.Title level={3} className="cc-page-title">
        {t('home.welcome', { name: me.displayName })}
      </Typography.Title>
      {actions.length > 0 ? (
        <section
          className="cc-home-actions"
          aria-label={t('roleHome.firstActions')}
          data-testid="home-actions"
        >
          {actions.map((action, i) => (
            <ActionCard key={action} action={action} isFirst={i === 0} />
          ))}
        </section>
      ) : null}
      {more.length > 0 ? (
        <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
          {more.map((s) => (
            <Col key={s.to} xs={24} sm={12} lg={8}>
              <Link to={s.to}>
                <Card hoverable size="small">
                  <Card.Meta
                    avatar={<span style={{ fontSize: 22, color: '#1456f0' }}>{s.icon}</span>}
                    title={s.title}
                    description={s.text}
                  />
                </Card>
              </Link>
            </Col>
          ))}
        </Row>
      ) : null}
      <Card title={t('home.bindings')} size="small">
        <Typography.Paragraph type="secondary">{t('home.intro')}</Typography.Paragraph>
        {me.roles.length === 0 ? (
          <Empty description={t('home.noBindings')} />
        ) : (
          <Table<RoleBinding>
            rowKey="id"
            columns={columns}
            dataSource={me.roles}
            pagination={false}
            size="small"
            data-testid="home-bindings"
          />
        )}
      </Card>
    </div>
  );
}
