import type { TopicBoard, TopicMetric } from '@cc/contracts';
import { Empty, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useRef, type HTMLAttributes, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequest } from '../../lib/api';
import { areaName, inLanguage } from '../../lib/format';
import type { ChartContext } from '../../lib/chart-base';
import {
  ChartBox,
  chartPng,
  CompareTable,
  EmptyNote,
  exportName,
  ExportMenu,
  formatNumber,
  MapBox,
  Panel,
  scenarioOption,
  type ChartHandle,
} from '../dashboards';
import {
  isHidden,
  latestDay,
  metricCompareOption,
  metricName,
  metricShading,
  metricText,
  metricTrendOption,
  sortValue,
} from './topic-charts';
import { caseRows, compareRows, metricRows, trendRows } from './topic-csv';
import { getRegions, type RegionItem } from './topics-api';

/** What a topic view does with a click: the page turns them into navigation and URL changes. */
export interface TopicActions {
  setMetric: (id: string) => void;
  drill: (code: string) => void;
  /** The link of another area's board of this topic, with this view's range and mode. */
  linkTo: (code: string) => string;
}

interface BoardProps {
  board: TopicBoard;
  metric: TopicMetric | undefined;
  isScreen: boolean;
}

/** A panel whose children lead to their own boards (a click on the map, a bar, a name). */
interface DrillProps extends BoardProps {
  actions: TopicActions;
}

function useChartContext(isScreen: boolean): ChartContext {
  const { t, i18n } = useTranslation();
  return useMemo(
    () => ({ t, language: i18n.language, isDark: isScreen, isScreen }),
    [t, i18n.language, isScreen],
  );
}

/** The names of the key areas, in the reader's language. */
function keyAreaNames(metric: TopicMetric, language: string): string[] {
  const byCode = new Map(metric.byChild.map((c) => [c.area.code, c.area]));
  return metric.keyAreas.map((code) => {
    const area = byCode.get(code);
    return area ? areaName(area, language) : code;
  });
}

/** The metric to compare and shade the map by. */
export function MetricSelect({
  board,
  value,
  onChange,
  width = 220,
  size,
}: {
  board: TopicBoard;
  value: string | undefined;
  onChange: (id: string) => void;
  width?: number;
  size?: 'small' | 'middle';
}) {
  const { t, i18n } = useTranslation();
  return (
    <Select
      value={value}
      onChange={onChange}
      size={size}
      style={{ width }}
      popupMatchSelectWidth={false}
      aria-label={t('topics.metric')}
      placeholder={t('topics.pickMetric')}
      options={board.metrics.map((m) => ({ value: m.id, label: metricName(m, i18n.language) }))}
      data-testid="topic-metric-select"
    />
  );
}

/** more metrics than this, and the big screen's tiles leave out the line saying how they count */
const SCREEN_ROOMY_TILES = 12;

/**
 * 专题指标: one card per metric — the figure and its unit ("<5" when fewer than five people),
 * the day it is from or that it sums the range, and the key areas by name. A click compares
 * that metric and shades the map by it.
 */
