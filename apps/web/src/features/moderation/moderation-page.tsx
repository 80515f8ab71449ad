import {
  MODERATION_QUEUES,
  type ModerationItem,
  type ModerationList,
  type ModerationQueue,
} from '@cc/contracts';
import { Button, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DecisionButton } from '../../components/discussion';
import { ListCard, ListPage } from '../../components/list-page';
import { useRequest } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { listModerationItems } from './moderation-api';

const STATE_COLOURS: Record<ModerationItem['state'], string> = {
  reported: 'gold',
  hidden: 'orange',
  restored: 'green',
  removed: 'default',
};

/**
 * 内容审核 (/moderation): what residents reported in the staff member's area — hidden after
 * three reporters and awaiting a decision, reported less often, or decided — with restore and
 * remove (a reason each, audited on the server).
 */
export function ModerationPage() {
  const { t, i18n } = useTranslation();
  const [queue, setQueue] = useState<ModerationQueue>('hidden');
  const [pages, setPages] = useState<ModerationList[]>([]);
  const [version, setVersion] = useState(0);
  const first = useRequest(
    async (signal) => {
      const page = await listModerationItems(queue, null, signal);
      setPages([]);
      return page;
    },
    [queue, version],
  );
  const items = [...(first.data?.items ?? []), ...pages.flatMap((p) => p.items)];
  const nextCursor =
    pages.length > 0 ? pages[pages.length - 1]!.nextCursor : first.data?.nextCursor;
  const [loadingMore, setLoadingMore] = useState(false);

  const more = async () => {
    if (!nextCursor) return;
    setLoadingMore(true);
    try {
      const page = await listModerationItems(queue, nextCursor);
      setPages((old) => [...old, page]);
    } finally {
      setLoadingMore(false);
    }
  };
  const reload = () => setVersion((v) => v + 1);
  const when = (iso: string | null) => (iso ? formatDateTime(iso, i18n.language) : '—');

  return (
    <ListPage testId="moderation-page" title={t('discussion.moderation.title')}>
      <Typography.Paragraph type="secondary">
        {t('discussion.moderation.help')}
      </Typography.Paragraph>
      <ListCard
        error={first.error}
        hasData={!!first.data}
        onRetry={first.reload}
        toolbar={
          <Segmented<ModerationQueue>
            value={queue}
            onChange={(v) => setQueue(v)}
            options={MODERATION_QUEUES.map((q) => ({
              value: q,
              label: (
                <span data-testid={`moderation-queue-${q}`}>
                  {t(`discussion.moderation.queue.${q}`)}
                </span>
              ),
            }))}
          />
        }
      >
        <Table<ModerationItem>
          rowKey={(r) => `${r.targetType}:${r.targetId}`}
          size="middle"
          loading={first.isLoading}
          dataSource={items}
          pagination={false}
          scroll={{ x: 900 }}
          locale={{ emptyText: t('discussion.moderation.empty') }}
          onRow={(r) =>
            ({ 'data-testid': `moderation-row-${r.targetId}` }) as React.HTMLAttributes<HTMLElement>
          }
          columns={[
            {
              title: t('discussion.moderation.content'),
              key: 'excerpt',
              render: (_v, r) => (
                <Space direction="vertical" size={2}>
                  <Typography.Paragraph
                    style={{
                      whiteSpace: 'pre-wrap',
                      wordBreak: 'break-word',
                      margin: 0,
                      maxWidth: 420,
                    }}
                    ellipsis={{ rows: 3, expandable: true }}
                  >
                    {r.excerpt || '—'}
                  </Typography.Paragraph>
                  {r.link && <Link to={r.link}>{t('discussion.moderation.open')}</Link>}
                </Space>
              ),
            },
            {
              title: t('discussion.moderation.type'),
              key: 'type',
              width: 90,
              render: (_v, r) =>
                t(`discussion.moderation.types.${r.targetType}`, { defaultValue: r.targetType }),
            },
            {
              title: t('discussion.moderation.area'),
              key: 'area',
              width: 140,
              render: (_v, r) => r.areaName ?? r.committeeCode,
            },
            {
              title: t('discussion.moderation.reports'),
              key: 'reports',
              width: 160,
              render: (_v, r) => (
                <Space size={4} wrap>
                  <Typography.Text strong>{r.reportCount}</Typography.Text>
                  {Object.entries(r.reasons).map(([reason, n]) => (
                    <Tag key={reason}>
                      {t(`discussion.reasons.${reason}`, { defaultValue: reason })} {n}
                    </Tag>
                  ))}
                </Space>
              ),
            },
            {
              title: t('discussion.moderation.lastReportedAt'),
              key: 'at',
              width: 170,
              render: (_v, r) => when(r.lastReportedAt),
            },
            {
              title: t('discussion.moderation.decision'),
              key: 'state',
              width: 200,
              render: (_v, r) => (
                <Space direction="vertical" size={2}>
                  <Tag color={STATE_COLOURS[r.state]}>
                    {t(`discussion.moderation.state.${r.state}`)}
                  </Tag>
                  {r.decisionReason && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {r.decidedBy} · {when(r.decidedAt)} · {r.decisionReason}
                    </Typography.Text>
                  )}
                </Space>
              ),
            },
            {
              title: t('discussion.moderation.actions'),
              key: 'actions',
              width: 170,
              fixed: 'right',
              render: (_v, r) =>
                r.canDecide ? (
                  <Space>
                    {r.state !== 'restored' && (
                      <DecisionButton
                        targetType={r.targetType}
                        targetId={r.targetId}
                        action="restore"
                        onDone={reload}
                      />
                    )}
                    {r.state !== 'removed' && (
                      <DecisionButton
                        targetType={r.targetType}
                        targetId={r.targetId}
                        action="remove"
                        onDone={reload}
                      />
                    )}
                  </Space>
                ) : (
                  <Typography.Text type="secondary">
                    {t('discussion.moderation.noRight')}
                  </Typography.Text>
                ),
            },
          ]}
        />
        {nextCursor && (
          <Button
            block
            type="link"
            loading={loadingMore}
            onClick={() => void more()}
            data-testid="moderation-more"
          >
            {t('discussion.moderation.more')}
          </Button>
        )}
      </ListCard>
    </ListPage>
  );
}
