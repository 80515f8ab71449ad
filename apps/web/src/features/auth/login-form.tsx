import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { LoginBody, RECOVERY_CODE_PATTERN } from '@cc/contracts';
import { Alert, App as AntApp, Button, Card, Form, Input } from 'antd';
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, describeError, pickLanguage } from '../../lib/api';
import { useSession } from '../../lib/session';
import { login } from './auth-api';
import { TotpCodeItem } from './totp-code-item';
import { TotpEnrolment } from './totp-enrolment';

// sign-in by SMS code (residents) loads only when chosen: the login page stays small
const CodeLoginForm = lazy(() =>
  import('../resident-app').then((m) => ({ default: m.CodeLoginForm })),
);

const RECOVERY_CODE = new RegExp(RECOVERY_CODE_PATTERN);

/** Counts down the seconds of a 429 Retry-After. */
function useCountdown(): [number, (seconds: number) => void] {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    if (seconds <= 0) return;
    const timer = window.setTimeout(() => setSeconds((s) => s - 1), 1000);
    return () => window.clearTimeout(timer);
  }, [seconds]);
  return [seconds, setSeconds];
}

/**
 * Our sign-in card: password (with the TOTP step and an administrator's enrolment) or an SMS
 * code. The login page and the one-sign-on page (/sso/interaction/:uid) both show it; once the
 * session is kept, `onSignedIn` decides where the person goes next.
 */
