import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';

/** The 6-digit code from an authenticator app, as a form field (sign-in, enrolment, new recovery codes). */
export function TotpCodeItem({
  name,
  testId,
  autoFocus,
}: {
  name: string;
  testId: string;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name={name}
      label={t('login.totp.code')}
      rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t('login.totp.codeRule') }]}
    >
      <Input
        inputMode="numeric"
        autoComplete="one-time-code"
        autoFocus={autoFocus}
        maxLength={8}
        data-testid={testId}
      />
    </Form.Item>
  );
}
