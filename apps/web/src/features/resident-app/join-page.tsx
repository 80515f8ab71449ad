import { Alert, Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { describeError } from '../../lib/api';
import { showServerFieldError } from '../../lib/form-errors';
import { useSession } from '../../lib/session';
import { PhoneCodeFields } from './phone-code-fields';
import { PhonePageFrame } from './phone-page-frame';
import { signUp } from './resident-api';

interface JoinValues {
  phone: string;
  code: string;
  displayName?: string;
  password?: string;
}

/** /join: a resident signs up with a phone and its SMS code, and lands in the phone app. */
export function JoinPage() {
  const { t } = useTranslation();
  const { state, refresh } = useSession();
  const [form] = Form.useForm<JoinValues>();
  const [isSubmitting, setIsSubmitting] = useState(false);
  const [error, setError] = useState<string | undefined>();
  // just joined: 我的 is next (verify the home); someone already signed in goes to /r
  const [hasJoined, setHasJoined] = useState(false);

  if (state.status === 'signed-in') return <Navigate to={hasJoined ? '/r/me' : '/r'} replace />;

  async function submit(values: JoinValues) {
    setIsSubmitting(true);
    setError(undefined);
    try {
      await signUp({
        phone: values.phone.trim(),
        code: values.code.trim(),
        ...(values.password ? { password: values.password } : {}),
        ...(values.displayName?.trim() ? { displayName: values.displayName.trim() } : {}),
      });
      setHasJoined(true);
      await refresh();
    } catch (cause) {
      if (!showServerFieldError(form, cause, ['phone', 'code', 'password', 'displayName'])) {
        setError(describeError(cause, t));
      }
    } finally {
      setIsSubmitting(false);
    }
  }

  return (
    <PhonePageFrame title={t('residentApp.join.title')}>
      <Typography.Paragraph type="secondary">{t('residentApp.join.intro')}</Typography.Paragraph>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Form<JoinValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(values) => void submit(values)}
      >
        <PhoneCodeFields purpose="sign-up" />
        <Form.Item name="displayName" label={t('residentApp.join.displayName')}>
          <Input maxLength={64} size="large" data-testid="join-name" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('residentApp.join.password')}
          extra={t('residentApp.join.passwordHelp')}
          rules={[{ min: 12, message: t('residentApp.forgot.passwordRule') }]}
        >
          <Input.Password
            autoComplete="new-password"
            maxLength={256}
            size="large"
            data-testid="join-password"
          />
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          block
          size="large"
          loading={isSubmitting}
          data-testid="join-submit"
        >
          {t('residentApp.join.submit')}
        </Button>
      </Form>
      <div style={{ marginTop: 16, textAlign: 'center' }}>
        <Link to="/login">{t('residentApp.join.haveAccount')}</Link>
      </div>
    </PhonePageFrame>
  );
}