export function LoginForm({
  title,
  onSignedIn,
}: {
  /** the card's title; the enrolment step shows its own */
  title?: ReactNode;
  onSignedIn: () => Promise<void> | void;
}) {
  const { t } = useTranslation();
  const { refresh } = useSession();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<LoginBody>();
  const [isSubmitting, setIsSubmitting] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [waitSeconds, setWaitSeconds] = useCountdown();
  // the account has TOTP on: the next try carries the code
  const [needsCode, setNeedsCode] = useState(false);
  // 使用恢复码: a one-time recovery code instead of the authenticator's code
  const [isByRecovery, setIsByRecovery] = useState(false);
  // roles that need a second factor, without one yet: enrol before anything else
  const [mustEnrol, setMustEnrol] = useState(false);
  // 验证码登录: a phone and an SMS code instead of a password
  const [isByCode, setIsByCode] = useState(false);

  async function enter() {
    const me = await refresh();
    if (me) await onSignedIn();
    else setError(t('login.sessionNotKept'));
  }

  async function submit(values: LoginBody) {
    setIsSubmitting(true);
    setError(undefined);
    try {
      const recoveryCode = isByRecovery ? values.recoveryCode?.trim() : undefined;
      const totp = isByRecovery ? undefined : values.totp?.trim();
      const answer = await login({
        username: values.username.trim(),
        password: values.password,
        ...(totp ? { totp } : {}),
        ...(recoveryCode ? { recoveryCode } : {}),
      });
      if (answer.totpEnrolmentRequired) {
        setMustEnrol(true);
        return;
      }
      if (answer.recoveryCodesLeft !== undefined) {
        void message.warning(
          t('secondFactor.login.codesLeft', { count: answer.recoveryCodesLeft }),
          10,
        );
      }
      await enter();
    } catch (cause) {
      if (cause instanceof ApiError && (cause.field === 'totp' || cause.field === 'recoveryCode')) {
        // the password was right and a code is wanted (or the code was wrong or used)
        setNeedsCode(true);
        setError(describeError(cause, t));
        form.setFieldValue(cause.field, '');
        return;
      }
      if (cause instanceof ApiError && cause.status === 429) {
        // Too many attempts: the server's message, and the button waits out Retry-After.
        setWaitSeconds(cause.retryAfterSeconds ?? 60);
        setError(pickLanguage(cause.message));
      } else {
        setError(describeError(cause, t));
      }
      form.setFieldValue('password', '');
    } finally {
      setIsSubmitting(false);
    }
  }

  return (
    <Card
      className="cc-login-card"
      title={mustEnrol ? t('login.totp.enrolTitle') : (title ?? t('login.title'))}
    >
      {error ? (
        <Alert
          type="error"
          showIcon
          title={error}
          description={waitSeconds > 0 ? t('login.retryIn', { seconds: waitSeconds }) : undefined}
          style={{ marginBottom: 16 }}
          data-testid="login-error"
        />
      ) : null}
      {mustEnrol ? <TotpEnrolment onDone={() => enter()} /> : null}
      {isByCode && !mustEnrol ? (
        <Suspense fallback={null}>
          <CodeLoginForm onSignedIn={enter} />
        </Suspense>
      ) : null}
      <Form<LoginBody>
        hidden={mustEnrol || isByCode}
        form={form}
        layout="vertical"
        onFinish={(values) => void submit(values)}
        requiredMark={false}
      >
        <Form.Item
          name="username"
          label={t('login.username')}
          rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
        >
          <Input
            prefix={<UserOutlined />}
            autoComplete="username"
            autoFocus
            maxLength={LoginBody.properties.username.maxLength}
            data-testid="login-username"
          />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('login.password')}
          rules={[{ required: true, message: t('login.passwordRequired') }]}
        >
          <Input.Password
            prefix={<LockOutlined />}
            autoComplete="current-password"
            maxLength={LoginBody.properties.password.maxLength}
            data-testid="login-password"
          />
        </Form.Item>
        {needsCode && !isByRecovery ? (
          <TotpCodeItem name="totp" testId="login-totp" autoFocus />
        ) : null}
        {needsCode && isByRecovery ? (
          <Form.Item
            name="recoveryCode"
            label={t('secondFactor.login.recovery')}
            rules={[
              {
                validator: (_, value: string | undefined) =>
                  RECOVERY_CODE.test((value ?? '').trim())
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('secondFactor.login.recoveryRule'))),
              },
            ]}
          >
            <Input
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              autoFocus
              maxLength={16}
              placeholder="xxxxx-xxxxx"
              data-testid="login-recovery-input"
            />
          </Form.Item>
        ) : null}
        {needsCode ? (
          // 使用恢复码: the authenticator is lost or out of reach
          <div style={{ marginTop: -12, marginBottom: 12, textAlign: 'right' }}>
            <Button
              type="link"
              size="small"
              style={{ paddingInline: 0 }}
              onClick={() => {
                setIsByRecovery((value) => !value);
                setError(undefined);
              }}
              data-testid="login-use-recovery"
            >
              {isByRecovery ? t('secondFactor.login.useCode') : t('secondFactor.login.useRecovery')}
            </Button>
          </div>
        ) : null}
        <Button
          type="primary"
          htmlType="submit"
          block
          size="large"
          loading={isSubmitting}
          disabled={waitSeconds > 0}
          data-testid="login-submit"
        >
          {waitSeconds > 0 ? t('login.waitButton', { seconds: waitSeconds }) : t('login.submit')}
        </Button>
      </Form>
      {mustEnrol ? null : (
        <div
          style={{
            display: 'flex',
            justifyContent: 'space-between',
            alignItems: 'center',
            marginTop: 12,
            flexWrap: 'wrap',
            gap: 8,
          }}
        >
          <Button
            type="link"
            size="small"
            onClick={() => {
              setIsByCode((value) => !value);
              setError(undefined);
            }}
            data-testid="login-by-code"
          >
            {isByCode ? t('residentApp.codeLogin.byPassword') : t('residentApp.codeLogin.byCode')}
          </Button>
          <Link to="/forgot" data-testid="login-forgot">
            {t('residentApp.codeLogin.forgot')}
          </Link>
          <Link to="/join" data-testid="login-join">
            {t('residentApp.codeLogin.join')}
          </Link>
        </div>
      )}
    </Card>
  );
}
