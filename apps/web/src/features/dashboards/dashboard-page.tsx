import { ConfigProvider, Result } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate, useParams } from 'react-router';
import { useMe } from '../../lib/session';
import { useBoardUrl } from './board-shell';
import { DashboardDesktop } from './dashboard-desktop';
import type { DashboardActions } from './dashboard-panels';
import { dashboardRoot } from './dashboard-roles';
import { DashboardScreen } from './dashboard-screen';
import { FedIndicatorDrawer } from './fed-indicator-drawer';
import { useDashboardData } from './use-dashboard-data';

const dashboardPath = (code: string) => `/dashboards/${encodeURIComponent(code)}`;

/**
 * /dashboards/:code — the operation centre's dashboard of one area (城运中心大屏). The URL holds
 * the whole view (`from`, `to`, `indicator`, `perTenThousand=true`, `mode=screen`), so a link
 * reproduces it.
 */
export function DashboardPage() {
  const { code = '' } = useParams();
  const navigate = useNavigate();
  const board = useBoardUrl(dashboardPath);
  const { params, range, isScreen, update, linkTo, drill } = board;
  const data = useDashboardData(
    code,
    range,
    params.get('indicator'),
    params.get('perTenThousand') === 'true',
    isScreen,
  );
  const indicators = data.dashboard.value?.indicators;
  // the department indicator whose history and comparison are open (on this area's board)
  const [fedOpen, setFedOpen] = useState<{ code: string; id: string } | undefined>();

  const actions: DashboardActions = useMemo(() => {
    // an indicator that is not per head (a rate, a time) turns 每万人 off
    const setIndicator = (id: string) =>
      update(
        indicators?.find((indicator) => indicator.id === id)?.perResidents
          ? { indicator: id }
          : { indicator: id, perTenThousand: undefined },
        true,
      );
    return {
      linkTo,
      drill,
      setIndicator,
      openFed: (id: string) => {
        setIndicator(id);
        setFedOpen({ code, id });
      },
      setPerTenThousand: (on: boolean) => update({ perTenThousand: on ? 'true' : undefined }, true),
      // The big screen stays up: the case opens beside it.
      openCase: (id: string) => {
        const url = `/cases/${encodeURIComponent(id)}`;
        if (isScreen) window.open(url, '_blank', 'noopener');
        else void navigate(url);
      },
    };
  }, [code, linkTo, drill, navigate, update, isScreen, indicators]);

  const props = {
    code,
    data,
    range,
    actions,
    onRangeChange: board.onRangeChange,
    onScreenChange: board.onScreenChange,
  };
  const drawer = (
    <FedIndicatorDrawer
      code={code}
      range={range}
      data={data}
      actions={actions}
      indicatorId={fedOpen?.code === code ? fedOpen.id : undefined}
      isScreen={isScreen}
      onClose={() => setFedOpen(undefined)}
    />
  );
  return isScreen ? (
    <ConfigProvider theme={board.darkTheme}>
      <DashboardScreen {...props} />
      {drawer}
    </ConfigProvider>
  ) : (
    <>
      <DashboardDesktop {...props} />
      {drawer}
    </>
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
  return <Navigate to={`${dashboardPath(root)}${location.search}`} replace />;
}
