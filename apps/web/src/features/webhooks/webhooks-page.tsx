import { PlusOutlined } from '@ant-design/icons';
import type { WebhookSecretAnswer, WebhookSubscriber } from '@cc/contracts';
import {
  App as AntApp,
  Button,
  Grid,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
  type ButtonProps,
  type TableColumnsType,
} from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { ListCard, ListPage } from '../../components/list-page';
import { RefreshButton } from '../../components/page-parts';
import { useRequest } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { useAction } from '../../lib/sending';
import { DeliveriesDrawer } from './deliveries-drawer';
import { RotateSecretModal, SecretModal } from './secret-modal';
import { SubscriberDrawer } from './subscriber-drawer';
import { disableSubscriber, enableSubscriber, listSubscribers, sendTest } from './webhooks-api';

/** The drawer: closed, adding a subscriber, or editing one. */
type Editing = { isOpen: false } | { isOpen: true; subscriber?: WebhookSubscriber };

/**
 * 外部订阅 (the city's administrators): the systems told of case events — their URL, events,
 * state and failures — with adding, editing, 发送测试, secret rotation, 停用/启用 and each one's
 * delivery log. A secret is shown once, right after an addition or a rotation.
 */
export function WebhooksPage() {
  const { t, i18n } = useTranslation();
  const { modal } = AntApp.useApp();
  const screens = Grid.useBreakpoint();
  const { data, error, isLoading, reload } = useRequest((signal) => listSubscribers(signal), []);
  const [editing, setEditing] = useState<Editing>({ isOpen: false });
  const [secret, setSecret] = useState<WebhookSecretAnswer | undefined>();
  const [rotating, setRotating] = useState<WebhookSubscriber | undefined>();
  const [logOf, setLogOf] = useState<WebhookSubscriber | undefined>();
  const { isBusy, run } = useAction();
  const at = (iso: string) => formatDateTime(iso, i18n.language);

  const toggle = (s: WebhookSubscriber) => {
    const isEnabling = !s.enabled;
    modal.confirm({
      title: t(isEnabling ? 'webhooks.enableTitle' : 'webhooks.disableTitle', { name: s.name }),
      content: t(isEnabling ? 'webhooks.enableConfirm' : 'webhooks.disableConfirm'),
      okText: t(isEnabling ? 'webhooks.enable' : 'webhooks.disable'),
      cancelText: t('common.cancel'),
      okButtonProps: {
        danger: !isEnabling,
        'data-testid': isEnabling ? 'webhook-enable-confirm' : 'webhook-disable-confirm',
      } as ButtonProps,
      onOk: async () => {
        const call = () => (isEnabling ? enableSubscriber(s.id) : disableSubscriber(s.id));
        const done = t(isEnabling ? 'webhooks.enabled' : 'webhooks.disabled', { name: s.name });
        if (await run(call, done)) reload();
      },
    });
  };

  const test = async (s: WebhookSubscriber) => {
    if (await run(() => sendTest(s.id), t('webhooks.testSent', { name: s.name }))) reload();
  };

  const columns: TableColumnsType<WebhookSubscriber> = [
    {
      title: t('webhooks.columns.name'),
      dataIndex: 'name',
      fixed: 'left',
      width: 180,
      render: (name: string, s) => (
        <span>
          <Typography.Text strong>{name}</Typography.Text>
          {/* on a phone the URL column is hidden: show it under the name */}
          {screens.md ? null : (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>
                {s.url}
              </Typography.Text>
            </div>
          )}
        </span>
      ),
    },
    {
      title: t('webhooks.columns.url'),
      dataIndex: 'url',
      width: 260,
      responsive: ['md'],
      render: (url: string) => (
        <Typography.Text
          style={{ fontSize: 12, maxWidth: 240 }}
          ellipsis={{ tooltip: url }}
          copyable={{ text: url }}
        >
          {url}
        </Typography.Text>
      ),
    },
    {
      title: t('webhooks.columns.events'),
      dataIndex: 'events',
      width: 220,
      render: (_, s) =>
        s.events.map((e) => (
          <Tooltip key={e} title={t(`webhooks.eventAbout.${e}`)}>
            <Tag>{t(`webhooks.events.${e}`)}</Tag>
          </Tooltip>
        )),
    },
    {
      title: t('webhooks.columns.state'),
      dataIndex: 'enabled',
      width: 150,
      render: (_, s) => (
        <div>
          <Tag color={s.enabled ? 'green' : 'default'} data-testid="webhook-state">
            {s.enabled ? t('webhooks.state.enabled') : t('webhooks.state.disabled')}
          </Tag>
          {!s.enabled && s.disabledReason ? (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t(`webhooks.disabledReason.${s.disabledReason}`)}
              </Typography.Text>
            </div>
          ) : null}
        </div>
      ),
    },
    {
      title: t('webhooks.columns.failures'),
      dataIndex: 'failureCount',
      width: 150,
      responsive: ['lg'],
      render: (_, s) => (
        <div>
          <Typography.Text type={s.failureCount > 0 ? 'danger' : undefined}>
            {s.failureCount}
          </Typography.Text>
          {s.failingSince ? (
            <div>
              <Typography.Text type="danger" style={{ fontSize: 12 }}>
                {t('webhooks.failingSince', { at: at(s.failingSince) })}
              </Typography.Text>
            </div>
          ) : s.lastSuccessAt ? (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('webhooks.lastSuccess', { at: at(s.lastSuccessAt) })}
              </Typography.Text>
            </div>
          ) : null}
        </div>
      ),
    },
    {
      title: t('webhooks.columns.pending'),
      dataIndex: 'pendingCount',
      width: 80,
      responsive: ['lg'],
    },
    {
      title: t('webhooks.columns.updatedAt'),
      dataIndex: 'updatedAt',
      width: 160,
      responsive: ['xl'],
      render: (iso: string) => at(iso),
    },
    {
      title: t('webhooks.columns.actions'),
      key: 'actions',
      width: 300,
      render: (_, s) => (
        <Space size={4} wrap>
          <Button
            size="small"
            onClick={() => setLogOf(s)}
            data-testid="webhook-deliveries"
            data-id={s.id}
          >
            {t('webhooks.deliveries')}
          </Button>
          <Button
            size="small"
            disabled={isBusy}
            onClick={() => void test(s)}
            data-testid="webhook-test"
            data-id={s.id}
          >
            {t('webhooks.test')}
          </Button>
          <Button
            size="small"
            onClick={() => setEditing({ isOpen: true, subscriber: s })}
            data-testid="webhook-edit"
            data-id={s.id}
          >
            {t('webhooks.edit')}
          </Button>
          <Button
            size="small"
            disabled={isBusy}
            onClick={() => setRotating(s)}
            data-testid="webhook-rotate"
            data-id={s.id}
          >
            {t('webhooks.rotate')}
          </Button>
          <Button
            size="small"
            danger={s.enabled}
            disabled={isBusy}
            onClick={() => toggle(s)}
            data-testid={s.enabled ? 'webhook-disable' : 'webhook-enable'}
            data-id={s.id}
          >
            {s.enabled ? t('webhooks.disable') : t('webhooks.enable')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <ListPage testId="webhooks-page" title={t('webhooks.title')}>
      <Typography.Paragraph type="secondary">{t('webhooks.intro')}</Typography.Paragraph>
      <ListCard
        error={error}
        hasData={!!data}
        onRetry={reload}
        toolbar={<RefreshButton onClick={reload} />}
        actions={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing({ isOpen: true })}
            data-testid="webhook-create"
          >
            {t('webhooks.create')}
          </Button>
        }
      >
        <Table<WebhookSubscriber>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={isLoading}
          pagination={false}
          scroll={{ x: screens.md ? 1400 : 640 }}
          locale={{ emptyText: t('webhooks.empty') }}
          data-testid="webhooks-table"
          onRow={(s) =>
            ({
              'data-testid': 'webhook-row',
              'data-id': s.id,
              'data-name': s.name,
              'data-enabled': String(s.enabled),
            }) as HTMLAttributes<HTMLElement>
          }
        />
      </ListCard>
      {editing.isOpen ? (
        <SubscriberDrawer
          subscriber={editing.subscriber}
          onClose={() => setEditing({ isOpen: false })}
          onCreated={(created) => {
            setEditing({ isOpen: false });
            setSecret(created);
            reload();
          }}
          onSaved={() => {
            setEditing({ isOpen: false });
            reload();
          }}
        />
      ) : null}
      {rotating ? (
        <RotateSecretModal
          subscriber={rotating}
          onClose={() => setRotating(undefined)}
          onRotated={(answer) => {
            setRotating(undefined);
            setSecret(answer);
            reload();
          }}
        />
      ) : null}
      <SecretModal answer={secret} onClose={() => setSecret(undefined)} />
      {logOf ? (
        <DeliveriesDrawer
          subscriber={logOf}
          onClose={() => {
            setLogOf(undefined);
            reload();
          }}
        />
      ) : null}
    </ListPage>
  );
}
