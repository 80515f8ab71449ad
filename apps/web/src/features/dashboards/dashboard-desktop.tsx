import { AppstoreOutlined, FullscreenOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Tabs } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { PageSpin } from '../../components/page-spin';
import { StaleDataAlert } from '../../components/stale-data-alert';
import { areaName } from '../../lib/format';
import { BoardHead } from './board-shell';
import { DashboardLoadError, ExportMenu, LiveBadge, RangeBar } from './dashboard-parts';
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
import type { DashboardRange } from './dashboards-api';
import type { DashboardData } from './use-dashboard-data';

const DESKTOP_CHARTS = ['scenario', 'status', 'trend'] as const;
type DesktopChart = (typeof DESKTOP_CHARTS)[number];

export interface DashboardViewProps {
  code: string;
  data: DashboardData;
  range: DashboardRange;
  actions: DashboardActions;
  onRangeChange: (range: DashboardRange) => void;
  onScreenChange: (isScreen: boolean) => void;
}

/** The ordinary desktop dashboard, inside the app's layout, light, scrolling. */
export function DashboardDesktop({
  code,
  data,
  range,
  actions,
  onRangeChange,
  onScreenChange,
}: DashboardViewProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const dashboard = data.dashboard.value;
  const charts = useDashboardCharts(data, false, actions);
  const [chart, setChart] = useState<DesktopChart>('scenario');
  const navigate = useNavigate();

  // the topic boards (专题) of the same area and range
  const topicsLink = `/topics?${new URLSearchParams({
    area: code,
    ...(range.from ? { from: range.from } : {}),
    ...(range.to ? { to: range.to } : {}),
  }).toString()}`;

  const head = (
    <BoardHead
      testPrefix="dashboard"
      place={dashboard}
      linkTo={actions.linkTo}
      title={
        dashboard
          ? t('dashboards.title', { area: areaName(dashboard.area, language) })
          : t('dashboards.nav')
      }
      subtitle={dashboard ? rangeText(dashboard.range, t) : undefined}
      tools={
        <>
          <RangeBar range={range} onChange={onRangeChange} />
          {dashboard ? (
            <LiveBadge status={data.live.status} lastEvent={data.live.lastEvent} />
          ) : null}
          <Button
            icon={<ReloadOutlined />}
            onClick={data.reloadAll}
            loading={data.dashboard.isLoading && !!dashboard}
            aria-label={t('common.refresh')}
            title={t('common.refresh')}
            data-testid="dashboard-refresh"
          />
          <Button
            icon={<AppstoreOutlined />}
            onClick={() => void navigate(topicsLink)}
            data-testid="dashboard-topics-link"
          >
            {t('topics.nav')}
          </Button>
          <Button
            icon={<FullscreenOutlined />}
            onClick={() => onScreenChange(true)}
            data-testid="screen-toggle"
          >
            {t('dashboards.screen.enter')}
          </Button>
        </>
      }
    />
  );

  if (!dashboard) {
    return (
      <div className="cc-dash" data-testid="dashboard-page" data-state="loading">
        {head}
        {data.dashboard.error ? (
          <Card>
            <DashboardLoadError error={data.dashboard.error} onRetry={data.dashboard.reload} />
          </Card>
        ) : (
          <PageSpin />
        )}
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
    </div>
  );
}
