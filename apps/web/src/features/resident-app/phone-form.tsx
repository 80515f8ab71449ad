import { Alert, Button, Form, type FormInstance } from 'antd';
import type { ReactNode } from 'react';
import { useSend } from '../../lib/sending';

/**
 * The shell of the phone app's forms (sign-up, code sign-in, reset, phone and password change):
 * the error above, vertical fields, one full-width submit button. `onSubmit` does the request;
 * a server error naming one of `fields` lands beside it.
 */
export function PhoneForm<T extends object>({
  form,
  fields,
  onSubmit,
  submitLabel,
  submitTestId,
  children,
}: {
  form: FormInstance<T>;
  fields: readonly string[];
  onSubmit: (values: T) => Promise<void>;
  submitLabel: string;
  submitTestId: string;
  children: ReactNode;
}) {
  const { isSending, problem, send } = useSend(form, fields);
  return (
    <>
      {problem ? (
        <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} />
      ) : null}
      <Form<T>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(values) => void send(() => onSubmit(values))}
      >
        {children}
        <Button
          type="primary"
          htmlType="submit"
          block
          size="large"
          loading={isSending}
          data-testid={submitTestId}
        >
          {submitLabel}
        </Button>
      </Form>
    </>
  );
}
