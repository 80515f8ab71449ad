import type { Comparison, Dashboard, Domain, IndicatorState } from '@cc/contracts';
import { Alert, Empty, Space, Spin, Switch, Tag, Tooltip, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../../components/load-error';
import { describeError } from '../../lib/api';
import { withUnit, type ChartContext } from '../../lib/chart-base';
import { areaName, inLanguage } from '../../lib/format';
import { Panel } from './board-shell';
import { chartPng, type ChartHandle } from './chart-handle';
import {
  compareOption,
  comparedValue,
  comparisonShading,
  fillTrend,
  perTenThousandDisplay,
  residentsDisplay,
  scenarioOption,
  statusOption,
  trendOption,
} from './chart-options';
import { CompareTable, type CompareColumn } from './compare-table';
import {
  compareRows,
  indicatorRows,
  pointRows,
  scenarioRows,
  statusRows,
  summaryRows,
  trendRows,
} from './dashboard-csv';
import {
  ChartBox,
  EmptyNote,
  ExportMenu,
  IndicatorSelect,
  IndicatorTile,
  MapBox,
  PerTenThousandToggle,
  groupIndicators,
} from './dashboard-parts';
import { stripFigures, trendNames } from './figures';
import { shanghaiDate } from '../../lib/shanghai-time';
import type { DashboardData } from './use-dashboard-data';

/** What a view does with a click: the page turns them into navigation and URL changes. */
export interface DashboardActions {
  setIndicator: (id: string) => void;
  /** 总量 / 每万人: rank the children by the value, or by it per 10,000 residents. */
  setPerTenThousand: (on: boolean) => void;
  drill: (code: string) => void;
  openCase: (id: string) => void;
  /** A department's indicator: its history and comparison (the comparison follows it). */
  openFed: (id: string) => void;
  /** The link of another area's dashboard, with this view's range and mode. */
  linkTo: (code: string) => string;
}

/** "黄浦区-指标-2026-05-01~2026-05-07": what the exported files of a dashboard's panels are called. */
export function exportName(dashboard: Pick<Dashboard, 'area' | 'range'>, language: string) {
  const from = Date.parse(dashboard.range.from);
  const to = Date.parse(dashboard.range.to);
  const days =
    Number.isNaN(from) || Number.isNaN(to)
      ? ''
      : shanghaiDate(from) === shanghaiDate(to - 1)
        ? shanghaiDate(from)
        : `${shanghaiDate(from)}~${shanghaiDate(to - 1)}`;
  const area = areaName(dashboard.area, language);
  return (panel: string) => [area, panel, days].filter(Boolean).join('-');
}

/** Scenario code → its name in the reader's language (taxonomy first, then the dashboard's). */
export function useScenarioName(data: DashboardData) {
  const { i18n } = useTranslation();
  const dashboard = data.dashboard.value;
  return useMemo(() => {
    const names = new Map<string, string>();
    for (const s of dashboard?.byScenario ?? [])
      names.set(s.scenarioCode, inLanguage(s.name, s.nameEn, i18n.language));
    for (const s of data.taxonomy?.scenarios ?? [])
      names.set(s.code, inLanguage(s.name, s.nameEn, i18n.language));
    return (code: string) => names.get(code) ?? code;
  }, [dashboard, data.taxonomy, i18n.language]);
}

/**
 * The figures at the top (上报工单, 在办工单, 处置完成, 办结): the indicators the indicator file
 * names for the strip, with their names, values and units, their definitions on hover.
 */
export function SummaryStrip({ dashboard, isScreen }: { dashboard: Dashboard; isScreen: boolean }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const figures = stripFigures(dashboard);
  const fileName = exportName(dashboard, language);
  return (
    <div className="cc-kpis" data-testid="dashboard-kpis">
      {figures.map(({ key, indicator }) => (
        <Tooltip
          key={indicator.id}
          title={inLanguage(indicator.definition, indicator.definitionEn, language)}
        >
          <div
            className={`cc-kpi cc-kpi-${key}`}
            data-testid={`kpi-${key}`}
            data-indicator={indicator.id}
            data-value={indicator.value ?? ''}
            tabIndex={0}
          >
            <div className="cc-kpi-label">
              {inLanguage(indicator.name, indicator.nameEn, language)}
            </div>
            <div className="cc-kpi-value">
              {indicator.display}
              {indicator.value === null ? null : (
                <span className="cc-kpi-unit">
                  {inLanguage(indicator.unit, indicator.unitEn, language)}
                </span>
              )}
            </div>
          </div>
        </Tooltip>
      ))}
      {isScreen ? null : (
        <div className="cc-kpis-export">
          <ExportMenu
            fileName={fileName(t('dashboards.kpi.title'))}
            csv={() => summaryRows(figures, t, language)}
            testId="export-kpis"
          />
        </div>
      )}
    </div>
  );
}

/**
 * The desktop's indicator cards: every first-level group of ours with all its indicators (the
 * departments' have their own panel, DepartmentIndicators).
 */
export function IndicatorGroups({ dashboard }: { dashboard: Dashboard }) {
  const { t, i18n } = useTranslation();
  const fileName = exportName(dashboard, i18n.language);
  const groups = groupIndicators(dashboard, i18n.language, t('dashboards.otherGroup'), 'platform');
  return (
    <Panel
      isScreen={false}
      testId="dashboard-indicators"
      title={t('dashboards.indicators')}
      extra={
        <ExportMenu
          fileName={fileName(t('dashboards.indicators'))}
          csv={() => indicatorRows(dashboard, t, i18n.language)}
          testId="export-indicators"
        />
      }
    >
      {groups.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboards.noIndicators')} />
      ) : (
        groups.map((group) => (
          <div key={group.id} className="cc-indicator-group" data-testid={`group-${group.id}`}>
            <Typography.Text strong className="cc-indicator-group-name">
              {group.name}
            </Typography.Text>
            <div className="cc-indicator-grid">
              {group.indicators.map((indicator) => (
                <IndicatorTile key={indicator.id} indicator={indicator} />
              ))}
            </div>
          </div>
        ))
      )}
    </Panel>
  );
}

