import type { ProposalState, ProposalSummary } from '@cc/contracts';
import { PROPOSAL_STATES } from '@cc/contracts';
import { Button, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ListCard, ListPage } from '../../components/list-page';
import { describeError, useRequest } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { useMe } from '../../lib/session';
import { ProposalDrawer } from './proposal-drawer';
import { StateTag } from './proposal-format';
import { listProposals } from './proposals-api';
import { ThresholdSettings } from './threshold-settings';

type Tab = 'awaiting' | 'all' | 'settings';

/** Soonest deadline first; those without one after, newest first. */
function byDeadline(a: ProposalSummary, b: ProposalSummary): number {
  if (a.dueAt && b.dueAt) return a.dueAt.localeCompare(b.dueAt);
  if (a.dueAt) return -1;
  if (b.dueAt) return 1;
  return b.createdAt.localeCompare(a.createdAt);
}

/** The queue: awaiting an answer (by deadline) or every proposal (by the server's order). */
function Queue({ tab, onOpen }: { tab: 'awaiting' | 'all'; onOpen: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const [state, setState] = useState<ProposalState | undefined>();
  const query = tab === 'awaiting' ? { state: 'awaiting_answer' as const } : { state };
  const first = useRequest(
    (signal) => listProposals({ ...query, limit: 50 }, signal),
    [tab, state],
  );
  const [more, setMore] = useState<{
    key: string;
    items: ProposalSummary[];
    next: string | null;
  }>();
  const [moreError, setMoreError] = useState<string>();
  const key = `${tab}:${state ?? ''}`;
  const extra = more?.key === key ? more : undefined;
  const rows = [...(first.data?.items ?? []), ...(extra?.items ?? [])];
  if (tab === 'awaiting') rows.sort(byDeadline);
  const next = extra ? extra.next : (first.data?.nextCursor ?? null);
  const loadMore = () => {
    if (!next) return;
    listProposals({ ...query, limit: 50, cursor: next }).then(
      (page) =>
        setMore({ key, items: [...(extra?.items ?? []), ...page.items], next: page.nextCursor }),
      (e: unknown) => setMoreError(describeError(e, t)),
    );
  };
  return (
    <ListCard
      error={first.error}
      hasData={!!first.data}
      onRetry={first.reload}
      toolbar={
        tab === 'all' ? (
          <Select
            style={{ width: 180 }}
            allowClear
            placeholder={t('proposals.console.state')}
            value={state}
            onChange={setState}
            options={PROPOSAL_STATES.map((s) => ({ value: s, label: t(`proposals.state.${s}`) }))}
            data-testid="proposals-state-filter"
          />
        ) : undefined
      }
    >
      <Table<ProposalSummary>
        rowKey="id"
        size="middle"
        loading={first.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 820 }}
        onRow={(r) => ({
          onClick: () => onOpen(r.id),
          style: { cursor: 'pointer' },
          'data-testid': 'proposal-row',
          'data-id': r.id,
        })}
        columns={[
          {
            title: t('proposals.form.title'),
            render: (_, r) => (
              <Space direction="vertical" size={0}>
                <Typography.Text strong>{r.title}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t(`proposals.category.${r.category}`)}
                </Typography.Text>
              </Space>
            ),
          },
          { title: t('proposals.console.committee'), dataIndex: 'committeeName' },
          { title: t('proposals.console.author'), dataIndex: 'authorName' },
          {
            title: t('proposals.console.supports'),
            render: (_, r) => `${r.supportCount}/${r.threshold}`,
          },
          {
            title: t('proposals.console.dueAt'),
            render: (_, r) =>
              r.dueAt ? (
                <Space size={4} wrap>
                  {formatDateTime(r.dueAt, i18n.language)}
                  {r.isOverdue && <Tag color="red">{t('proposals.overdue')}</Tag>}
                  {r.isEscalated && <Tag color="volcano">{t('proposals.escalated')}</Tag>}
                </Space>
              ) : (
                '—'
              ),
          },
          {
            title: t('proposals.console.createdAt'),
            render: (_, r) => formatDateTime(r.createdAt, i18n.language),
          },
          { title: t('proposals.console.state'), render: (_, r) => <StateTag state={r.state} /> },
        ]}
      />
      {moreError && <Typography.Text type="danger">{moreError}</Typography.Text>}
      {next && (
        <Button block onClick={loadMore} style={{ marginTop: 8 }} data-testid="proposals-more">
          {t('proposals.console.more')}
        </Button>
      )}
    </ListCard>
  );
}

/** 议事厅: residents' proposals awaiting the committee's answer first, the answer, the thresholds. */
export function ProposalsConsolePage() {
  const { t } = useTranslation();
  const me = useMe();
  const [tab, setTab] = useState<Tab>('awaiting');
  const [openId, setOpenId] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const committees = me.roles
    .filter((b) => b.role === 'committee_staff')
    .map((b) => ({ code: b.areaCode, name: b.areaName }));
  const streets = me.roles.filter((b) => b.role === 'street_operator').map((b) => b.areaCode);
  const canSet = committees.length > 0 || streets.length > 0;
  return (
    <ListPage testId="proposals-console" title={t('proposals.console.title')}>
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as Tab)}
        items={[
          {
            key: 'awaiting',
            label: (
              <span data-testid="proposals-tab-awaiting">{t('proposals.console.awaiting')}</span>
            ),
          },
          {
            key: 'all',
            label: <span data-testid="proposals-tab-all">{t('proposals.console.all')}</span>,
          },
          ...(canSet
            ? [
                {
                  key: 'settings',
                  label: (
                    <span data-testid="proposals-tab-settings">
                      {t('proposals.console.settings')}
                    </span>
                  ),
                },
              ]
            : []),
        ]}
      />
      {tab === 'settings' ? (
        <ThresholdSettings committees={committees} streets={streets} />
      ) : (
        <Queue key={`${tab}-${generation}`} tab={tab} onOpen={setOpenId} />
      )}
      {openId && (
        <ProposalDrawer
          id={openId}
          onClose={() => setOpenId(null)}
          onChanged={() => setGeneration((g) => g + 1)}
        />
      )}
    </ListPage>
  );
}
