import { Alert, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** A reason the audit log can use: a few characters at least (the server's rule too). */
export const isTooShort = (reason: string) => reason.trim().length < 4;

/**
 * Why someone looks at personal data in clear: the text, its warning while too short, and the
 * server's refusal. `placeholder` gives an example that fits the page (a visit, a call).
 */
export function ReasonInput({
  reason,
  onChange,
  error,
  testId,
  placeholder,
}: {
  reason: string;
  onChange: (reason: string) => void;
  error: string | undefined;
  testId: string;
  placeholder?: string;
}) {
  const { t } = useTranslation();
  const isShort = reason !== '' && isTooShort(reason);
  return (
    <>
      <Input.TextArea
        value={reason}
        onChange={(event) => onChange(event.target.value)}
        maxLength={200}
        autoSize={{ minRows: 2 }}
        placeholder={placeholder ?? t('registry.reveal.reasonPlaceholder')}
        status={isShort ? 'warning' : undefined}
        data-testid={`${testId}-reason`}
      />
      {isShort ? (
        <Typography.Text type="warning" style={{ fontSize: 12 }}>
          {t('registry.reveal.reasonShort')}
        </Typography.Text>
      ) : null}
      {error ? (
        <Alert
          type="error"
          showIcon
          title={error}
          style={{ marginTop: 12 }}
          data-testid={`${testId}-error`}
        />
      ) : null}
    </>
  );
}
