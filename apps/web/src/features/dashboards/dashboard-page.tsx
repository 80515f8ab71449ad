import { ConfigProvider, Result, theme, type ThemeConfig } from 'antd';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { useMe } from '../../lib/session';
import { chartFontSize } from './chart-options';
import { DashboardDesktop } from './dashboard-desktop';
import type { DashboardActions } from './dashboard-panels';
import { dashboardRoot } from './dashboard-roles';
import { DashboardScreen } from './dashboard-screen';
import type { DashboardRange } from './dashboards-api';
import { useDashboardData } from './use-dashboard-data';
import './dashboards.css';

/**
 * The big screen's dark theme, for this page only; its type grows with the screen like the
 * charts' (14 px at 1080 lines).
 */
function screenTheme(): ThemeConfig {
  const fontSize = chartFontSize(true);
  return {
    algorithm: theme.darkAlgorithm,
    token: {
      colorPrimary: '#3ba0ff',
      colorInfo: '#3ba0ff',
      colorBgContainer: '#0d1f3f',
      colorBgElevated: '#11264a',
      colorBorder: '#24416f',
      borderRadius: 4,
      fontSize,
      controlHeight: Math.round(fontSize * 2.2),
      controlHeightSM: Math.round(fontSize * 1.7),
    },
  };
}

/**
 * /dashboards/:code — the operation centre's dashboard of one area (城运中心大屏). The URL holds
 * the whole view (`from`, `to`, `indicator`, `mode=screen`), so a link reproduces it.
 */
export function DashboardPage() {
  const { code = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const isScreen = params.get('mode') === 'screen';
  const from = params.get('from') || undefined;
  const to = params.get('to') || undefined;
  const range = useMemo<DashboardRange>(() => ({ from, to }), [from, to]);
  const data = useDashboardData(code, range, params.get('indicator'));

  const update = useCallback(
    (changes: Record<string, string | undefined>, replace = false) =>
      setParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          for (const [key, value] of Object.entries(changes)) {
            if (value) next.set(key, value);
            else next.delete(key);
          }
          return next;
        },
        { replace },
      ),
    [setParams],
  );

  const search = params.toString();
  const actions: DashboardActions = useMemo(() => {
    const linkTo = (target: string) =>
      `/dashboards/${encodeURIComponent(target)}${search ? `?${search}` : ''}`;
    return {
      linkTo,
      drill: (target: string) => void navigate(linkTo(target)),
      setIndicator: (id: string) => update({ indicator: id }, true),
      // The big screen stays up: the case opens beside it.
      openCase: (id: string) => {
        const url = `/cases/${encodeURIComponent(id)}`;
        if (isScreen) window.open(url, '_blank', 'noopener');
        else void navigate(url);
      },
    };
  }, [search, navigate, update, isScreen]);

  const onRangeChange = useCallback(
    (next: DashboardRange) => update({ from: next.from, to: next.to }),
    [update],
  );
  const onScreenChange = useCallback(
    (on: boolean) => update({ mode: on ? 'screen' : undefined }),
    [update],
  );
  // made when the big screen opens: its size sets the type
  const darkTheme = useMemo(() => (isScreen ? screenTheme() : undefined), [isScreen]);
  const props = { code, data, range, actions, onRangeChange, onScreenChange };
  return isScreen ? (
    <ConfigProvider theme={darkTheme}>
      <DashboardScreen {...props} />
    </ConfigProvider>
  ) : (
    <DashboardDesktop {...props} />
  );
}

/** /dashboards — the dashboard of the reader's top area, with the same query (mode, range). */
export function DashboardRedirect() {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  const root = dashboardRoot(me);
  if (!root) {
    return (
      <Result status="403" title={t('error.forbiddenTitle')} subTitle={t('dashboards.noArea')} />
    );
  }
  return <Navigate to={`/dashboards/${encodeURIComponent(root)}${location.search}`} replace />;
}
