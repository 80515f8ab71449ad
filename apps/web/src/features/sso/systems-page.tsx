import { ExportOutlined } from '@ant-design/icons';
import type { SsoSystem } from '@cc/contracts';
import { Card, Col, Empty, Input, Row, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { StaleDataAlert } from '../../components/stale-data-alert';
import { useRequest } from '../../lib/api';
import { listSystems } from './sso-api';
import { SystemLogo } from './sso-format';
import { departmentColor, groupByDepartment, matchesSystem } from './sso-rules';
import './sso.css';

/** More systems than this and a search box helps find one. */
const SEARCH_FROM = 8;

/**
 * 专业系统: the department systems this staff member's roles may use. A click opens the system's
 * login-initiation URL in this tab, and the one sign-on signs them in there; ⌘/Ctrl-click or
 * 新窗口打开 opens it in a new tab.
 */
export function SystemsPage() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const { data, error, isLoading, reload } = useRequest((signal) => listSystems(signal), []);
  const systems = useMemo(() => data?.items ?? [], [data]);
  const groups = useMemo(
    () => groupByDepartment(q ? systems.filter((s) => matchesSystem(s, q)) : systems),
    [systems, q],
  );

  let body;
  if (error && !data) body = <LoadError error={error} onRetry={reload} />;
  else if (isLoading && !data) body = <PageSpin />;
  else if (systems.length === 0) {
    body = <Empty description={t('sso.systems.empty')} data-testid="systems-empty" />;
  } else if (groups.length === 0) {
    body = <Empty description={t('sso.systems.noMatch', { q })} data-testid="systems-no-match" />;
  } else {
    body = groups.map(([department, list]) => (
      <section key={department} className="cc-sso-group" data-testid="system-group">
        <div className="cc-sso-group-head">
          <span className="cc-sso-dot" style={{ background: departmentColor(department) }} />
          <Typography.Title level={5} style={{ margin: 0 }}>
            {department}
          </Typography.Title>
          <Typography.Text type="secondary">{list.length}</Typography.Text>
        </div>
        <Row gutter={[12, 12]}>
          {list.map((system) => (
            <Col key={system.id} xs={24} sm={12} lg={8} xxl={6}>
              <SystemCard system={system} />
            </Col>
          ))}
        </Row>
      </section>
    ));
  }

  return (
    <div data-testid="systems-page">
      <Typography.Title level={3} className="cc-page-title">
        {t('sso.systems.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('sso.systems.intro')}</Typography.Paragraph>
      {systems.length > SEARCH_FROM ? (
        <Input.Search
          allowClear
          placeholder={t('sso.systems.search')}
          onChange={(event) => setQ(event.target.value.trim())}
          style={{ maxWidth: 320, marginBottom: 16 }}
          data-testid="systems-search"
        />
      ) : null}
      {data ? <StaleDataAlert error={error} /> : null}
      {body}
    </div>
  );
}

/**
 * One system: the whole card is a plain link, so the browser's own ⌘/Ctrl-click and middle
 * click open a new tab; 新窗口打开 does it for a touch screen.
 */
function SystemCard({ system }: { system: SsoSystem }) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      className="cc-sso-card"
      data-testid="system-card"
      data-id={system.id}
      data-name={system.name}
    >
      <a href={system.launchUrl} className="cc-sso-open" data-testid="system-open">
        <SystemLogo name={system.name} department={system.department} logoUrl={system.logoUrl} />
        <span style={{ minWidth: 0 }}>
          <span className="cc-sso-name">{system.name}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {system.department}
          </Typography.Text>
        </span>
      </a>
      <a
        href={system.launchUrl}
        target="_blank"
        rel="noopener noreferrer"
        className="cc-sso-new"
        data-testid="system-open-new"
      >
        <ExportOutlined /> {t('sso.systems.openNew')}
      </a>
    </Card>
  );
}
