import type { TotpSetup } from '@cc/contracts';
import { Alert, Button, Form, Input, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../lib/api';
import { confirmTotp, setupTotp } from './auth-api';

/**
 * An administrator who signs in without a second factor in production may do one thing: add an
 * authenticator app. The secret is shown this once; a code from the app turns TOTP on, and the
 * session becomes a full one.
 */
export function TotpEnrolment({ onDone }: { onDone: () => Promise<void> }) {
  const { t } = useTranslation();
  const [setup, setSetup] = useState<TotpSetup | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [isSending, setIsSending] = useState(false);

  useEffect(() => {
    let isCurrent = true;
    setupTotp().then(
      (s) => isCurrent && setSetup(s),
      (cause: unknown) => isCurrent && setError(describeError(cause, t)),
    );
    return () => {
      isCurrent = false;
    };
  }, [t]);

  async function confirm({ code }: { code: string }) {
    setIsSending(true);
    setError(undefined);
    try {
      await confirmTotp({ code: code.trim() });
      await onDone();
    } catch (cause) {
      setError(describeError(cause, t));
    } finally {
      setIsSending(false);
    }
  }

  return (
    <div data-testid="totp-enrolment">
      <Typography.Paragraph>{t('login.totp.enrolIntro')}</Typography.Paragraph>
      {setup ? (
        <>
          <Typography.Paragraph>
            {t('login.totp.secret')}{' '}
            <Typography.Text code copyable data-testid="totp-secret">
              {setup.secret}
            </Typography.Text>
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary" style={{ wordBreak: 'break-all', fontSize: 12 }}>
            <Typography.Text copyable>{setup.otpauthUri}</Typography.Text>
          </Typography.Paragraph>
        </>
      ) : error ? null : (
        <Spin />
      )}
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form layout="vertical" onFinish={(values: { code: string }) => void confirm(values)}>
        <Form.Item
          name="code"
          label={t('login.totp.code')}
          rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t('login.totp.codeRule') }]}
        >
          <Input inputMode="numeric" autoComplete="one-time-code" maxLength={8} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={isSending} disabled={!setup}>
          {t('login.totp.confirm')}
        </Button>
      </Form>
    </div>
  );
}
