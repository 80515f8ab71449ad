import type { TotpConfirmAnswer, TotpSetup } from '@cc/contracts';
import { Alert, Button, Form, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../lib/api';
import { confirmTotp, setupTotp } from './auth-api';
import { TotpCodeItem } from './totp-code-item';
import { RecoveryCodesView } from './recovery-codes-view';

/**
 * Add an authenticator app: a QR code of the otpauth:// URI (drawn by the server) and the same
 * secret as text, shown this once; a code from the app turns TOTP on and the session becomes a
 * full one. Then the recovery codes, shown once, until 我已保存. Used at a first sign-in whose
 * roles need a second factor, and in the personal settings by choice.
 */
export function TotpEnrolment({
  intro,
  confirmLabel,
  onDone,
}: {
  intro?: string;
  confirmLabel?: string;
  onDone: (answer: TotpConfirmAnswer) => Promise<void> | void;
}) {
  const { t } = useTranslation();
  const [setup, setSetup] = useState<TotpSetup | undefined>();
  const [confirmed, setConfirmed] = useState<TotpConfirmAnswer | undefined>();
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
      setConfirmed(await confirmTotp({ code: code.trim() }));
    } catch (cause) {
      setError(describeError(cause, t));
    } finally {
      setIsSending(false);
    }
  }

  if (confirmed) {
    return (
      <RecoveryCodesView
        codes={confirmed.recoveryCodes}
        username={confirmed.username}
        onSaved={() => void onDone(confirmed)}
      />
    );
  }

  return (
    <div data-testid="totp-enrolment">
      <Typography.Paragraph>{intro ?? t('login.totp.enrolIntro')}</Typography.Paragraph>
      {setup ? (
        <>
          <div style={{ textAlign: 'center', marginBottom: 8 }}>
            <img
              src={setup.qrDataUrl}
              alt={t('secondFactor.qrAlt')}
              width={200}
              height={200}
              style={{ imageRendering: 'pixelated', background: '#fff' }}
              data-testid="totp-qr"
            />
          </div>
          <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
            {t('secondFactor.qrHint')}
          </Typography.Paragraph>
          <Typography.Paragraph>
            {t('login.totp.secret')}{' '}
            <Typography.Text code copyable data-testid="totp-secret">
              {setup.secret}
            </Typography.Text>
          </Typography.Paragraph>
        </>
      ) : error ? null : (
        <div style={{ textAlign: 'center', marginBottom: 12 }}>
          <Spin />
        </div>
      )}
      {error ? (
        <Alert
          type="error"
          showIcon
          title={error}
          style={{ marginBottom: 12 }}
          data-testid="totp-error"
        />
      ) : null}
      <Form
        layout="vertical"
        requiredMark={false}
        onFinish={(values: { code: string }) => void confirm(values)}
      >
        <TotpCodeItem name="code" testId="totp-code-input" />
        <Button
          type="primary"
          htmlType="submit"
          block
          loading={isSending}
          disabled={!setup}
          data-testid="totp-confirm"
        >
          {confirmLabel ?? t('login.totp.confirm')}
        </Button>
      </Form>
    </div>
  );
}