const NO_DOMAINS: Domain[] = [];

/** The map with its layer controls: the indicator that shades it, the heat layer, export. */
export function MapPanel({
  data,
  code,
  isScreen,
  actions,
}: {
  data: DashboardData;
  code: string;
  isScreen: boolean;
  actions: DashboardActions;
}) {
  const { t, i18n } = useTranslation();
  const dashboard = data.dashboard.value;
  const [isHeat, setIsHeat] = useState(false);
  const chartRef = useRef<ChartHandle | undefined>(undefined);
  const scenarioName = useScenarioName(data);
  const domains = data.taxonomy?.domains ?? NO_DOMAINS;
  const comparison = data.comparison.value;
  const shading = useMemo(
    () => comparisonShading(comparison, { t, language: i18n.language }),
    [comparison, t, i18n.language],
  );
  if (!dashboard) return null;
  const fileName = exportName(dashboard, i18n.language);
  const hasChildren = dashboard.children.length > 0;
  return (
    <Panel
      isScreen={isScreen}
      testId="dashboard-map-panel"
      className="cc-dash-map-panel"
      title={t('dashboards.map.title')}
      extra={
        <Space size={isScreen ? 12 : 8} wrap>
          {hasChildren ? (
            <IndicatorSelect
              dashboard={dashboard}
              value={data.indicator?.id}
              onChange={actions.setIndicator}
              size="small"
              width={isScreen ? '14em' : 180}
            />
          ) : null}
          <label className="cc-dash-switch">
            <Switch size="small" checked={isHeat} onChange={setIsHeat} data-testid="heat-toggle" />
            {t('dashboards.map.heat')}
          </label>
          <ExportMenu
            fileName={fileName(t('dashboards.map.title'))}
            csv={() => pointRows(data.points.items, domains, scenarioName, t, i18n.language)}
            png={() => chartPng(chartRef.current, isScreen)}
            testId="export-map"
          />
        </Space>
      }
    >
      <div className="cc-dash-map-wrap">
        <MapBox
          code={code}
          shading={shading}
          points={data.points.items}
          fresh={data.points.fresh}
          domains={domains}
          scenarioName={scenarioName}
          isHeat={isHeat}
          isDark={isScreen}
          onDrill={actions.drill}
          onOpenCase={actions.openCase}
          onReady={(chart) => {
            chartRef.current = chart;
          }}
        />
        {data.points.isLoading && data.points.value ? (
          <Spin size="small" className="cc-dash-map-busy" />
        ) : null}
      </div>
      {data.points.error ? (
        <Typography.Text type="warning" className="cc-dash-note" data-testid="points-error">
          {t('dashboards.map.pointsFailed', { reason: describeError(data.points.error, t) })}
        </Typography.Text>
      ) : data.points.value?.truncated ? (
        <Typography.Text type="secondary" className="cc-dash-note" data-testid="points-truncated">
          {t('dashboards.map.truncated', { shown: data.points.value.items.length })}
        </Typography.Text>
      ) : null}
    </Panel>
  );
}

