import { AppstoreOutlined } from '@ant-design/icons';
import type { Dashboard } from '@cc/contracts';
import { Card, Tabs } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StaleDataAlert } from '../../components/stale-data-alert';
import { areaName } from '../../lib/format';
import {
  BoardHead,
  BoardLinkButton,
  BoardWait,
  RefreshButton,
  type BoardHeading,
  type BoardView,
} from './board-shell';
import { ExportMenu, LiveBadge } from './dashboard-parts';
import {
  ComparePanel,
  exportName,
  IndicatorGroups,
  MapPanel,
  SummaryStrip,
  useDashboardCharts,
  type DashboardActions,
} from './dashboard-panels';
import { rangeText } from './dashboard-range';
import { DepartmentIndicators } from './department-indicators';
import type { DashboardData } from './use-dashboard-data';

// 物业 "1 + 3": a small card of complaints about property per 1,000 households
const PropertyComplaintsCard = lazy(() =>
  import('../property').then((m) => ({ default: m.PropertyComplaintsCard })),
);

const DESKTOP_CHARTS = ['scenario', 'status', 'trend'] as const;
type DesktopChart = (typeof DESKTOP_CHARTS)[number];

export interface DashboardViewProps extends BoardView {
  code: string;
  data: DashboardData;
  actions: DashboardActions;
}

/** The dashboard's title (the area's) and the range under it, on the desktop or the big screen. */
export function useDashboardHeading(
  dashboard: Dashboard | undefined,
  isScreen: boolean,
  actions: DashboardActions,
): BoardHeading {
  const { t, i18n } = useTranslation();
  const heading = { testPrefix: 'dashboard', place: dashboard, linkTo: actions.linkTo };
  if (!dashboard) return { ...heading, title: t('dashboards.nav') };
  const area = areaName(dashboard.area, i18n.language);
  return {
    ...heading,
    title: isScreen ? t('dashboards.screen.title', { area }) : t('dashboards.title', { area }),
    subtitle: rangeText(dashboard.range, t),
  };
}

/** The ordinary desktop dashboard, inside the app's layout, light, scrolling. */
export function DashboardDesktop({ code, data, actions, ...view }: DashboardViewProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const dashboard = data.dashboard.value;
  const heading = useDashboardHeading(dashboard, false, actions);
  const charts = useDashboardCharts(data, false, actions);
  const [chart, setChart] = useState<DesktopChart>('scenario');

  // the topic boards (专题) of the same area and range
  const { from, to } = view.range;
  const topicsLink = `/topics?${new URLSearchParams({
    area: code,
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  }).toString()}`;

  const head = (
    <BoardHead
      heading={heading}
      view={view}
      tools={
        <>
          {dashboard ? (
            <LiveBadge status={data.live.status} lastEvent={data.live.lastEvent} />
          ) : null}
          <RefreshButton
            onClick={data.reloadAll}
            isLoading={data.dashboard.isLoading && !!dashboard}
            testId="dashboard-refresh"
          />
          <BoardLinkButton
            to={topicsLink}
            icon={<AppstoreOutlined />}
            testId="dashboard-topics-link"
          >
            {t('topics.nav')}
          </BoardLinkButton>
        </>
      }
    />
  );

  if (!dashboard) {
    return (
      <div className="cc-dash" data-testid="dashboard-page" data-state="loading">
        {head}
        <BoardWait isScreen={false} error={data.dashboard.error} onRetry={data.dashboard.reload} />
      </div>
    );
  }

  const fileName = exportName(dashboard, language);
  return (
    <div
      className="cc-dash"
      data-testid="dashboard-page"
      data-state="ready"
      data-area-code={dashboard.area.code}
    >
      {head}
      <StaleDataAlert error={data.dashboard.error} />
      <SummaryStrip dashboard={dashboard} isScreen={false} />
      <IndicatorGroups dashboard={dashboard} />
      <DepartmentIndicators dashboard={dashboard} onOpen={(i) => actions.openFed(i.id)} />
      <div className="cc-dash-row">
        <MapPanel data={data} code={code} isScreen={false} actions={actions} />
        <Card
          size="small"
          className="cc-dash-charts"
          data-testid="dashboard-charts"
          title={t('dashboards.charts')}
          extra={
            <ExportMenu
              fileName={fileName(t(`dashboards.chart.${chart}Title`))}
              csv={() => charts.csv(chart)}
              png={() => charts.png(chart)}
              testId="export-charts"
            />
          }
        >
          <Tabs
            size="small"
            activeKey={chart}
            onChange={(key) => setChart(DESKTOP_CHARTS.find((k) => k === key) ?? 'scenario')}
            items={DESKTOP_CHARTS.map((kind) => ({
              key: kind,
              label: (
                <span data-testid={`chart-tab-${kind}`}>{t(`dashboards.chart.${kind}Title`)}</span>
              ),
              children: <div className="cc-dash-chart-box">{charts.render(kind)}</div>,
            }))}
          />
        </Card>
      </div>
      <ComparePanel data={data} actions={actions} />
      <Suspense fallback={null}>
        <PropertyComplaintsCard areaCode={dashboard.area.code} />
      </Suspense>
    </div>
  );
}
