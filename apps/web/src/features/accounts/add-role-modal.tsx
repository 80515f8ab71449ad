import type { Account, Role, RoleBindingInput } from '@cc/contracts';
import { Alert, App as AntApp, Form, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AreaTreeSelect } from '../../components/area-tree-select';
import { describeError } from '../../lib/api';
import { showServerFieldError } from '../../lib/form-errors';
import type { ScopeRoot } from '../../lib/session';
import { accountFieldName, roleOptions } from './account-rules';
import { addRole } from './accounts-api';

interface Props {
  account: Account | undefined;
  onClose: () => void;
  onAdded: () => void;
  roles: readonly Role[];
  scope: readonly ScopeRoot[];
}

export function AddRoleModal({ account, onClose, onAdded, roles, scope }: Props) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Partial<RoleBindingInput>>();
  const [isSaving, setIsSaving] = useState(false);
  const [formError, setFormError] = useState<string | undefined>();

  // each account's dialog starts clean
  const [shownAccount, setShownAccount] = useState(account);
  if (account !== shownAccount) {
    setShownAccount(account);
    if (account) setFormError(undefined);
  }
  useEffect(() => {
    if (account) form.resetFields();
  }, [account, form]);

  async function submit(values: Partial<RoleBindingInput>) {
    if (!account || !values.role || !values.areaCode) return;
    setIsSaving(true);
    setFormError(undefined);
    try {
      await addRole(account.id, { role: values.role, areaCode: values.areaCode });
      void message.success(t('accounts.roleAdded'));
      onAdded();
    } catch (error) {
      if (!showServerFieldError(form, error, ['role', 'areaCode'], { toName: accountFieldName }))
        setFormError(describeError(error, t));
    } finally {
      setIsSaving(false);
    }
  }

  return (
    <Modal
      title={t('accounts.addRoleTitle', { name: account?.displayName ?? '' })}
      open={account !== undefined}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('accounts.addRole')}
      cancelText={t('common.cancel')}
      confirmLoading={isSaving}
      okButtonProps={{ 'data-testid': 'add-role-submit' }}
      forceRender
    >
      {formError ? (
        <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />
      ) : null}
      <Form form={form} layout="vertical" onFinish={(values) => void submit(values)}>
        <Form.Item
          name="role"
          label={t('accounts.role')}
          rules={[{ required: true, message: t('accounts.roleRequired') }]}
        >
          <Select options={roleOptions(roles, t)} data-testid="add-role-role" />
        </Form.Item>
        <Form.Item
          name="areaCode"
          label={t('accounts.area')}
          rules={[{ required: true, message: t('accounts.areaRequired') }]}
        >
          <AreaTreeSelect roots={scope} testId="add-role-area" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
