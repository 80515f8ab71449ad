import { App as AntApp, Alert, Button, Card, Form } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { describeError } from '../../lib/api';
import { showServerFieldError } from '../../lib/form-errors';
import { PhoneCodeFields } from './phone-code-fields';
import { changeMyPhone } from './resident-api';

interface PhoneValues {
  phone: string;
  code: string;
}

/** 修改手机号: a code goes to the new number; the number changes once it comes back. */
export function ChangePhonePage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<PhoneValues>();
  const [isSubmitting, setIsSubmitting] = useState(false);
  const [error, setError] = useState<string | undefined>();

  async function submit(values: PhoneValues) {
    setIsSubmitting(true);
    setError(undefined);
    try {
      await changeMyPhone({ phone: values.phone.trim(), code: values.code.trim() });
      void message.success(t('residentApp.changePhone.done'));
      void navigate('/r/me', { replace: true });
    } catch (cause) {
      if (!showServerFieldError(form, cause, ['phone', 'code'])) setError(describeError(cause, t));
    } finally {
      setIsSubmitting(false);
    }
  }

  return (
    <div style={{ padding: 12 }}>
      <Card title={t('residentApp.changePhone.title')}>
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
        <Form<PhoneValues>
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={(values) => void submit(values)}
        >
          <PhoneCodeFields purpose="phone" phoneLabel={t('residentApp.changePhone.newPhone')} />
          <Button
            type="primary"
            htmlType="submit"
            block
            size="large"
            loading={isSubmitting}
            data-testid="change-phone-submit"
          >
            {t('residentApp.changePhone.submit')}
          </Button>
        </Form>
        <Button type="link" block onClick={() => void navigate('/r/me')}>
          {t('residentApp.back')}
        </Button>
      </Card>
    </div>
  );
}
