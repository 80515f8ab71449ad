import { EnvironmentOutlined, ReloadOutlined } from '@ant-design/icons';
import type { CaseSummary } from '@cc/contracts';
import { Button, Empty, Segmented, Skeleton, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LoadError } from '../../components/load-error';
import { StaleDataAlert } from '../../components/stale-data-alert';
import { useRequest } from '../../lib/api';
import { caseScenarioName, deadlineState, isTerminal } from './case-format';
import { DeadlineLabel } from './deadline-label';
import { listCases } from './cases-api';
import { StatusTag } from './status-tag';
import { useNow } from '../../lib/use-now';
import { useTaxonomy } from '../../lib/taxonomy';
import './cases.css';

type Tab = 'open' | 'done';

/** Open work first, the most urgent (late, then the nearest deadline) at the top. */
function byUrgency(now: number) {
  return (a: CaseSummary, b: CaseSummary): number => {
    const da = deadlineState(a, now);
    const db = deadlineState(b, now);
    const lateA = da?.isOver ?? a.overdue;
    const lateB = db?.isOver ?? b.overdue;
    if (lateA !== lateB) return lateA ? -1 : 1;
    if (da && db) return da.seconds - db.seconds;
    if (da || db) return da ? -1 : 1;
    return Date.parse(b.createdAt) - Date.parse(a.createdAt);
  };
}

export function TaskCard({ item, now }: { item: CaseSummary; now: number }) {
  const { i18n } = useTranslation();
  const taxonomy = useTaxonomy();
  const isLate = deadlineState(item, now)?.isOver ?? item.overdue;
  return (
    <Link
      to={`/cases/${encodeURIComponent(item.id)}`}
      className={isLate ? 'cc-task-card cc-task-card-overdue' : 'cc-task-card'}
      data-testid={`task-card-${item.number}`}
      data-overdue={isLate ? 'true' : undefined}
    >
      <div className="cc-task-card-title">
        <span>{caseScenarioName(item, taxonomy.data, i18n.language)}</span>
        <StatusTag status={item.status} />
      </div>
      <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: '6px 0' }}>
        {item.description}
      </Typography.Paragraph>
      <Space wrap size={[12, 4]} style={{ fontSize: 13, color: 'rgba(0,0,0,0.55)' }}>
        <span>{item.number}</span>
        <span>
          <EnvironmentOutlined /> {item.address ?? item.areaName}
        </span>
      </Space>
      <div className="cc-task-card-deadline" style={{ marginTop: 6 }}>
        <DeadlineLabel item={item} now={now} layout="line" withTag testId="task-deadline" />
      </div>
    </Link>
  );
}

/** 我的任务: the cases on my desk (and the ones I reported), big enough to tap on a phone. */
export function TasksPage() {
  const { t } = useTranslation();
  const now = useNow(30_000);
  const [tab, setTab] = useState<Tab>('open');
  const { data, error, isLoading, reload } = useRequest(
    (signal) => listCases({ mine: true, pageSize: 200 }, signal),
    [],
  );

  const lists = useMemo(() => {
    const items = data?.items ?? [];
    return {
      open: items.filter((c) => !isTerminal(c.status)).sort(byUrgency(now)),
      done: items.filter((c) => isTerminal(c.status)),
    };
  }, [data, now]);
  const shown = lists[tab];

  return (
    <div data-testid="tasks-page" style={{ maxWidth: 720 }}>
      <Space
        align="center"
        style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }}
        wrap
      >
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('cases.tasks.title')}
        </Typography.Title>
        <Button
          icon={<ReloadOutlined />}
          onClick={reload}
          loading={isLoading}
          aria-label={t('common.refresh')}
          data-testid="tasks-refresh"
        />
      </Space>
      <Segmented<Tab>
        block
        size="large"
        value={tab}
        onChange={setTab}
        style={{ marginBottom: 12 }}
        options={[
          { value: 'open', label: t('cases.tasks.open', { count: lists.open.length }) },
          { value: 'done', label: t('cases.tasks.done', { count: lists.done.length }) },
        ]}
        data-testid="tasks-tabs"
      />
      {error && !data ? (
        <LoadError error={error} onRetry={reload} />
      ) : !data ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : (
        <>
          <StaleDataAlert error={error} />
          {shown.length === 0 ? (
            <Empty
              description={tab === 'open' ? t('cases.tasks.emptyOpen') : t('cases.tasks.emptyDone')}
            />
          ) : (
            <div className="cc-task-list" data-testid="task-list">
              {shown.map((item) => (
                <TaskCard key={item.id} item={item} now={now} />
              ))}
            </div>
          )}
          {data.total > data.items.length ? (
            <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
              {t('cases.tasks.more', { shown: data.items.length, total: data.total })}
            </Typography.Paragraph>
          ) : null}
        </>
      )}
    </div>
  );
}
