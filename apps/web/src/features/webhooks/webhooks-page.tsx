import type { WebhookSecretAnswer, WebhookSubscriber } from '@cc/contracts';
import { Grid, Space, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ListPage } from '../../components/list-page';
import {
  ManagedTable,
  RowButton,
  SwitchButton,
  useEditing,
  useRowSteps,
} from '../../components/managed-list';
import { rowData } from '../../components/page-parts';
import { useRequest } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { DeliveriesDrawer } from './deliveries-drawer';
import { RotateSecretModal, SecretModal } from './secret-modal';
import { SubscriberDrawer } from './subscriber-drawer';
import { disableSubscriber, enableSubscriber, listSubscribers, sendTest } from './webhooks-api';

/**
 * 外部订阅 (the city's administrators): the systems told of case events — their URL, events,
 * state and failures — with adding, editing, 发送测试, secret rotation, 停用/启用 and each one's
 * delivery log. A secret is shown once, right after an addition or a rotation.
 */
export function WebhooksPage() {
  const { t, i18n } = useTranslation();
  const screens = Grid.useBreakpoint();
  const subscribers = useRequest((signal) => listSubscribers(signal), []);
  const { reload } = subscribers;
  // the drawer adds a subscriber or edits one; an addition or a rotation makes a secret
  const { editing, open, drawer, secret, showSecret, hideSecret } = useEditing<
    WebhookSubscriber,
    WebhookSecretAnswer
  >(reload);
  const [rotating, setRotating] = useState<WebhookSubscriber | undefined>();
  const [logOf, setLogOf] = useState<WebhookSubscriber | undefined>();
  const steps = useRowSteps(reload);
  const at = (iso: string) => formatDateTime(iso, i18n.language);

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
          <RowButton id={s.id} testId="webhook-deliveries" onClick={() => setLogOf(s)}>
            {t('webhooks.deliveries')}
          </RowButton>
          <RowButton
            id={s.id}
            testId="webhook-test"
            isDisabled={steps.isBusy}
            onClick={() =>
              void steps.run(() => sendTest(s.id), t('webhooks.testSent', { name: s.name }))
            }
          >
            {t('webhooks.test')}
          </RowButton>
          <RowButton id={s.id} testId="webhook-edit" onClick={() => open(s)}>
            {t('webhooks.edit')}
          </RowButton>
          <RowButton
            id={s.id}
            testId="webhook-rotate"
            isDisabled={steps.isBusy}
            onClick={() => setRotating(s)}
          >
            {t('webhooks.rotate')}
          </RowButton>
          <SwitchButton
            record={s}
            isEnabled={s.enabled}
            keys="webhooks"
            testId="webhook"
            steps={steps}
            onEnable={() => enableSubscriber(s.id)}
            onDisable={() => disableSubscriber(s.id)}
          />
        </Space>
      ),
    },
  ];

  return (
    <ListPage testId="webhooks-page" title={t('webhooks.title')}>
      <Typography.Paragraph type="secondary">{t('webhooks.intro')}</Typography.Paragraph>
      <ManagedTable<WebhookSubscriber>
        request={subscribers}
        create={{
          text: t('webhooks.create'),
          testId: 'webhook-create',
          onClick: () => open(),
        }}
        columns={columns}
        scrollX={1400}
        emptyText={t('webhooks.empty')}
        testId="webhooks-table"
        onRow={(s) =>
          rowData('webhook-row', {
            'data-id': s.id,
            'data-name': s.name,
            'data-enabled': String(s.enabled),
          })
        }
      />
      {editing.isOpen ? <SubscriberDrawer subscriber={editing.record} {...drawer} /> : null}
      {rotating ? (
        <RotateSecretModal
          subscriber={rotating}
          onClose={() => setRotating(undefined)}
          onRotated={(answer) => {
            setRotating(undefined);
            showSecret(answer);
            reload();
          }}
        />
      ) : null}
      <SecretModal answer={secret} onClose={hideSecret} />
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
