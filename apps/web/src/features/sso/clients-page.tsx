import { PlusOutlined } from '@ant-design/icons';
import type { SsoClient, SsoClientWithSecret } from '@cc/contracts';
import {
  App as AntApp,
  Button,
  Grid,
  Space,
  Table,
  Tag,
  Typography,
  type ButtonProps,
  type TableColumnsType,
} from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { ListCard, ListPage } from '../../components/list-page';
import { RefreshButton } from '../../components/page-parts';
import { RoleTag } from '../../components/role-tag';
import { useRequest } from '../../lib/api';
import { useAction } from '../../lib/sending';
import { ClientDrawer } from './client-drawer';
import { ClientSecretModal } from './client-secret-modal';
import { disableClient, enableClient, listClients, rotateClientSecret } from './sso-api';
import { SystemLogo } from './sso-format';
import { sortClaims } from './sso-rules';
import './sso.css';

/** The drawer: closed, registering a new system, or editing one. */
type Editing = { isOpen: false } | { isOpen: true; client?: SsoClient };

/**
 * 接入系统 (administrators): the department systems registered for the one sign-on — who may
 * use each, what it is told, where its codes may go — with registration, editing, secret
 * rotation and 停用/启用. The secret is shown once, right after a registration or a rotation.
 */
export function ClientsPage() {
  const { t } = useTranslation();
  const { modal } = AntApp.useApp();
  const screens = Grid.useBreakpoint();
  const { data, error, isLoading, reload } = useRequest((signal) => listClients(signal), []);
  const [editing, setEditing] = useState<Editing>({ isOpen: false });
  const [secret, setSecret] = useState<SsoClientWithSecret | undefined>();
  const { isBusy, run } = useAction();

  function confirmStep({
    title,
    content,
    okText,
    okTestId,
    isDanger,
    call,
    done,
  }: {
    title: string;
    content: string;
    okText: string;
    okTestId: string;
    isDanger: boolean;
    call: () => Promise<unknown>;
    done?: string;
  }) {
    modal.confirm({
      title,
      content,
      okText,
      cancelText: t('common.cancel'),
      okButtonProps: { danger: isDanger, 'data-testid': okTestId } as ButtonProps,
      onOk: async () => {
        if (await run(call, done)) reload();
      },
    });
  }

  const rotate = (client: SsoClient) =>
    confirmStep({
      title: t('sso.clients.rotateTitle', { name: client.name }),
      content: t('sso.clients.rotateConfirm'),
      okText: t('sso.clients.rotate'),
      okTestId: 'sso-client-rotate-confirm',
      isDanger: true,
      call: async () => setSecret(await rotateClientSecret(client.id)),
    });

  const toggle = (client: SsoClient) =>
    client.disabled
      ? confirmStep({
          title: t('sso.clients.enableTitle', { name: client.name }),
          content: t('sso.clients.enableConfirm'),
          okText: t('sso.clients.enable'),
          okTestId: 'sso-client-enable-confirm',
          isDanger: false,
          call: () => enableClient(client.id),
          done: t('sso.clients.enabled', { name: client.name }),
        })
      : confirmStep({
          title: t('sso.clients.disableTitle', { name: client.name }),
          content: t('sso.clients.disableConfirm'),
          okText: t('sso.clients.disable'),
          okTestId: 'sso-client-disable-confirm',
          isDanger: true,
          call: () => disableClient(client.id),
          done: t('sso.clients.disabled', { name: client.name }),
        });

  const columns: TableColumnsType<SsoClient> = [
    {
      title: t('sso.clients.columns.name'),
      dataIndex: 'name',
      fixed: 'left',
      width: 200,
      render: (name: string, client) => (
        <Space align="start">
          <SystemLogo
            name={name}
            department={client.department}
            logoUrl={client.logoUrl}
            size={32}
          />
          <span>
            <Typography.Text strong>{name}</Typography.Text>
            {/* on a phone the department column is hidden: show it under the name */}
            {screens.md ? null : (
              <div>
                <Typography.Text type="secondary">{client.department}</Typography.Text>
              </div>
            )}
          </span>
        </Space>
      ),
    },
    {
      title: t('sso.clients.columns.department'),
      dataIndex: 'department',
      width: 120,
      responsive: ['md'],
    },
    {
      title: t('sso.clients.columns.clientId'),
      dataIndex: 'clientId',
      width: 190,
      render: (clientId: string) => (
        <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
          {clientId}
        </Typography.Text>
      ),
    },
    {
      title: t('sso.clients.columns.roles'),
      dataIndex: 'allowedRoles',
      width: 220,
      render: (_, client) => (
        <div>
          {client.allowedRoles.map((role) => (
            <RoleTag key={role} role={role} />
          ))}
        </div>
      ),
    },
    {
      title: t('sso.clients.columns.claims'),
      dataIndex: 'allowedClaims',
      width: 150,
      responsive: ['lg'],
      render: (_, client) =>
        client.allowedClaims.length === 0 ? (
          <Typography.Text type="secondary">{t('sso.clients.subjectOnly')}</Typography.Text>
        ) : (
          sortClaims(client.allowedClaims).map((claim) => (
            <Tag key={claim} color={claim === 'phone_number' ? 'orange' : undefined}>
              {t(`sso.claims.${claim}`)}
            </Tag>
          ))
        ),
    },
    {
      title: t('sso.clients.columns.redirectUris'),
      dataIndex: 'redirectUris',
      width: 260,
      responsive: ['xl'],
      render: (_, client) =>
        client.redirectUris.map((uri) => (
          <div key={uri}>
            <Typography.Text
              style={{ fontSize: 12, maxWidth: 240 }}
              ellipsis={{ tooltip: uri }}
              copyable={{ text: uri }}
            >
              {uri}
            </Typography.Text>
          </div>
        )),
    },
    {
      title: t('sso.clients.columns.state'),
      dataIndex: 'disabled',
      width: 80,
      render: (disabled: boolean) => (
        <Tag color={disabled ? 'default' : 'green'} data-testid="sso-client-state">
          {disabled ? t('sso.clients.state.disabled') : t('sso.clients.state.enabled')}
        </Tag>
      ),
    },
    {
      title: t('sso.clients.columns.actions'),
      key: 'actions',
      width: 220,
      render: (_, client) => (
        <Space size={4} wrap>
          <Button
            size="small"
            onClick={() => setEditing({ isOpen: true, client })}
            data-testid="sso-client-edit"
            data-id={client.id}
          >
            {t('sso.clients.edit')}
          </Button>
          <Button
            size="small"
            disabled={isBusy}
            onClick={() => rotate(client)}
            data-testid="sso-client-rotate"
            data-id={client.id}
          >
            {t('sso.clients.rotate')}
          </Button>
          <Button
            size="small"
            danger={!client.disabled}
            disabled={isBusy}
            onClick={() => toggle(client)}
            data-testid={client.disabled ? 'sso-client-enable' : 'sso-client-disable'}
            data-id={client.id}
          >
            {client.disabled ? t('sso.clients.enable') : t('sso.clients.disable')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <ListPage testId="sso-clients-page" title={t('sso.clients.title')}>
      <Typography.Paragraph type="secondary">{t('sso.clients.intro')}</Typography.Paragraph>
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
            data-testid="sso-client-create"
          >
            {t('sso.clients.create')}
          </Button>
        }
      >
        <Table<SsoClient>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={isLoading}
          pagination={false}
          scroll={{ x: screens.md ? 1300 : 640 }}
          locale={{ emptyText: t('sso.clients.empty') }}
          data-testid="sso-clients-table"
          onRow={(client) =>
            ({
              'data-testid': 'sso-client-row',
              'data-id': client.id,
              'data-client-id': client.clientId,
              'data-name': client.name,
              'data-disabled': String(client.disabled),
            }) as HTMLAttributes<HTMLElement>
          }
        />
      </ListCard>
      {editing.isOpen ? (
        <ClientDrawer
          client={editing.client}
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
      <ClientSecretModal client={secret} onClose={() => setSecret(undefined)} />
    </ListPage>
  );
}