export function MetricCards({
  board,
  metric: chosen,
  isScreen,
  onChoose,
}: BoardProps & { onChoose: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const fileName = exportName(board, language);
  const cards = (
    <div
      className={
        isScreen
          ? `cc-topic-tiles${board.metrics.length > SCREEN_ROOMY_TILES ? ' cc-topic-tiles-many' : ''}`
          : 'cc-topic-cards'
      }
    >
      {board.metrics.map((metric) => {
        const isChosen = metric.id === chosen?.id;
        const isFed = metric.feed === 'platform';
        const hasFigure = metric.value !== null || isHidden(metric);
        const day = latestDay(metric);
        const keys = keyAreaNames(metric, language);
        const choose = () => onChoose(metric.id);
        const onKeyDown = (event: KeyboardEvent) => {
          if (event.key === 'Enter' || event.key === ' ') {
            event.preventDefault();
            choose();
          }
        };
        return (
          <div
            key={metric.id}
            className={`cc-indicator cc-indicator-neutral cc-topic-metric${isChosen ? ' cc-topic-metric-on' : ''}`}
            role="button"
            tabIndex={0}
            aria-pressed={isChosen}
            onClick={choose}
            onKeyDown={onKeyDown}
            data-testid={`topic-metric-${metric.id}`}
            data-value={metric.value ?? undefined}
            data-display={metric.display}
            data-feed={metric.feed}
          >
            <div className="cc-indicator-name" title={metricName(metric, language)}>
              {metricName(metric, language)}
              {isFed ? (
                <Tooltip title={t('topicsLive.fedTitle')}>
                  <Tag
                    color="green"
                    className="cc-topic-live-tag"
                    data-testid={`topic-metric-${metric.id}-live`}
                  >
                    {t('topicsLive.live')}
                  </Tag>
                </Tooltip>
              ) : null}
            </div>
            <div className="cc-indicator-value">
              <span data-testid={`topic-metric-${metric.id}-value`}>{metric.display || '—'}</span>
              {hasFigure ? (
                <span className="cc-indicator-unit">
                  {inLanguage(metric.unit, metric.unitEn, language)}
                </span>
              ) : null}
            </div>
            <div className="cc-indicator-target">
              <span className="cc-indicator-target-text">
                {isFed && !hasFigure
                  ? t('topicsLive.fedEmpty')
                  : metric.aggregate === 'latest'
                    ? day
                      ? t('topics.latest', { day })
                      : t('topics.aggregate.latest')
                    : t('topics.aggregate.sum')}
              </span>
            </div>
            <div
              className="cc-topic-keys"
              title={keys.join('、')}
              data-testid={`topic-metric-${metric.id}-keys`}
            >
              {keys.length > 0
                ? t('topics.keyAreas', { areas: keys.join('、') })
                : t('topics.noKeyAreas')}
            </div>
          </div>
        );
      })}
    </div>
  );
  return (
    <Panel
      isScreen={isScreen}
      testId="topic-metrics"
      className="cc-topic-metrics"
      title={t('topics.metrics')}
      extra={
        <ExportMenu
          fileName={fileName(t('topics.metrics'))}
          csv={() => metricRows(board, t, language)}
          testId="export-topic-metrics"
        />
      }
    >
      {cards}
    </Panel>
  );
}

/** The children's map shaded by the chosen metric, the key areas outlined; a click drills down. */
export function TopicMapPanel({ board, metric, isScreen, actions }: DrillProps) {
  const { t, i18n } = useTranslation();
  const chartRef = useRef<ChartHandle | undefined>(undefined);
  const shading = useMemo(() => metricShading(metric), [metric]);
  const fileName = exportName(board, i18n.language);
  const hasChildren = (metric?.byChild.length ?? 0) > 0;
  return (
    <Panel
      isScreen={isScreen}
      testId="topic-map-panel"
      className="cc-dash-map-panel"
      title={
        metric
          ? `${t('topics.map.title')} · ${metricName(metric, i18n.language)}`
          : t('topics.map.title')
      }
      extra={
        <Space size={8}>
          {hasChildren && !isScreen ? (
            <MetricSelect
              board={board}
              value={metric?.id}
              onChange={actions.setMetric}
              size="small"
              width={180}
            />
          ) : null}
          <ExportMenu
            fileName={fileName(t('topics.map.title'))}
            csv={() => (metric ? compareRows(metric, t, i18n.language) : undefined)}
            png={() => chartPng(chartRef.current, isScreen)}
            testId="export-topic-map"
          />
        </Space>
      }
    >
      <div className="cc-dash-map-wrap">
        <MapBox
          code={board.area.code}
          shading={shading}
          isDark={isScreen}
          onDrill={actions.drill}
          onReady={(chart) => {
            chartRef.current = chart;
          }}
        />
      </div>
    </Panel>
  );
}

type CompareItem = TopicMetric['byChild'][number];

/** The chosen metric for every child as a bar chart, the key areas in red; a bar drills down. */
function CompareChart({
  metric,
  isScreen,
  actions,
  onReady,
}: {
  metric: TopicMetric;
  isScreen: boolean;
  actions: TopicActions;
  onReady: (chart: ChartHandle | undefined) => void;
}) {
  const ctx = useChartContext(isScreen);
  const option = useMemo(() => metricCompareOption(metric, ctx), [metric, ctx]);
  return (
    <ChartBox
      option={option}
      isEmpty={!metric.byChild.some((item) => item.value !== null || isHidden(item))}
      isDark={isScreen}
      testId="topic-compare-chart"
      onReady={onReady}
      onItemClick={(item) => {
        const code = (item as { code?: string } | undefined)?.code;
        if (code) actions.drill(code);
      }}
    />
  );
}

/**
 * 交叉比对: pick a metric; every child in a sortable table and a bar chart, highest first, the
 * key areas marked. On the big screen, the chart alone.
 */
export function TopicComparePanel({ board, metric, isScreen, actions }: DrillProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const chartRef = useRef<ChartHandle | undefined>(undefined);
  const fileName = exportName(board, language);
  const keys = new Set(metric?.keyAreas ?? []);
  const isKey = (item: CompareItem) => keys.has(item.area.code);
  const title = metric
    ? `${t('dashboards.compare.title')} · ${metricName(metric, language)}`
    : t('dashboards.compare.title');

  const body = (() => {
    if (!metric || metric.byChild.length === 0) {
      return <EmptyNote description={t('dashboards.compare.noChildren')} />;
    }
    const chart = (
      <CompareChart
        metric={metric}
        isScreen={isScreen}
        actions={actions}
        onReady={(c) => {
          chartRef.current = c;
        }}
      />
    );
    if (isScreen) return <div className="cc-dash-chart-box">{chart}</div>;
    return (
      <CompareTable
        items={metric.byChild}
        testPrefix="topic-compare"
        rankWidth={72}
        linkTo={actions.linkTo}
        value={{
          title: metricName(metric, language),
          sortValue,
          text: (item) => metricText(item, metric, language),
        }}
        mark={{
          key: 'key',
          title: t('topics.compare.key'),
          render: (item) =>
            isKey(item) ? <Tag color="error">{t('topics.compare.key')}</Tag> : null,
        }}
        isMarked={isKey}
        rowAttributes={(item) => ({
          'data-key': isKey(item) ? 'true' : undefined,
          'data-display': item.display,
        })}
        chart={chart}
      />
    );
  })();

  return (
    <Panel
      isScreen={isScreen}
      testId="topic-compare"
      title={title}
      extra={
        <Space size={8}>
          {isScreen ? null : (
            <MetricSelect board={board} value={metric?.id} onChange={actions.setMetric} />
          )}
          <ExportMenu
            fileName={fileName(t('dashboards.compare.title'))}
            csv={() => (metric ? compareRows(metric, t, language) : undefined)}
            png={() => chartPng(chartRef.current, isScreen)}
            testId="export-topic-compare"
          />
        </Space>
      }
    >
      {body}
    </Panel>
  );
}

/** 每日趋势: every metric per day (the chosen one shown; the legend adds the others). */
export function TopicTrendPanel({ board, metric, isScreen }: BoardProps) {
  const { t, i18n } = useTranslation();
  const ctx = useChartContext(isScreen);
  const chartRef = useRef<ChartHandle | undefined>(undefined);
  const chosen = metric?.id;
  const option = useMemo(() => metricTrendOption(board, chosen, ctx), [board, chosen, ctx]);
  const fileName = exportName(board, i18n.language);
  return (
    <Panel
      isScreen={isScreen}
      testId="topic-trend"
      title={t('topics.trend.title')}
      extra={
        <ExportMenu
          fileName={fileName(t('topics.trend.title'))}
          csv={() => trendRows(board, i18n.language, t)}
          png={() => chartPng(chartRef.current, isScreen)}
          testId="export-topic-trend"
        />
      }
    >
      <div className="cc-dash-chart-box cc-topic-trend-box">
        <ChartBox
          option={option}
          isEmpty={!board.metrics.some((m) => m.trend.length > 0)}
          isDark={isScreen}
          testId="topic-trend-chart"
          onReady={(chart) => {
            chartRef.current = chart;
          }}
        />
      </div>
    </Panel>
  );
}

/** 专题工单: the topic's (or a 2.0 board's) cases — reported in the range, open now, by scenario. */
export function TopicCasesPanel({
  board,
  isScreen,
}: {
  board: Pick<TopicBoard, 'cases' | 'area' | 'range'>;
  isScreen: boolean;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const ctx = useChartContext(isScreen);
  const chartRef = useRef<ChartHandle | undefined>(undefined);
  const { cases } = board;
  const option = useMemo(
    () => scenarioOption(cases.byScenario, ctx, isScreen ? 8 : 12),
    [cases.byScenario, ctx, isScreen],
  );
  const fileName = exportName(board, language);
  const kpi = (key: 'reported' | 'open', label: string) => (
    <div
      className={`cc-kpi cc-kpi-${key}`}
      data-testid={`topic-cases-${key}`}
      data-value={cases[key]}
    >
      <div className="cc-kpi-label">{label}</div>
      <div className="cc-kpi-value">{formatNumber(cases[key], language)}</div>
    </div>
  );
  return (
    <Panel
      isScreen={isScreen}
      testId="topic-cases"
      className="cc-topic-cases"
      title={t('topics.cases.title')}
      extra={
        <ExportMenu
          fileName={fileName(t('topics.cases.title'))}
          csv={() => caseRows(board, t, language)}
          png={() => chartPng(chartRef.current, isScreen)}
          testId="export-topic-cases"
        />
      }
    >
      <div className="cc-topic-cases-body">
        <div className="cc-topic-cases-kpis">
          {kpi('reported', t('topics.cases.reported'))}
          {kpi('open', t('topics.cases.open'))}
        </div>
        <div className="cc-topic-cases-chart">
          <ChartBox
            option={option}
            isEmpty={!cases.byScenario.some((s) => s.reported > 0 || s.open > 0)}
            isDark={isScreen}
            testId="topic-cases-chart"
            emptyText={t('topics.cases.none')}
            onReady={(chart) => {
              chartRef.current = chart;
            }}
          />
        </div>
      </div>
    </Panel>
  );
}

/** No figures in the range: what the figures are and how they come in (imported or fed live). */
export function FiguresEmpty({ isScreen, hasFed }: { isScreen: boolean; hasFed: boolean }) {
  const { t } = useTranslation();
  return (
    <Panel isScreen={isScreen} testId="topic-empty" title={t('topics.empty.title')}>
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={
          <div className="cc-topic-empty-text">
            <Typography.Paragraph>{t('topics.empty.description')}</Typography.Paragraph>
            <Typography.Paragraph type="secondary">{t('topics.empty.range')}</Typography.Paragraph>
            {hasFed ? (
              <Typography.Paragraph type="secondary" data-testid="topic-empty-fed">
                {t('topicsLive.fedNote')}
              </Typography.Paragraph>
            ) : null}
          </div>
        }
      />
    </Panel>
  );
}

type Breakdown = TopicBoard['breakdowns'][number];

/** The regions an origin facet names: countries by their code, provinces as `CN-<code>`. */
function useRegionNames(isEnabled: boolean): Map<string, RegionItem> | undefined {
  const request = useRequest(
    async (signal) => {
      const [countries, provinces] = await Promise.all([
        getRegions(undefined, signal),
        getRegions('CN', signal),
      ]);
      return new Map<string, RegionItem>([
        ...countries.items.map((r) => [r.code, r] as const),
        ...provinces.items.map((r) => [`CN-${r.code}`, r] as const),
      ]);
    },
    [],
    isEnabled,
  );
  return request.data;
}

/** The facet's name in the reader's language; the code itself until the names have come. */
export function originName(
  facet: string,
  names: Map<string, RegionItem> | undefined,
  language: string,
): string {
  const region = names?.get(facet);
  return region ? inLanguage(region.name, region.nameEn, language) : facet;
}

/**
 * 来源地: where the range's arrivals came from, the largest first (ten at most) — provinces of
 * China and other countries; small counts hidden as everywhere on the board.
 */
export function TopicOriginsPanel({ board, isScreen }: Omit<BoardProps, 'metric'>) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const breakdown: Breakdown | undefined = board.breakdowns.find(
    (b) => b.metric === 'arrivals_declared',
  );
  const isFed = board.metrics.some((m) => m.id === 'arrivals_declared' && m.feed === 'platform');
  const names = useRegionNames(isFed);
  if (!isFed) return null;
  const items = breakdown?.items ?? [];
  return (
    <Panel
      isScreen={isScreen}
      testId="topic-origins"
      className="cc-topic-origins"
      title={t('topicsLive.origins.title')}
    >
      {items.length === 0 ? (
        <EmptyNote description={t('topicsLive.origins.empty')} />
      ) : (
        <>
          <Table
            size="small"
            pagination={false}
            rowKey="facet"
            dataSource={items}
            onRow={(item) =>
              ({
                'data-testid': `topic-origin-${item.facet}`,
                'data-display': item.display,
              }) as HTMLAttributes<HTMLElement>
            }
            columns={[
              {
                key: 'origin',
                title: t('topicsLive.origins.origin'),
                render: (_: unknown, item) => originName(item.facet, names, language),
              },
              {
                key: 'count',
                title: t('topicsLive.origins.count'),
                align: 'right',
                render: (_: unknown, item) => item.display,
              },
            ]}
          />
          {items.some((item) => item.value === null) ? (
            <Typography.Text type="secondary" className="cc-topic-origins-note">
              {t('topicsLive.origins.hidden')}
            </Typography.Text>
          ) : null}
        </>
      )}
    </Panel>
  );
}
