import { FullscreenOutlined, ReloadOutlined } from '@ant-design/icons';
import { Breadcrumb, Button, Card, Space, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageSpin } from '../../components/page-spin';
import { StaleDataAlert } from '../../components/stale-data-alert';
import { areaName } from '../../lib/format';
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

  const head = (
    <div className="cc-dash-head">
      <div className="cc-dash-title">
        {dashboard ? (
          <Breadcrumb
            data-testid="dashboard-breadcrumb"
            items={[...dashboard.chain, dashboard.area].map((area, index, all) => ({
              key: area.code,
              title:
                index === all.length - 1 ? (
                  areaName(area, language)
                ) : (
                  <Link to={actions.linkTo(area.code)} data-testid={`crumb-${area.code}`}>
                    {areaName(area, language)}
                  </Link>
                ),
            }))}
          />
        ) : null}
        <Space align="center" wrap size={8}>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="dashboard-title">
            {dashboard
              ? t('dashboards.title', { area: areaName(dashboard.area, language) })
              : t('dashboards.nav')}
          </Typography.Title>
          {dashboard ? (
            <Typography.Text type="secondary" data-testid="dashboard-range-text">
              {rangeText(dashboard.range, t)}
            </Typography.Text>
          ) : null}
        </Space>
      </div>
      <Space wrap size={8} className="cc-dash-tools">
        <RangeBar range={range} onChange={onRangeChange} />
        {dashboard ? <LiveBadge status={data.live.status} lastEvent={data.live.lastEvent} /> : null}
        <Button
          icon={<ReloadOutlined />}
          onClick={data.reloadAll}
          loading={data.dashboard.isLoading && !!dashboard}
          aria-label={t('common.refresh')}
          title={t('common.refresh')}
          data-testid="dashboard-refresh"
        />
        <Button
          icon={<FullscreenOutlined />}
          onClick={() => onScreenChange(true)}
          data-testid="screen-toggle"
        >
          {t('dashboards.screen.enter')}
        </Button>
      </Space>
    </div>
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