export const CHART_KINDS = ['scenario', 'status', 'trend', 'compare'] as const;
export type ChartKind = (typeof CHART_KINDS)[number];

/**
 * One chart of the dashboard (by scenario, by status, the trend, the comparison) with what its
 * export needs. The desktop shows them in tabs, the big screen in turn.
 */
export function useDashboardCharts(
  data: DashboardData,
  isScreen: boolean,
  actions: DashboardActions,
) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const dashboard = data.dashboard.value;
  const comparison = data.comparison.value;
  const handles = useRef<Partial<Record<ChartKind, ChartHandle>>>({});
  const ctx: ChartContext = useMemo(
    () => ({ t, language, isDark: isScreen, isScreen }),
    [t, language, isScreen],
  );
  const options = useMemo(
    () => ({
      scenario: dashboard
        ? scenarioOption(dashboard.byScenario, ctx, isScreen ? 10 : 15)
        : undefined,
      status: dashboard ? statusOption(dashboard.byStatus, ctx) : undefined,
      trend: dashboard
        ? trendOption(fillTrend(dashboard), ctx, trendNames(dashboard.indicators, language, t))
        : undefined,
      compare: comparison ? compareOption(comparison, ctx) : undefined,
    }),
    [dashboard, comparison, ctx, isScreen, language, t],
  );

  const isEmpty = (kind: ChartKind) => {
    switch (kind) {
      case 'scenario':
        return !dashboard?.byScenario.some((s) => s.reported > 0 || s.open > 0);
      case 'status':
        return !dashboard?.byStatus.some((s) => s.n > 0);
      case 'trend':
        return !dashboard?.trend.points.length;
      case 'compare':
        return !comparison?.items.some((item) => comparedValue(comparison, item) !== null);
    }
  };

  const csv = (kind: ChartKind) => {
    if (!dashboard) return undefined;
    switch (kind) {
      case 'scenario':
        return scenarioRows(dashboard, t, language);
      case 'status':
        return statusRows(dashboard, t);
      case 'trend':
        return trendRows(dashboard, t, language);
      case 'compare':
        return comparison ? compareRows(comparison, t, language) : undefined;
    }
  };

  const render = (kind: ChartKind) => {
    if (kind === 'compare') {
      const pending = comparisonPending(data.comparison, t);
      if (pending) return pending;
    }
    return (
      <ChartBox
        option={options[kind]}
        isEmpty={isEmpty(kind)}
        isDark={isScreen}
        testId={`chart-${kind}`}
        onReady={(chart) => {
          handles.current[kind] = chart;
        }}
        onItemClick={
          kind === 'compare'
            ? (item) => {
                const code = (item as { code?: string } | undefined)?.code;
                if (code) actions.drill(code);
              }
            : undefined
        }
      />
    );
  };

  const png = (kind: ChartKind) => chartPng(handles.current[kind], isScreen);
  return { render, csv, png };
}

/**
 * What the big screen and the charts show for the comparison until there is one to draw: that
 * there are no children to compare, the failed load, or a spinner. Null once it has loaded.
 */
export function comparisonPending(
  comparison: DashboardData['comparison'],
  t: TFunction,
): ReactNode {
  if (!comparison.isEnabled) return <EmptyNote description={t('dashboards.compare.noChildren')} />;
  if (comparison.error && !comparison.value) {
    return <LoadError error={comparison.error} onRetry={comparison.reload} isCompact />;
  }
  if (!comparison.value) return <Spin className="cc-dash-spin" />;
  return null;
}

const STATE_TAG: Record<IndicatorState, string> = {
  green: 'success',
  amber: 'warning',
  red: 'error',
};

type CompareItem = Comparison['items'][number];

/**
 * 总量 / 每万人 beside the indicator select, for an indicator where per head is fair; on both
 * the desktop's 交叉比对 and the big screen's ranking.
 */
export function PerTenThousandSwitch({
  data,
  actions,
  size,
}: {
  data: DashboardData;
  actions: DashboardActions;
  size?: 'small' | 'middle';
}) {
  if (!data.indicator?.perResidents || !data.comparison.isEnabled) return null;
  return (
    <PerTenThousandToggle
      value={data.perTenThousand}
      onChange={actions.setPerTenThousand}
      size={size}
    />
  );
}

/**
 * The desktop's 交叉比对: pick an indicator, a sortable table and a bar of every child. Per
 * 10,000 residents, the table adds the value and the registered residents, with their source.
 */
