import { App as AntApp, Button, Card, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { useRequest } from '../../lib/api';
import { ConfirmPasswordField, NewPasswordField } from './password-fields';
import { CodeField } from './phone-code-fields';
import { PhoneForm } from './phone-form';
import { changePassword, getMyProfile, sendPasswordSetCode, setMyPassword } from './resident-api';

interface ChangeValues {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

interface SetValues {
  code: string;
  newPassword: string;
  confirm: string;
}

/** With the current password (POST /api/auth/password): the other sessions end. */
function ChangeForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ChangeValues>();
  return (
    <PhoneForm<ChangeValues>
      form={form}
      fields={['currentPassword', 'newPassword']}
      onSubmit={async (values) => {
        await changePassword({
          currentPassword: values.currentPassword,
          newPassword: values.newPassword,
        });
        onDone();
      }}
      submitLabel={t('residentApp.changePassword.submit')}
      submitTestId="change-password-submit"
    >
      <Form.Item
        name="currentPassword"
        label={t('residentApp.changePassword.current')}
        extra={<Link to="/forgot">{t('residentApp.changePassword.currentHelp')}</Link>}
        rules={[{ required: true, message: t('residentApp.changePassword.currentRequired') }]}
      >
        <Input.Password autoComplete="current-password" maxLength={256} size="large" />
      </Form.Item>
      <NewPasswordField label={t('residentApp.changePassword.next')} />
      <ConfirmPasswordField />
    </PhoneForm>
  );
}

/**
 * No password yet (signed up by code): a first one, proved by a code sent to the account's own
 * phone (POST /api/me/password/code, then /api/me/password); this session continues.
 */
function SetForm({ phone, onDone }: { phone: string | null; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<SetValues>();
  return (
    <PhoneForm<SetValues>
      form={form}
      fields={['code', 'newPassword']}
      onSubmit={async (values) => {
        await setMyPassword({ code: values.code.trim(), newPassword: values.newPassword });
        onDone();
      }}
      submitLabel={t('residentApp.setPassword.submit')}
      submitTestId="set-password-submit"
    >
      <Typography.Paragraph type="secondary">
        {t('residentApp.setPassword.intro', { phone: phone ?? '' })}
      </Typography.Paragraph>
      <CodeField
        send={async () => {
          await sendPasswordSetCode();
          return true;
        }}
      />
      <NewPasswordField label={t('residentApp.changePassword.next')} />
      <ConfirmPasswordField />
    </PhoneForm>
  );
}

/** 修改密码, or 设置密码 for an account that signed up without one. */
export function ChangePasswordPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const profile = useRequest((signal) => getMyProfile(signal), []);
  if (profile.error) return <LoadError error={profile.error} onRetry={profile.reload} />;
  if (!profile.data) return <PageSpin />;
  const hasPassword = profile.data.hasPassword;
  const done = () => {
    void message.success(
      t(hasPassword ? 'residentApp.changePassword.done' : 'residentApp.setPassword.done'),
    );
    void navigate('/r/me', { replace: true });
  };

  return (
    <div style={{ padding: 12 }}>
      <Card
        title={t(
          hasPassword ? 'residentApp.changePassword.title' : 'residentApp.setPassword.title',
        )}
      >
        {hasPassword ? (
          <ChangeForm onDone={done} />
        ) : (
          <SetForm phone={profile.data.phone} onDone={done} />
        )}
        <Button type="link" block onClick={() => void navigate('/r/me')}>
          {t('residentApp.back')}
        </Button>
      </Card>
    </div>
  );
}
