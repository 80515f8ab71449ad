import type { RecoveryCodes } from '@cc/contracts';
import { Alert, App as AntApp, Button, Card, Form, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { useRequest } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { useSend } from '../../lib/sending';
import { useMe } from '../../lib/session';
import { getTotpStatus, renewRecoveryCodes } from './auth-api';
import { TotpCodeItem } from './totp-code-item';
import { RecoveryCodesView } from './recovery-codes-view';
import { TotpEnrolment } from './totp-enrolment';

/** A new set of recovery codes, proved by the authenticator's current code. */
function RenewForm({ onRenewed }: { onRenewed: (codes: RecoveryCodes) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ code: string }>();
  const { isSending, problem, send } = useSend(form, ['code']);
  return (
    <>
      <Typography.Paragraph type="secondary">
        {t('secondFactor.settings.renewIntro')}
      </Typography.Paragraph>
      {problem ? (
        <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} />
      ) : null}
      <Form<{ code: string }>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(values) =>
          void send(async () => {
            onRenewed(await renewRecoveryCodes({ code: values.code.trim() }));
            form.resetFields();
          })
        }
      >
        <TotpCodeItem name="code" testId="recovery-renew-code" />
        <Button htmlType="submit" block loading={isSending} data-testid="recovery-renew-submit">
          {t('secondFactor.settings.renewSubmit')}
        </Button>
      </Form>
    </>
  );
}

/**
 * 动态口令 in the personal settings, beside the password: whether it is on, turning it on by
 * choice (staff), and a new set of recovery codes. Turning it off is an administrator's reset.
 */
export function TotpSettingsPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const status = useRequest((signal) => getTotpStatus(signal), []);
  const [isEnrolling, setIsEnrolling] = useState(false);
  const [codes, setCodes] = useState<string[] | undefined>();

  if (status.error) return <LoadError error={status.error} onRetry={status.reload} />;
  if (!status.data) return <PageSpin />;
  const s = status.data;

  let body;
  if (codes) {
    body = (
      <RecoveryCodesView
        codes={codes}
        username={me.username}
        onSaved={() => {
          setCodes(undefined);
          status.reload();
        }}
      />
    );
  } else if (isEnrolling) {
    body = (
      <TotpEnrolment
        intro={t('secondFactor.settings.optional')}
        confirmLabel={t('secondFactor.confirm')}
        onDone={() => {
          void message.success(t('secondFactor.settings.enabled'));
          setIsEnrolling(false);
          status.reload();
        }}
      />
    );
  } else if (s.isEnabled) {
    body = <RenewForm onRenewed={(made) => setCodes(made.codes)} />;
  } else if (s.canEnrol) {
    body = (
      <Button type="primary" block onClick={() => setIsEnrolling(true)} data-testid="totp-enable">
        {t('secondFactor.settings.enable')}
      </Button>
    );
  } else {
    body = <Alert type="info" showIcon title={t('secondFactor.settings.notStaff')} />;
  }

  return (
    <div style={{ padding: 12 }}>
      <Card title={t('secondFactor.settings.title')} data-testid="totp-settings">
        {/* while the codes or the enrolment are shown, the state above them would be stale */}
        <Typography.Paragraph hidden={!!codes || isEnrolling}>
          <Tag color={s.isEnabled ? 'success' : 'default'} data-testid="totp-state">
            {s.isEnabled ? t('secondFactor.settings.on') : t('secondFactor.settings.off')}
          </Tag>
          {s.enabledAt ? (
            <Typography.Text type="secondary">
              {t('secondFactor.settings.since', {
                at: formatDateTime(s.enabledAt, i18n.language),
              })}
            </Typography.Text>
          ) : null}
        </Typography.Paragraph>
        {s.isRequired ? (
          <Typography.Paragraph>{t('secondFactor.settings.required')}</Typography.Paragraph>
        ) : null}
        {s.isEnabled && !codes ? (
          <Typography.Paragraph data-testid="recovery-codes-left">
            {t('secondFactor.settings.left', { count: s.recoveryCodesLeft })}
          </Typography.Paragraph>
        ) : null}
        {body}
        {s.isEnabled && !codes ? (
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            {t('secondFactor.settings.lost')}
          </Typography.Paragraph>
        ) : null}
        {codes || isEnrolling ? null : (
          <Button type="link" block onClick={() => void navigate('/r/me')}>
            {t('residentApp.back')}
          </Button>
        )}
      </Card>
    </div>
  );
}
