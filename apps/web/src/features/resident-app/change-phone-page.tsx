import { App as AntApp, Button, Card, Form } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { PhoneCodeFields } from './phone-code-fields';
import { PhoneForm } from './phone-form';
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
  return (
    <div style={{ padding: 12 }}>
      <Card title={t('residentApp.changePhone.title')}>
        <PhoneForm<PhoneValues>
          form={form}
          fields={['phone', 'code']}
          onSubmit={async (values) => {
            await changeMyPhone({ phone: values.phone.trim(), code: values.code.trim() });
            void message.success(t('residentApp.changePhone.done'));
            void navigate('/r/me', { replace: true });
          }}
          submitLabel={t('residentApp.changePhone.submit')}
          submitTestId="change-phone-submit"
        >
          <PhoneCodeFields purpose="phone" phoneLabel={t('residentApp.changePhone.newPhone')} />
        </PhoneForm>
        <Button type="link" block onClick={() => void navigate('/r/me')}>
          {t('residentApp.back')}
        </Button>
      </Card>
    </div>
  );
}
