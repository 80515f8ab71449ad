import type { Role } from '@cc/contracts';
import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router';
import { LoadError } from '../components/load-error';
import { PageSpin } from '../components/page-spin';
import { hasAnyRole, useSession } from '../lib/session';

/** Renders its children for a signed-in person; sends everyone else to /login. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { state, refresh } = useSession();
  const location = useLocation();
  switch (state.status) {
    case 'loading':
      return <PageSpin />;
    case 'error':
      return <LoadError error={state.error} onRetry={() => void refresh()} />;
    case 'signed-out': {
      if (state.hasLoggedOut) return <Navigate to="/login" replace />;
      const from = `${location.pathname}${location.search}`;
      const search = from && from !== '/' ? `?from=${encodeURIComponent(from)}` : '';
      return <Navigate to={`/login${search}`} replace />;
    }
    case 'signed-in':
      return children;
  }
}

/** A page only some roles may open; the server checks again on every call. */
export function RequireRole({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const { t } = useTranslation();
  const { state } = useSession();
  if (state.status !== 'signed-in') return null;
  if (hasAnyRole(state.me, roles)) return children;
  return (
    <Result
      status="403"
      title={t('error.forbiddenTitle')}
      subTitle={t('error.forbiddenPage')}
      extra={
        <Link to="/">
          <Button type="primary">{t('common.backHome')}</Button>
        </Link>
      }
    />
  );
}
