import { ReloadOutlined, SyncOutlined } from '@ant-design/icons';
import type { SmsMessage } from '@cc/contracts';
import {
  Badge,
  Button,
  Grid,
  Space,
  Switch,
  Table,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ListCard, ListPage } from '../../components/list-page';
import { useRequest } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { useInterval } from '../../lib/use-interval';
import { usePaging } from '../../lib/use-paging';
import { listSmsOutbox } from './notifications-api';

/** A new dispatch's text shows up by itself within this long. */
const REFRESH_MS = 5000;
const DEFAULT_PAGE_SIZE = 20;
const STATUS_COLORS: Record<string, string> = {
  pending: 'processing',
  sent: 'success',
  failed: 'error',
};

/** A row's test id (antd types a row's props without data-* attributes). */
function rowTestId(testId: string): HTMLAttributes<HTMLElement> {
  return { 'data-testid': testId } as HTMLAttributes<HTMLElement>;
}

/** 短信发件箱: the texts sent about cases in the reader's scope, newest first, phones masked. */
export function SmsOutboxPage() {
  const { t, i18n } = useTranslation();
  const screens = Grid.useBreakpoint();
  const { page, pageSize, pagination } = usePaging(DEFAULT_PAGE_SIZE);
  const [isAuto, setIsAuto] = useState(true);
  // The answer carries its page: a refresh of the same page does not flash the table.
  const { data, error, isLoading, reload } = useRequest(
    async (signal) => ({
      page,
      pageSize,
      at: new Date().toISOString(),
      result: await listSmsOutbox(page, pageSize, signal),
    }),
    [page, pageSize],
  );
  const isCurrent = data?.page === page && data.pageSize === pageSize;
  useInterval(reload, REFRESH_MS, isAuto);

  const isPhone = !screens.md;
  const isWide = Boolean(screens.xxl);
  const none = <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  const secondary = (text: string) => (
    <div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {text}
      </Typography.Text>
    </div>
  );
  const statusTag = (status: string) => (
    <Tag color={STATUS_COLORS[status] ?? 'default'} data-status={status}>
      {t(`notifications.sms.statuses.${status}`, { defaultValue: status })}
    </Tag>
  );
  const caseLink = (caseId: string) => (
    <Link to={`/cases/${encodeURIComponent(caseId)}`} data-testid={`sms-case-${caseId}`}>
      {t('notifications.openCase')}
    </Link>
  );
  // the provider's name is a code (outbox, http): shown by its label
  const providerName = (provider: string | null) =>
    provider
      ? t(`notifications.sms.providers.${provider}`, {
          defaultValue: t('notifications.sms.providers.other'),
        })
      : t('common.none');
  const delivery = (sms: SmsMessage) =>
    t('notifications.sms.delivery', {
      provider: providerName(sms.provider),
      attempts: sms.attempts,
    });

  // Wide screens: one column per field. Narrower: provider and attempts under the status;
  // phones: time and phone under the name; status, error and the case under the text.
  const columns: TableColumnsType<SmsMessage> = [
    {
      title: t('notifications.sms.time'),
      dataIndex: 'createdAt',
      width: 170,
      responsive: ['md'],
      render: (value: string, sms) => (
        <span>
          {formatDateTime(value, i18n.language)}
          {sms.sentAt
            ? secondary(
                t('notifications.sms.sentAt', { time: formatDateTime(sms.sentAt, i18n.language) }),
              )
            : null}
        </span>
      ),
    },
    {
      title: t('notifications.sms.recipient'),
      dataIndex: 'recipientName',
      width: isPhone ? 112 : 150,
      render: (name: string | null, sms) => (
        <span>
          {name ?? none}
          {isPhone ? secondary(sms.to) : null}
          {isPhone ? secondary(formatDateTime(sms.createdAt, i18n.language)) : null}
        </span>
      ),
    },
    { title: t('notifications.sms.phone'), dataIndex: 'to', width: 120, responsive: ['md'] },
    {
      title: t('notifications.sms.body'),
      dataIndex: 'body',
      ellipsis: isPhone ? false : { showTitle: false },
      width: undefined,
      render: (body: string, sms) =>
        isPhone ? (
          <div>
            <div style={{ wordBreak: 'break-word' }}>{body}</div>
            <div style={{ marginTop: 4 }}>
              {statusTag(sms.status)}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {delivery(sms)}
              </Typography.Text>
            </div>
            {sms.lastError ? (
              <Typography.Text type="danger" style={{ fontSize: 12 }}>
                {sms.lastError}
              </Typography.Text>
            ) : null}
            {sms.caseId ? <div>{caseLink(sms.caseId)}</div> : null}
          </div>
        ) : (
          <Tooltip title={body} placement="topLeft">
            <span>{body}</span>
          </Tooltip>
        ),
    },
    {
      title: t('notifications.sms.status'),
      dataIndex: 'status',
      width: isWide ? 100 : 130,
      responsive: ['md'],
      render: (status: string, sms) => (
        <span>
          {statusTag(status)}
          {isWide ? null : secondary(delivery(sms))}
        </span>
      ),
    },
    {
      title: t('notifications.sms.provider'),
      dataIndex: 'provider',
      width: 100,
      responsive: ['xxl'],
      render: (provider: string | null) => (provider ? providerName(provider) : none),
    },
    {
      title: t('notifications.sms.attempts'),
      dataIndex: 'attempts',
      width: 90,
      align: 'right',
      responsive: ['xxl'],
    },
    {
      title: t('notifications.sms.lastError'),
      dataIndex: 'lastError',
      width: 180,
      responsive: ['md'],
      ellipsis: { showTitle: false },
      render: (lastError: string | null) =>
        lastError ? (
          <Tooltip title={lastError} placement="topLeft">
            <Typography.Text type="danger">{lastError}</Typography.Text>
          </Tooltip>
        ) : (
          none
        ),
    },
    {
      title: t('notifications.sms.case'),
      dataIndex: 'caseId',
      width: 100,
      responsive: ['md'],
      render: (caseId: string | null) => (caseId ? caseLink(caseId) : none),
    },
  ];

  return (
    <ListPage testId="sms-outbox-page" title={t('notifications.sms.title')}>
      <ListCard
        error={error}
        hasData={!!data}
        onRetry={reload}
        toolbar={<Typography.Text type="secondary">{t('notifications.sms.intro')}</Typography.Text>}
        actions={
          <Space wrap>
            <Space size={6}>
              <Switch
                size="small"
                checked={isAuto}
                onChange={setIsAuto}
                aria-label={t('notifications.sms.autoRefresh')}
                data-testid="sms-auto-refresh"
              />
              <span>{t('notifications.sms.autoRefresh')}</span>
              {isAuto ? <SyncOutlined spin={isLoading} style={{ color: '#1456f0' }} /> : null}
            </Space>
            {data ? (
              <Badge
                status={error ? 'warning' : 'success'}
                text={
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('notifications.sms.updatedAt', {
                      time: formatDateTime(data.at, i18n.language),
                    })}
                  </Typography.Text>
                }
              />
            ) : null}
            <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.refresh')} />
          </Space>
        }
      >
        <Table<SmsMessage>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={data?.result.items ?? []}
          loading={isLoading && !isCurrent}
          scroll={isPhone ? undefined : { x: isWide ? 1300 : 1040 }}
          locale={{ emptyText: t('notifications.sms.empty') }}
          onRow={(sms) => rowTestId(`sms-row-${sms.id}`)}
          data-testid="sms-outbox-table"
          pagination={pagination(data?.result.total ?? 0)}
        />
      </ListCard>
    </ListPage>
  );
}
