import { Form } from 'antd';
import { useTranslation } from 'react-i18next';
import { PhoneCodeFields } from './phone-code-fields';
import { PhoneForm } from './phone-form';
import { codeLogin } from './resident-api';

interface CodeLoginValues {
  phone: string;
  code: string;
}

/** 验证码登录 on the login page: a phone and its SMS code (residents; staff use the password). */
export function CodeLoginForm({ onSignedIn }: { onSignedIn: () => Promise<void> }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CodeLoginValues>();
  return (
    <PhoneForm<CodeLoginValues>
      form={form}
      fields={['phone', 'code']}
      onSubmit={async (values) => {
        await codeLogin({ phone: values.phone.trim(), code: values.code.trim() });
        await onSignedIn();
      }}
      submitLabel={t('login.submit')}
      submitTestId="code-login-submit"
    >
      <PhoneCodeFields purpose="sign-in" />
    </PhoneForm>
  );
}