export function ComparePanel({
  data,
  actions,
}: {
  data: DashboardData;
  actions: DashboardActions;
}) {
  const { t, i18n } = useTranslation();
  const dashboard = data.dashboard.value;
  const charts = useDashboardCharts(data, false, actions);
  if (!dashboard) return null;
  const fileName = exportName(dashboard, i18n.language);
  return (
    <Panel
      isScreen={false}
      testId="dashboard-compare"
      title={t('dashboards.compare.title')}
      extra={
        <Space size={8} wrap>
          <IndicatorSelect
            dashboard={dashboard}
            value={data.indicator?.id}
            onChange={actions.setIndicator}
          />
          <PerTenThousandSwitch data={data} actions={actions} />
          <ExportMenu
            fileName={fileName(t('dashboards.compare.title'))}
            csv={() => charts.csv('compare')}
            png={() => charts.png('compare')}
            testId="export-compare"
          />
        </Space>
      }
    >
      <ComparisonBody data={data} actions={actions} testPrefix="compare" />
    </Panel>
  );
}

/**
 * The comparison of the chosen indicator on the desktop: the table of every child beside its
 * bar chart (the compare panel, and a department indicator's drawer, `testPrefix` apart).
 */
export function ComparisonBody({
  data,
  actions,
  testPrefix,
}: {
  data: DashboardData;
  actions: DashboardActions;
  testPrefix: string;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const charts = useDashboardCharts(data, false, actions);
  const comparison = data.comparison.value;
  const indicator = comparison?.indicator;
  const isPerTenThousand = !!comparison?.perTenThousand;
  const isWorst = (item: CompareItem) => item.area.code === comparison?.worst;
  const valueText = (item: CompareItem) =>
    indicator ? withUnit(item.display, indicator, language) : item.display;
  const byValue: Omit<CompareColumn<CompareItem>, 'key'> = {
    title: indicator
      ? inLanguage(indicator.name, indicator.nameEn, language)
      : t('dashboards.csv.value'),
    sortValue: (item) => item.value,
    text: valueText,
  };

  if (!data.comparison.isEnabled) {
    return (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={t('dashboards.compare.noChildren')}
      />
    );
  }
  if (data.comparison.error && !comparison) {
    return <LoadError error={data.comparison.error} onRetry={data.comparison.reload} isCompact />;
  }
  return (
    <>
      {data.comparison.error ? (
        <Alert
          type="warning"
          showIcon
          title={describeError(data.comparison.error, t)}
          style={{ marginBottom: 8 }}
        />
      ) : null}
      <CompareTable
        items={comparison?.items ?? []}
        testPrefix={testPrefix}
        rankWidth={64}
        linkTo={actions.linkTo}
        value={
          isPerTenThousand
            ? {
                // the next column names the indicator
                title: t('dashboards.compare.perTenThousand'),
                sortValue: (item) => item.perTenThousand,
                text: (item) => perTenThousandDisplay(item.perTenThousand, language),
              }
            : byValue
        }
        extraColumns={
          isPerTenThousand
            ? [
                { key: 'raw', ...byValue },
                {
                  key: 'residents',
                  title: t('dashboards.compare.residents'),
                  sortValue: (item) => item.residents,
                  text: (item) => residentsDisplay(item.residents, language),
                },
              ]
            : undefined
        }
        mark={{
          key: 'state',
          title: t('dashboards.compare.state'),
          render: (item) =>
            isWorst(item) ? (
              <Tag color="error">{t('dashboards.compare.worst')}</Tag>
            ) : item.state ? (
              <Tag color={STATE_TAG[item.state]}>{t(`dashboards.state.${item.state}`)}</Tag>
            ) : null,
        }}
        isMarked={isWorst}
        rowAttributes={(item) => ({
          'data-worst': isWorst(item) ? 'true' : undefined,
          'data-state': item.state ?? undefined,
          'data-display': item.display,
          'data-residents': isPerTenThousand ? String(item.residents ?? '') : undefined,
          'data-per-ten-thousand': isPerTenThousand ? String(item.perTenThousand ?? '') : undefined,
        })}
        isLoading={data.comparison.isLoading && !comparison}
        note={
          isPerTenThousand ? (
            <Typography.Text
              type="secondary"
              className="cc-dash-note"
              data-testid="compare-population-note"
            >
              {t('dashboards.compare.populationNote')}
            </Typography.Text>
          ) : undefined
        }
        chart={charts.render('compare')}
      />
    </>
  );
}
