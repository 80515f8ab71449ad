import { EnvironmentOutlined, LeftOutlined } from '@ant-design/icons';
import { TERMINAL_STATUSES, type CaseSummary } from '@cc/contracts';
import { Button, Empty, Skeleton, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { LoadError } from '../../components/load-error';
import { api, useRequest } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { useTaxonomy } from '../../lib/taxonomy';
import './home.css';

const PAGE = 100;

/** 我的上报 on the residents' phone (/r/reports): what I reported, the ones in hand first. */
export function MyReportsPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const taxonomy = useTaxonomy();
  const { data, error, reload } = useRequest(
    (signal) =>
      api.get<{ items: CaseSummary[]; total: number }>(
        '/api/cases',
        { mine: true, pageSize: PAGE },
        signal,
      ),
    [],
  );
  if (error && !data) return <LoadError error={error} onRetry={reload} />;
  const items = [...(data?.items ?? [])].sort(
    (a, b) =>
      Number(TERMINAL_STATUSES.includes(a.status)) - Number(TERMINAL_STATUSES.includes(b.status)),
  );
  const scenarioName = (c: CaseSummary) => {
    const s = taxonomy.data?.scenarios.find((x) => x.code === c.scenarioCode);
    return s && i18n.language.startsWith('en') && s.nameEn ? s.nameEn : c.scenarioName;
  };
  return (
    <div style={{ padding: 12 }} data-testid="my-reports-page">
      <Button type="link" icon={<LeftOutlined />} onClick={() => void navigate('/r')}>
        {t('roleHome.myReports.back')}
      </Button>
      <Typography.Title level={4} style={{ margin: '4px 4px 12px' }}>
        {t('roleHome.myReports.title')}
      </Typography.Title>
      {!data ? (
        <Skeleton active paragraph={{ rows: 5 }} />
      ) : items.length === 0 ? (
        <Empty description={t('roleHome.myReports.empty')}>
          <Button type="primary" onClick={() => void navigate('/r/report')}>
            {t('roleHome.myReports.reportNow')}
          </Button>
        </Empty>
      ) : (
        <>
          {items.map((c) => (
            <Link
              key={c.id}
              to={`/cases/${encodeURIComponent(c.id)}`}
              className="cc-my-report"
              data-testid="my-report"
            >
              <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                <Typography.Text strong>{scenarioName(c)}</Typography.Text>
                <Tag color={TERMINAL_STATUSES.includes(c.status) ? 'default' : 'processing'}>
                  {t(`cases.status.${c.status}`)}
                </Tag>
              </div>
              <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: '6px 0' }}>
                {c.description}
              </Typography.Paragraph>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                <EnvironmentOutlined /> {c.address ?? c.areaName} ·{' '}
                {formatDateTime(c.createdAt, i18n.language)}
              </Typography.Text>
            </Link>
          ))}
          {data.total > data.items.length ? (
            <Typography.Paragraph type="secondary">
              {t('roleHome.myReports.more', { shown: data.items.length, total: data.total })}
            </Typography.Paragraph>
          ) : null}
        </>
      )}
    </div>
  );
}
