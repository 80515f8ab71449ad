import { Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { LanguageSwitch } from '../../components/language-switch';
import { useSession } from '../../lib/session';
import { LoginForm } from './login-form';

/** Only same-site paths: `?from=https://evil.example` must not redirect away. */
function safeFrom(from: string | null): string {
  return from && from.startsWith('/') && !from.startsWith('//') && !from.startsWith('/login')
    ? from
    : '/';
}

export function LoginPage() {
  const { state } = useSession();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const from = safeFrom(searchParams.get('from'));

  if (state.status === 'signed-in') return <Navigate to={from} replace />;

  return (
    <LoginFrame>
      <LoginForm onSignedIn={() => navigate(from, { replace: true })} />
    </LoginFrame>
  );
}

/** The sign-in pages' frame: the blue backdrop, the language switch, the platform's name. */
export function LoginFrame({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
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
      {children}
      <Typography.Text type="secondary" style={{ marginTop: 24, fontSize: 12 }}>
        {t('login.footer')}
      </Typography.Text>
    </div>
  );
}
