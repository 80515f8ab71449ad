import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';

/** The policy's floor, checked here before the server checks the rest. */
const MIN_LENGTH = 12;

/** A new password (`newPassword`, or `name`): required unless `isOptional`, at least 12. */
export function NewPasswordField({
  label,
  name = 'newPassword',
  isOptional = false,
  extra,
  testId,
}: {
  label: string;
  name?: string;
  isOptional?: boolean;
  extra?: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name={name}
      label={label}
      extra={extra}
      rules={[
        ...(isOptional ? [] : [{ required: true, message: t('residentApp.password.newRequired') }]),
        { min: MIN_LENGTH, message: t('residentApp.password.rule') },
      ]}
    >
      <Input.Password
        autoComplete="new-password"
        maxLength={256}
        size="large"
        data-testid={testId}
      />
    </Form.Item>
  );
}

/** The new password again (`confirm`), the same as `newPassword`. */
export function ConfirmPasswordField() {
  const { t } = useTranslation();
  return (
    <Form.Item
      name="confirm"
      label={t('residentApp.password.confirm')}
      dependencies={['newPassword']}
      rules={[
        { required: true, message: t('residentApp.password.confirmRequired') },
        ({ getFieldValue }) => ({
          validator: (_rule, value: string | undefined) =>
            !value || value === getFieldValue('newPassword')
              ? Promise.resolve()
              : Promise.reject(new Error(t('residentApp.password.mismatch'))),
        }),
      ]}
    >
      <Input.Password autoComplete="new-password" maxLength={256} size="large" />
    </Form.Item>
  );
}
