import { App as AntApp, Alert, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { describeError } from '../../lib/api';
import { showServerFieldError } from '../../lib/form-errors';
import { changePassword } from './resident-api';

interface PasswordValues {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** 修改密码 (POST /api/auth/password): the other sessions end, this one continues. */
export function ChangePasswordPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<PasswordValues>();
  const [isSubmitting, setIsSubmitting] = useState(false);
  const [error, setError] = useState<string | undefined>();

  async function submit(values: PasswordValues) {
    setIsSubmitting(true);
    setError(undefined);
    try {
      await changePassword({
        currentPassword: values.currentPassword,
        newPassword: values.newPassword,
      });
      void message.success(t('residentApp.changePassword.done'));
      void navigate('/r/me', { replace: true });
    } catch (cause) {
      if (!showServerFieldError(form, cause, ['currentPassword', 'newPassword'])) {
        setError(describeError(cause, t));
      }
    } finally {
      setIsSubmitting(false);
    }
  }

  return (
    <div style={{ padding: 12 }}>
      <Card title={t('residentApp.changePassword.title')}>
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
        <Form<PasswordValues>
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={(values) => void submit(values)}
        >
          <Form.Item
            name="currentPassword"
            label={t('residentApp.changePassword.current')}
            extra={<Link to="/forgot">{t('residentApp.changePassword.currentHelp')}</Link>}
            rules={[{ required: true }]}
          >
            <Input.Password autoComplete="current-password" maxLength={256} size="large" />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label={t('residentApp.changePassword.next')}
            rules={[{ required: true, min: 12, message: t('residentApp.forgot.passwordRule') }]}
          >
            <Input.Password autoComplete="new-password" maxLength={256} size="large" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('residentApp.changePassword.confirm')}
            dependencies={['newPassword']}
            rules={[
              { required: true },
              ({ getFieldValue }) => ({
                validator: (_rule, value: string | undefined) =>
                  !value || value === getFieldValue('newPassword')
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('residentApp.changePassword.mismatch'))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" maxLength={256} size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={isSubmitting}>
            {t('residentApp.changePassword.submit')}
          </Button>
        </Form>
        <Button type="link" block onClick={() => void navigate('/r/me')}>
          {t('residentApp.back')}
        </Button>
      </Card>
    </div>
  );
}
