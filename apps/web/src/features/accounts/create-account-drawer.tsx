import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { CreateAccountBody, Role } from '@cc/contracts';
import { Alert, App as AntApp, Button, Drawer, Form, Grid, Input, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AreaTreeSelect } from '../../components/area-tree-select';
import { describeError } from '../../lib/api';
import { showServerFieldError } from '../../lib/form-errors';
import type { ScopeRoot } from '../../lib/session';
import { accountFieldName, accountLimits, roleOptions } from './account-rules';
import { createAccount } from './accounts-api';

interface FormValues {
  username: string;
  displayName: string;
  password: string;
  phone?: string;
  roles: { role?: Role; areaCode?: string }[];
}

const FIELDS = ['username', 'displayName', 'password', 'phone', 'roles'] as const;

interface Props {
  isOpen: boolean;
  onClose: () => void;
  onCreated: () => void;
  roles: readonly Role[];
  scope: readonly ScopeRoot[];
}

export function CreateAccountDrawer({ isOpen, onClose, onCreated, roles, scope }: Props) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<FormValues>();
  const [isSaving, setIsSaving] = useState(false);
  const [formError, setFormError] = useState<string | undefined>();
  const screens = Grid.useBreakpoint();

  async function submit(values: FormValues) {
    setIsSaving(true);
    setFormError(undefined);
    const body: CreateAccountBody = {
      username: values.username.trim(),
      displayName: values.displayName.trim(),
      password: values.password,
      roles: values.roles.map((binding) => ({
        role: binding.role as Role,
        areaCode: binding.areaCode ?? '',
      })),
      ...(values.phone?.trim() ? { phone: values.phone.trim() } : {}),
    };
    try {
      await createAccount(body);
      void message.success(t('accounts.created', { username: body.username }));
      form.resetFields();
      onCreated();
    } catch (error) {
      if (!showServerFieldError(form, error, FIELDS, { toName: accountFieldName }))
        setFormError(describeError(error, t));
    } finally {
      setIsSaving(false);
    }
  }

  return (
    <Drawer
      title={t('accounts.newAccount')}
      open={isOpen}
      onClose={onClose}
      size={screens.sm ? 520 : '100%'}
      destroyOnHidden={false}
      data-testid="create-account-drawer"
      footer={
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={isSaving}
            onClick={() => form.submit()}
            data-testid="create-account-submit"
          >
            {t('accounts.create')}
          </Button>
        </Space>
      }
    >
      {formError ? (
        <Alert
          type="error"
          showIcon
          title={formError}
          style={{ marginBottom: 16 }}
          data-testid="create-account-error"
        />
      ) : null}
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{ roles: [{}] }}
        onFinish={(values) => void submit(values)}
        onValuesChange={() => setFormError(undefined)}
      >
        <Form.Item
          name="username"
          label={t('accounts.username')}
          extra={t('accounts.usernameHelp')}
          rules={[
            { required: true, message: t('accounts.usernameRequired') },
            { pattern: accountLimits.usernamePattern, message: t('accounts.usernameHelp') },
          ]}
        >
          <Input autoComplete="off" data-testid="account-username" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('accounts.displayName')}
          rules={[
            { required: true, whitespace: true, message: t('accounts.displayNameRequired') },
            { max: accountLimits.displayNameMax },
          ]}
        >
          <Input data-testid="account-display-name" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('accounts.password')}
          extra={t('accounts.passwordHelp', { min: accountLimits.passwordMin })}
          rules={[
            { required: true, message: t('accounts.passwordRequired') },
            {
              min: accountLimits.passwordMin,
              message: t('accounts.passwordHelp', { min: accountLimits.passwordMin }),
            },
            { max: accountLimits.passwordMax },
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="account-password" />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('accounts.phone')}
          rules={[{ pattern: accountLimits.phonePattern, message: t('accounts.phoneHelp') }]}
        >
          <Input
            inputMode="numeric"
            maxLength={11}
            placeholder={t('accounts.optional')}
            data-testid="account-phone"
          />
        </Form.Item>
        <Form.List
          name="roles"
          rules={[
            {
              validator: (_, value: unknown[] | undefined) =>
                value && value.length > 0
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('accounts.rolesRequired'))),
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <Form.Item label={t('accounts.roleBindings')} required>
              {fields.map((field, index) => (
                <div
                  key={field.key}
                  style={{
                    display: 'flex',
                    gap: 8,
                    alignItems: 'flex-start',
                    flexWrap: screens.sm ? 'nowrap' : 'wrap',
                  }}
                >
                  <Form.Item
                    name={[field.name, 'role']}
                    rules={[{ required: true, message: t('accounts.roleRequired') }]}
                    style={{ width: 170, flex: 'none', marginBottom: 8 }}
                  >
                    <Select
                      placeholder={t('accounts.role')}
                      options={roleOptions(roles, t)}
                      data-testid={`binding-role-${index}`}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'areaCode']}
                    rules={[{ required: true, message: t('accounts.areaRequired') }]}
                    style={{ flex: 1, minWidth: 200, marginBottom: 8 }}
                  >
                    <AreaTreeSelect roots={scope} testId={`binding-area-${index}`} />
                  </Form.Item>
                  {fields.length > 1 ? (
                    <Button
                      type="text"
                      aria-label={t('accounts.removeBinding')}
                      icon={<MinusCircleOutlined />}
                      onClick={() => remove(field.name)}
                    />
                  ) : null}
                </div>
              ))}
              <Button
                type="dashed"
                block
                icon={<PlusOutlined />}
                onClick={() => add({})}
                disabled={fields.length >= accountLimits.rolesMax}
                data-testid="add-binding"
              >
                {t('accounts.addBinding')}
              </Button>
              <Form.ErrorList errors={errors} />
            </Form.Item>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
