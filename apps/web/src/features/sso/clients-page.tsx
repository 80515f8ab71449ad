import type { SsoClient, SsoClientWithSecret } from '@cc/contracts';
import { Grid, Space, Tag, Typography, type TableColumnsType } from 'antd';
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
import { RoleTag } from '../../components/role-tag';
import { useRequest } from '../../lib/api';
import { ClientDrawer } from './client-drawer';
import { ClientSecretModal } from './client-secret-modal';
import { disableClient, enableClient, listClients, rotateClientSecret } from './sso-api';
import { SystemLogo } from './sso-format';
import { sortClaims } from './sso-rules';
import './sso.css';

/**
 * 接入系统 (administrators): the department systems registered for the one sign-on — who may
 * use each, what it is told, where its codes may go — with registration, editing, secret
 * rotation and 停用/启用. The secret is shown once, right after a registration or a rotation.
 */
export function ClientsPage() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const clients = useRequest((signal) => listClients(signal), []);
  const { reload } = clients;
  // the drawer registers a system or edits one; a registration or a rotation makes a secret
  const { editing, open, drawer, secret, showSecret, hideSecret } = useEditing<
    SsoClient,
    SsoClientWithSecret
  >(reload);
  const steps = useRowSteps(reload);

  const rotate = (client: SsoClient) =>
    steps.confirm({
      title: t('sso.clients.rotateTitle', { name: client.name }),
      content: t('sso.clients.rotateConfirm'),
      okText: t('sso.clients.rotate'),
      okTestId: 'sso-client-rotate-confirm',
      isDanger: true,
      call: async () => showSecret(await rotateClientSecret(client.id)),
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
          <RowButton id={client.id} testId="sso-client-edit" onClick={() => open(client)}>
            {t('sso.clients.edit')}
          </RowButton>
          <RowButton
            id={client.id}
            testId="sso-client-rotate"
            isDisabled={steps.isBusy}
            onClick={() => rotate(client)}
          >
            {t('sso.clients.rotate')}
          </RowButton>
          <SwitchButton
            record={client}
            isEnabled={!client.disabled}
            keys="sso.clients"
            testId="sso-client"
            steps={steps}
            onEnable={() => enableClient(client.id)}
            onDisable={() => disableClient(client.id)}
          />
        </Space>
      ),
    },
  ];

  return (
    <ListPage testId="sso-clients-page" title={t('sso.clients.title')}>
      <Typography.Paragraph type="secondary">{t('sso.clients.intro')}</Typography.Paragraph>
      <ManagedTable<SsoClient>
        request={clients}
        create={{
          text: t('sso.clients.create'),
          testId: 'sso-client-create',
          onClick: () => open(),
        }}
        columns={columns}
        scrollX={1300}
        emptyText={t('sso.clients.empty')}
        testId="sso-clients-table"
        onRow={(client) =>
          rowData('sso-client-row', {
            'data-id': client.id,
            'data-client-id': client.clientId,
            'data-name': client.name,
            'data-disabled': String(client.disabled),
          })
        }
      />
      {editing.isOpen ? <ClientDrawer client={editing.record} {...drawer} /> : null}
      <ClientSecretModal client={secret} onClose={hideSecret} />
    </ListPage>
  );
}
