import type { WebhookDelivery, WebhookDeliveryStatus, WebhookSubscriber } from '@cc/contracts';
import { Alert, Button, Drawer, Grid, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../../components/load-error';
import { MoreButton, RefreshButton, rowData } from '../../components/page-parts';
import { formatDateTime } from '../../lib/format';
import { useAction } from '../../lib/sending';
import { useCursorList } from '../../lib/use-cursor-list';
import { useInterval } from '../../lib/use-interval';
import { listDeliveries, redeliver } from './webhooks-api';

const STATUS_COLOURS: Record<WebhookDeliveryStatus, string> = {
  pending: 'processing',
  delivered: 'success',
  failed: 'error',
};

/**
 * 投递记录: one subscriber's deliveries, newest first, 加载更多 for older ones — status,
 * attempts, the receiver's last answer or error, the times — each with 重新投递 (the same
 * webhook-id, fresh retries) and the body it was sent, as signed.
 */
export function DeliveriesDrawer({
  subscriber,
  onClose,
}: {
  subscriber: WebhookSubscriber;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const screens = Grid.useBreakpoint();
  const list = useCursorList(
    (cursor, signal) => listDeliveries(subscriber.id, cursor, signal),
    [subscriber.id],
    (d) => d.id,
  );
  const { isBusy, run } = useAction();
  // while the first page shows deliveries still to go, it follows them (a retry, a test)
  const isFollowing =
    !list.isLoading && !list.data?.nextCursor && list.items.some((d) => d.status === 'pending');
  useInterval(list.reload, 3000, isFollowing);
  const at = (iso: string | null) => (iso ? formatDateTime(iso, i18n.language) : '—');

  const again = async (d: WebhookDelivery) => {
    if (await run(() => redeliver(subscriber.id, d.id), t('webhooks.log.redelivered'))) {
      list.restart();
    }
  };

  const columns: TableColumnsType<WebhookDelivery> = [
    {
      title: t('webhooks.log.columns.createdAt'),
      dataIndex: 'createdAt',
      width: 160,
      render: (iso: string) => at(iso),
    },
    {
      title: t('webhooks.log.columns.event'),
      dataIndex: 'eventType',
      width: 120,
      render: (type: WebhookDelivery['eventType']) => t(`webhooks.events.${type}`),
    },
    {
      title: t('webhooks.log.columns.case'),
      dataIndex: 'caseNumber',
      width: 150,
      render: (n: string | null) => n ?? '—',
    },
    {
      title: t('webhooks.log.columns.status'),
      dataIndex: 'status',
      width: 100,
      render: (status: WebhookDeliveryStatus) => (
        <Tag color={STATUS_COLOURS[status]} data-testid="delivery-status">
          {t(`webhooks.deliveryStatus.${status}`)}
        </Tag>
      ),
    },
    {
      title: t('webhooks.log.columns.attempts'),
      dataIndex: 'attempts',
      width: 80,
    },
    {
      title: t('webhooks.log.columns.lastCode'),
      dataIndex: 'lastStatusCode',
      width: 90,
      render: (code: number | null) => code ?? '—',
    },
    {
      title: t('webhooks.log.columns.lastError'),
      dataIndex: 'lastError',
      width: 200,
      responsive: ['md'],
      render: (error: string | null) =>
        error ? (
          <Typography.Text type="danger" style={{ fontSize: 12 }} ellipsis={{ tooltip: error }}>
            {error}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
    {
      title: t('webhooks.log.columns.lastAttemptAt'),
      dataIndex: 'lastAttemptAt',
      width: 160,
      responsive: ['lg'],
      render: (iso: string | null) => at(iso),
    },
    {
      title: t('webhooks.log.columns.nextAttemptAt'),
      dataIndex: 'nextAttemptAt',
      width: 160,
      responsive: ['lg'],
      render: (iso: string | null) => at(iso),
    },
    {
      title: t('webhooks.log.columns.actions'),
      key: 'actions',
      width: 110,
      render: (_, d) => (
        <Button
          size="small"
          disabled={isBusy || !subscriber.enabled}
          onClick={() => void again(d)}
          data-testid="delivery-redeliver"
          data-id={d.id}
        >
          {t('webhooks.log.redeliver')}
        </Button>
      ),
    },
  ];

  return (
    <Drawer
      open
      title={t('webhooks.log.title', { name: subscriber.name })}
      size={screens.lg ? 1100 : screens.sm ? 640 : 360}
      onClose={onClose}
      destroyOnHidden
      extra={<RefreshButton onClick={list.restart} />}
      data-testid="webhook-deliveries-drawer"
    >
      <div data-testid="webhook-deliveries-log" data-id={subscriber.id}>
        <Typography.Paragraph type="secondary">{t('webhooks.log.intro')}</Typography.Paragraph>
        {subscriber.enabled ? null : (
          <Alert
            type="warning"
            showIcon
            title={t('webhooks.log.disabledHint')}
            style={{ marginBottom: 12 }}
          />
        )}
        {list.error && list.items.length === 0 ? (
          <LoadError error={list.error} onRetry={list.reload} />
        ) : (
          <>
            <Table<WebhookDelivery>
              rowKey="id"
              size="small"
              columns={columns}
              dataSource={list.items}
              loading={list.isLoading}
              pagination={false}
              scroll={{ x: 1300 }}
              locale={{ emptyText: t('webhooks.log.empty') }}
              expandable={{
                expandedRowRender: (d) => (
                  <div>
                    <Typography.Text type="secondary">
                      webhook-id{' '}
                      <Typography.Text code copyable>
                        {d.id}
                      </Typography.Text>
                    </Typography.Text>
                    <div style={{ marginTop: 8 }}>
                      <Typography.Text type="secondary">{t('webhooks.log.body')}</Typography.Text>
                    </div>
                    <pre style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 12 }}>
                      {d.body}
                    </pre>
                  </div>
                ),
              }}
              onRow={(d) => rowData('delivery-row', { 'data-id': d.id, 'data-status': d.status })}
            />
            <MoreButton
              list={list}
              text={t('webhooks.log.more')}
              isLoadingShown
              testId="deliveries-more"
            />
          </>
        )}
      </div>
    </Drawer>
  );
}
