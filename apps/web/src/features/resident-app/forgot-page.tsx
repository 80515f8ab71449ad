import { Button, Form, Result } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { NewPasswordField } from './password-fields';
import { PhoneCodeFields } from './phone-code-fields';
import { PhoneForm } from './phone-form';
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
  const [isDone, setIsDone] = useState(false);

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
          <PhoneForm<ForgotValues>
            form={form}
            fields={['phone', 'code', 'newPassword']}
            onSubmit={async (values) => {
              await resetPassword({
                phone: values.phone.trim(),
                code: values.code.trim(),
                newPassword: values.newPassword,
              });
              setIsDone(true);
            }}
            submitLabel={t('residentApp.forgot.submit')}
            submitTestId="forgot-submit"
          >
            <PhoneCodeFields purpose="reset" />
            <NewPasswordField
              label={t('residentApp.forgot.newPassword')}
              testId="forgot-password"
            />
          </PhoneForm>
          <div style={{ marginTop: 16, textAlign: 'center' }}>
            <Link to="/login">{t('residentApp.forgot.toLogin')}</Link>
          </div>
        </>
      )}
    </PhonePageFrame>
  );
}
