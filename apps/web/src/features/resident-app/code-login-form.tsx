import { Alert, Button, Form } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../lib/api';
import { showServerFieldError } from '../../lib/form-errors';
import { PhoneCodeFields } from './phone-code-fields';
import { codeLogin } from './resident-api';

interface CodeLoginValues {
  phone: string;
  code: string;
}

/** 验证码登录 on the login page: a phone and its SMS code (residents; staff use the password). */
export function CodeLoginForm({ onSignedIn }: { onSignedIn: () => Promise<void> }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CodeLoginValues>();
  const [isSubmitting, setIsSubmitting] = useState(false);
  const [error, setError] = useState<string | undefined>();

  async function submit(values: CodeLoginValues) {
    setIsSubmitting(true);
    setError(undefined);
    try {
      await codeLogin({ phone: values.phone.trim(), code: values.code.trim() });
      await onSignedIn();
    } catch (cause) {
      if (!showServerFieldError(form, cause, ['phone', 'code'])) setError(describeError(cause, t));
    } finally {
      setIsSubmitting(false);
    }
  }

  return (
    <Form<CodeLoginValues>
      form={form}
      layout="vertical"
      requiredMark={false}
      onFinish={(values) => void submit(values)}
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <PhoneCodeFields purpose="sign-in" />
      <Button
        type="primary"
        htmlType="submit"
        block
        size="large"
        loading={isSubmitting}
        data-testid="code-login-submit"
      >
        {t('login.submit')}
      </Button>
    </Form>
  );
}
