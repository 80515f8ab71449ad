import { PlusOutlined, ReloadOutlined, SafetyOutlined } from '@ant-design/icons';
import { ACCOUNT_MANAGER_ROLES, type Account, type RoleBinding } from '@cc/contracts';
import {
  App as AntApp,
  Grid,
  Button,
  Input,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AreaTreeSelect } from '../../components/area-tree-select';
import { ListCard, ListPage } from '../../components/list-page';
import { RoleTag } from '../../components/role-tag';
import { describeError, isSessionEnded, useRequest } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { hasAnyRole, scopeRoots, useMe } from '../../lib/session';
import { usePaging } from '../../lib/use-paging';
import { assignableRoles } from './account-rules';
import { listAccounts, removeRole, resetTotp } from './accounts-api';
import { AddRoleModal } from './add-role-modal';
import { CreateAccountDrawer } from './create-account-drawer';

const DEFAULT_PAGE_SIZE = 20;

export function AccountsPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { message, modal } = AntApp.useApp();
  const [q, setQ] = useState('');
  const [areaCode, setAreaCode] = useState<string | undefined>();
  const { page, pageSize, setPage, pagination } = usePaging(DEFAULT_PAGE_SIZE, {
    pageSizeOptions: null,
  });
  const [isCreating, setIsCreating] = useState(false);
  const [roleTarget, setRoleTarget] = useState<Account | undefined>();
  const screens = Grid.useBreakpoint();

  const scope = useMemo(() => scopeRoots(me, ACCOUNT_MANAGER_ROLES), [me]);
  // only an administrator resets a lost second factor (the server checks the area too)
  const canResetTotp = hasAnyRole(me, ['administrator']);
  const roles = useMemo(() => assignableRoles(me), [me]);
  const { data, error, isLoading, reload } = useRequest(
    (signal) => listAccounts({ q: q || undefined, areaCode, page, pageSize }, signal),
    [q, areaCode, page, pageSize],
  );

  function confirmRemove(account: Account, binding: RoleBinding) {
    modal.confirm({
      title: t('accounts.removeRoleTitle'),
      content: t('accounts.removeRoleConfirm', {
        name: account.displayName,
        role: t(`role.${binding.role}`),
        area: binding.areaName,
      }),
      okText: t('accounts.removeRole'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await removeRole(account.id, binding.id);
          void message.success(t('accounts.roleRemoved'));
          reload();
        } catch (cause) {
          if (!isSessionEnded(cause)) void message.error(describeError(cause, t));
        }
      },
    });
  }

  function confirmTotpReset(account: Account) {
    modal.confirm({
      title: t('secondFactor.accounts.resetTitle'),
      content: t('secondFactor.accounts.resetConfirm', { name: account.displayName }),
      okText: t('secondFactor.accounts.resetOk'),
      okButtonProps: { danger: true, ...{ 'data-testid': 'account-totp-reset-confirm' } },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await resetTotp(account.id);
          void message.success(t('secondFactor.accounts.resetDone', { name: account.displayName }));
          reload();
        } catch (cause) {
          if (!isSessionEnded(cause)) void message.error(describeError(cause, t));
        }
      },
    });
  }

  const columns: TableColumnsType<Account> = [
    {
      title: t('accounts.username'),
      dataIndex: 'username',
      fixed: 'left',
      width: 130,
      render: (username: string, account) => (
        <span data-testid={`account-row-${account.username}`}>
          <Typography.Text strong>{username}</Typography.Text>
          {/* On a phone the name column is hidden: show the name under the username. */}
          {screens.sm ? null : <div>{account.displayName}</div>}
          {account.disabled ? (
            <Tag color="default" style={{ marginLeft: 6 }}>
              {t('accounts.disabled')}
            </Tag>
          ) : null}
          {account.totpEnabled ? (
            <Tag
              color="success"
              icon={<SafetyOutlined />}
              style={{ marginLeft: 6 }}
              title={t('secondFactor.accounts.totpOn')}
              data-testid={`account-totp-on-${account.username}`}
            >
              {t('secondFactor.accounts.totp')}
            </Tag>
          ) : null}
        </span>
      ),
    },
    { title: t('accounts.displayName'), dataIndex: 'displayName', width: 120, responsive: ['sm'] },
    {
      title: t('accounts.phone'),
      dataIndex: 'phone',
      width: 130,
      responsive: ['md'],
      render: (phone: string | null) =>
        phone ?? <Typography.Text type="secondary">{t('common.none')}</Typography.Text>,
    },
    {
      title: t('accounts.roleBindings'),
      dataIndex: 'roles',
      render: (_, account) => (
        <div>
          {account.roles.map((binding) => (
            <RoleTag
              key={binding.id}
              role={binding.role}
              suffix={binding.areaName}
              isClosable
              testId={`role-tag-${binding.id}`}
              onClose={(event) => {
                event.preventDefault();
                confirmRemove(account, binding);
              }}
            />
          ))}
        </div>
      ),
    },
    {
      title: t('accounts.createdAt'),
      dataIndex: 'createdAt',
      width: 170,
      responsive: ['lg'],
      render: (value: string) => formatDateTime(value, i18n.language),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: canResetTotp ? 200 : 110,
      render: (_, account) => (
        <Space size={4} wrap>
          <Button
            size="small"
            onClick={() => setRoleTarget(account)}
            data-testid={`add-role-${account.username}`}
          >
            {t('accounts.addRole')}
          </Button>
          {canResetTotp && account.totpEnabled && account.id !== me.id ? (
            <Button
              size="small"
              danger
              onClick={() => confirmTotpReset(account)}
              data-testid="account-totp-reset"
              data-id={account.id}
            >
              {t('secondFactor.accounts.reset')}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <ListPage testId="accounts-page" title={t('nav.accounts')}>
      <ListCard
        error={error}
        hasData={!!data}
        onRetry={reload}
        toolbar={
          <Space wrap>
            <Input.Search
              allowClear
              placeholder={t('accounts.searchPlaceholder')}
              onSearch={(value) => {
                setQ(value.trim());
                setPage(1);
              }}
              style={{ width: 240 }}
              data-testid="accounts-search"
            />
            <div style={{ width: 240 }}>
              <AreaTreeSelect
                roots={scope}
                value={areaCode}
                onChange={(code) => {
                  setAreaCode(code);
                  setPage(1);
                }}
                placeholder={t('accounts.filterArea')}
                testId="accounts-area-filter"
              />
            </div>
            <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.refresh')} />
          </Space>
        }
        actions={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setIsCreating(true)}
            data-testid="new-account"
          >
            {t('accounts.newAccount')}
          </Button>
        }
      >
        <Table<Account>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={isLoading}
          scroll={{ x: screens.sm ? 860 : 480 }}
          data-testid="accounts-table"
          pagination={pagination(data?.total ?? 0)}
        />
      </ListCard>
      <CreateAccountDrawer
        isOpen={isCreating}
        onClose={() => setIsCreating(false)}
        onCreated={() => {
          setIsCreating(false);
          reload();
        }}
        roles={roles}
        scope={scope}
      />
      <AddRoleModal
        account={roleTarget}
        onClose={() => setRoleTarget(undefined)}
        onAdded={() => {
          setRoleTarget(undefined);
          reload();
        }}
        roles={roles}
        scope={scope}
      />
    </ListPage>
  );
}
