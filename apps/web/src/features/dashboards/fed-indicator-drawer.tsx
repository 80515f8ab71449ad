import { Descriptions, Drawer, Grid, Space, Tag, Typography } from 'antd';
import { useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { DepartmentApps, useDepartmentApps } from '../../components/department-apps';
import { LoadError } from '../../components/load-error';
import { useRequest } from '../../lib/api';
import { thresholdBounds, withUnit, type ChartContext } from '../../lib/chart-base';
import { areaName, inLanguage } from '../../lib/format';
import { chartPng, type ChartHandle } from './chart-handle';
import { historyOption } from './chart-options';
import { historyRows } from './dashboard-csv';
import { ChartBox, ExportMenu } from './dashboard-parts';
import { ComparisonBody, exportName, type DashboardActions } from './dashboard-panels';
import { getFedHistory, type DashboardRange } from './dashboards-api';
import type { DashboardData } from './use-dashboard-data';

const STATE_TAG = { green: 'success', amber: 'warning', red: 'error' } as const;

/**
 * A department's indicator, opened from its tile: its value now, who feeds it (and the way into
 * their special apps), how it is defined and judged, its history over the range (read again when
 * the department feeds it) and the comparison of the areas below. The dashboard's comparison and
 * map follow the indicator while it is open. Over the big screen it is dark like the wall.
 */
export function FedIndicatorDrawer({
  code,
  range,
  data,
  actions,
  indicatorId,
  isScreen,
  onClose,
}: {
  code: string;
  /** the range as the page holds it: an open end stays open */
  range: DashboardRange;
  data: DashboardData;
  actions: DashboardActions;
  indicatorId: string | undefined;
  isScreen: boolean;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const screens = Grid.useBreakpoint();
  const dashboard = data.dashboard.value;
  const indicator = dashboard?.indicators.find((i) => i.id === indicatorId);
  const isOpen = !!indicator && indicator.source === 'department';
  const appsOf = useDepartmentApps(isOpen);
  const chartRef = useRef<ChartHandle | undefined>(undefined);
  // read again whenever its department feeds it
  const moved = indicatorId ? (data.live.fedTicks[indicatorId] ?? 0) : 0;
  const key = `${code}|${indicatorId ?? ''}|${range.from ?? ''}|${range.to ?? ''}|${moved}`;
  const history = useRequest(
    async (signal) => ({
      key,
      value: await getFedHistory(code, indicatorId ?? '', range, signal),
    }),
    [key],
    isOpen,
  );
  const series = history.data?.key.startsWith(`${code}|${indicatorId ?? ''}|`)
    ? history.data.value
    : undefined;
  const ctx: ChartContext = useMemo(
    () => ({ t, language, isDark: isScreen, isScreen: false }),
    [t, language, isScreen],
  );
  const option = useMemo(
    () => (series && indicator ? historyOption(series, indicator, ctx) : undefined),
    [series, indicator, ctx],
  );

  if (!dashboard) return null;
  const name = indicator ? inLanguage(indicator.name, indicator.nameEn, language) : '';
  const department = indicator?.department;
  const fileName = exportName(dashboard, language);
  const thresholds = indicator?.thresholds;
  const unit = indicator ? inLanguage(indicator.unit, indicator.unitEn, language) : '';

  return (
    <Drawer
      open={isOpen}
      onClose={onClose}
      size={screens.lg ? (isScreen ? '48vw' : 960) : '100%'}
      zIndex={isScreen ? 1100 : undefined}
      destroyOnHidden
      title={t('deptIndicators.drawer.title', { name, area: areaName(dashboard.area, language) })}
      data-testid="fed-drawer"
    >
      {indicator ? (
        <div
          className="cc-fed-drawer"
          data-testid="fed-detail"
          data-indicator={indicator.id}
          data-state={indicator.state ?? 'neutral'}
        >
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('deptIndicators.drawer.value')}>
              {indicator.noFeed ? (
                <Typography.Text type="secondary" data-testid="fed-detail-value">
                  {t('deptIndicators.noFeed')}
                </Typography.Text>
              ) : (
                <Space size={8}>
                  <Typography.Text strong data-testid="fed-detail-value">
                    {withUnit(indicator.display, indicator, language)}
                  </Typography.Text>
                  {indicator.state ? (
                    <Tag color={STATE_TAG[indicator.state]}>
                      {t(`dashboards.state.${indicator.state}`)}
                    </Tag>
                  ) : null}
                </Space>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('deptIndicators.drawer.source')}>
              {department ? (
                <Space size={8} wrap>
                  <span data-testid="fed-detail-department">
                    {inLanguage(department.name, department.nameEn, language)}
                  </span>
                  <DepartmentApps department={department.name} systems={appsOf(department.name)} />
                </Space>
              ) : null}
            </Descriptions.Item>
            <Descriptions.Item label={t('deptIndicators.drawer.definition')}>
              {inLanguage(indicator.definition, indicator.definitionEn, language)}
            </Descriptions.Item>
            <Descriptions.Item label={t('deptIndicators.drawer.thresholds')}>
              {thresholds
                ? t('dashboards.thresholds', thresholdBounds(indicator.direction, thresholds, unit))
                : t('deptIndicators.drawer.noThresholds')}
            </Descriptions.Item>
          </Descriptions>

          <div className="cc-fed-drawer-head">
            <Typography.Title level={5} style={{ margin: 0 }}>
              {t('deptIndicators.drawer.history')}
              {series ? (
                <Typography.Text type="secondary" className="cc-fed-drawer-bucket">
                  {series.bucket === 'hour'
                    ? t('deptIndicators.drawer.historyHour')
                    : t('deptIndicators.drawer.historyDay')}
                  {unit ? ` · ${unit}` : ''}
                </Typography.Text>
              ) : null}
            </Typography.Title>
            <ExportMenu
              fileName={fileName(name)}
              csv={() => (series ? historyRows(series, indicator, t, language) : undefined)}
              png={() => chartPng(chartRef.current, isScreen)}
              testId="export-fed-history"
            />
          </div>
          <div className="cc-fed-history" data-testid="fed-history">
            {history.error && !series ? (
              <LoadError error={history.error} onRetry={history.reload} isCompact />
            ) : (
              <ChartBox
                option={option}
                isEmpty={!!series && !series.points.some((p) => p.value !== null)}
                isDark={isScreen}
                testId="fed-history-chart"
                emptyText={t('deptIndicators.drawer.historyEmpty')}
                onReady={(chart) => {
                  chartRef.current = chart;
                }}
              />
            )}
          </div>

          <Typography.Title level={5} className="cc-fed-drawer-head">
            {t('deptIndicators.drawer.compare')}
          </Typography.Title>
          <ComparisonBody data={data} actions={actions} testPrefix="fed-compare" />
        </div>
      ) : null}
    </Drawer>
  );
}
