import { Alert, Button, Form, Input, Result } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { describeError } from '../../lib/api';
import { showServerFieldError } from '../../lib/form-errors';
import { PhoneCodeFields } from './phone-code-fields';
import { PhonePageFrame } from './phone-page-frame';
import { resetPassword } from './resident-api';

interface ForgotValues {
  phone: string;
  code: string;
  newPassword: string;
}

/** /forgot: a new password by an SMS code; every session of the account ends. */
export function ForgotPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<ForgotValues>();
  const [isSubmitting, setIsSubmitting] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [isDone, setIsDone] = useState(false);

  async function submit(values: ForgotValues) {
    setIsSubmitting(true);
    setError(undefined);
    try {
      await resetPassword({
        phone: values.phone.trim(),
        code: values.code.trim(),
        newPassword: values.newPassword,
      });
      setIsDone(true);
    } catch (cause) {
      if (!showServerFieldError(form, cause, ['phone', 'code', 'newPassword'])) {
        setError(describeError(cause, t));
      }
    } finally {
      setIsSubmitting(false);
    }
  }

  return (
    <PhonePageFrame title={t('residentApp.forgot.title')}>
      {isDone ? (
        <Result
          status="success"
          title={t('residentApp.forgot.done')}
          extra={
            <Link to="/login">
              <Button type="primary" data-testid="forgot-to-login">
                {t('residentApp.forgot.toLogin')}
              </Button>
            </Link>
          }
        />
      ) : (
        <>
          {error ? (
            <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />
          ) : null}
          <Form<ForgotValues>
            form={form}
            layout="vertical"
            requiredMark={false}
            onFinish={(values) => void submit(values)}
          >
            <PhoneCodeFields purpose="reset" />
            <Form.Item
              name="newPassword"
              label={t('residentApp.forgot.newPassword')}
              rules={[{ required: true, min: 12, message: t('residentApp.forgot.passwordRule') }]}
            >
              <Input.Password
                autoComplete="new-password"
                maxLength={256}
                size="large"
                data-testid="forgot-password"
              />
            </Form.Item>
            <Button
              type="primary"
              htmlType="submit"
              block
              size="large"
              loading={isSubmitting}
              data-testid="forgot-submit"
            >
              {t('residentApp.forgot.submit')}
            </Button>
          </Form>
          <div style={{ marginTop: 16, textAlign: 'center' }}>
            <Link to="/login">{t('residentApp.forgot.toLogin')}</Link>
          </div>
        </>
      )}
    </PhonePageFrame>
  );
}
