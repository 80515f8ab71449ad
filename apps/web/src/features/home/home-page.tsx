import {
  ApartmentOutlined,
  AuditOutlined,
  EyeOutlined,
  GlobalOutlined,
  QrcodeOutlined,
  SolutionOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { RoleBinding } from '@cc/contracts';
import { Card, Col, Empty, Row, Table, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { RoleTag } from '../../components/role-tag';
import { canManageAccounts, canReadAudit, hasAnyRole, useMe } from '../../lib/session';

export function HomePage() {
  const { t } = useTranslation();
  const me = useMe();

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

  const shortcuts = [
    {
      to: '/areas',
      icon: <ApartmentOutlined />,
      title: t('nav.areas'),
      text: t('home.areasHint'),
      isShown: true,
    },
    {
      to: '/accounts',
      icon: <TeamOutlined />,
      title: t('nav.accounts'),
      text: t('home.accountsHint'),
      isShown: canManageAccounts(me),
    },
    {
      to: '/audit',
      icon: <AuditOutlined />,
      title: t('nav.audit'),
      text: t('home.auditHint'),
      isShown: canReadAudit(me),
    },
    // 社区通 for committee staff
    ...[
      { to: '/declarations', icon: <SolutionOutlined />, key: 'declarations' },
      { to: '/observations', icon: <EyeOutlined />, key: 'observations' },
      { to: '/declarations/poster', icon: <QrcodeOutlined />, key: 'poster' },
    ].map((s) => ({
      to: s.to,
      icon: s.icon,
      title: t(s.key === 'poster' ? 'epidemic.poster.title' : `epidemic.nav.${s.key}`),
      text: t(`epidemic.home.${s.key}`),
      isShown: hasAnyRole(me, ['committee_staff']),
    })),
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
      <Typography.Paragraph type="secondary">{t('home.intro')}</Typography.Paragraph>
      <Card title={t('home.bindings')} style={{ marginBottom: 16 }}>
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
      <Row gutter={[16, 16]}>
        {shortcuts.map((s) => (
          <Col key={s.to} xs={24} sm={12} lg={8}>
            <Link to={s.to}>
              <Card hoverable>
                <Card.Meta
                  avatar={<span style={{ fontSize: 24, color: '#1456f0' }}>{s.icon}</span>}
                  title={s.title}
                  description={s.text}
                />
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
    </div>
  );
}
