import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { LoginBody } from '@cc/contracts';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { LanguageSwitch } from '../../components/language-switch';
import { ApiError, describeError, pickLanguage } from '../../lib/api';
import { useSession } from '../../lib/session';
import { login } from './auth-api';
import { TotpEnrolment } from './totp-enrolment';

// sign-in by SMS code (residents) loads only when chosen: the login page stays small
const CodeLoginForm = lazy(() =>
  import('../resident-app').then((m) => ({ default: m.CodeLoginForm })),
);

/** Only same-site paths: `?from=https://evil.example` must not redirect away. */
function safeFrom(from: string | null): string {
  return from && from.startsWith('/') && !from.startsWith('//') && !from.startsWith('/login')
    ? from
    : '/';
}

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

export function LoginPage() {
  const { t } = useTranslation();
  const { state, refresh } = useSession();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const [form] = Form.useForm<LoginBody>();
  const [isSubmitting, setIsSubmitting] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [waitSeconds, setWaitSeconds] = useCountdown();
  // the account has TOTP on: the next try carries the code
  const [needsCode, setNeedsCode] = useState(false);
  // an administrator without TOTP in production: enrol before anything else
  const [mustEnrol, setMustEnrol] = useState(false);
  // 验证码登录: a phone and an SMS code instead of a password
  const [isByCode, setIsByCode] = useState(false);
  const from = safeFrom(searchParams.get('from'));

  if (state.status === 'signed-in' && !isSubmitting) return <Navigate to={from} replace />;

  async function enter() {
    const me = await refresh();
    if (me) void navigate(from, { replace: true });
    else setError(t('login.sessionNotKept'));
  }

  async function submit(values: LoginBody) {
    setIsSubmitting(true);
    setError(undefined);
    try {
      const answer = await login({
        username: values.username.trim(),
        password: values.password,
        ...(values.totp ? { totp: values.totp.trim() } : {}),
      });
      if (answer.totpEnrolmentRequired) setMustEnrol(true);
      else await enter();
    } catch (cause) {
      if (cause instanceof ApiError && cause.field === 'totp') {
        // the password was right and a code is wanted (or the code was wrong)
        setNeedsCode(true);
        setError(describeError(cause, t));
        form.setFieldValue('totp', '');
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
    <div className="cc-login">
      <div className="cc-login-top">
        <LanguageSwitch isInverted />
      </div>
      <div style={{ color: '#fff', textAlign: 'center', marginBottom: 24 }}>
        <Typography.Title level={2} style={{ color: '#fff', margin: 0, letterSpacing: 2 }}>
          {t('app.name')}
        </Typography.Title>
        <Typography.Text style={{ color: 'rgba(255,255,255,0.85)' }}>
          {t('login.tagline')}
        </Typography.Text>
      </div>
      <Card
        className="cc-login-card"
        title={mustEnrol ? t('login.totp.enrolTitle') : t('login.title')}
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
        {mustEnrol ? <TotpEnrolment onDone={enter} /> : null}
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
          {needsCode ? (
            <Form.Item
              name="totp"
              label={t('login.totp.code')}
              rules={[
                { required: true, pattern: /^\s*\d{6}\s*$/, message: t('login.totp.codeRule') },
              ]}
            >
              <Input
                inputMode="numeric"
                autoComplete="one-time-code"
                autoFocus
                maxLength={8}
                data-testid="login-totp"
              />
            </Form.Item>
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
      <Typography.Text type="secondary" style={{ marginTop: 24, fontSize: 12 }}>
        {t('login.footer')}
      </Typography.Text>
    </div>
  );
}
