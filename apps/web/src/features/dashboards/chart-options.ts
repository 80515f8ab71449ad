import {
  CASE_STATUSES,
  formatIndicatorNumber,
  type Comparison,
  type Dashboard,
  type FedSeries,
  type IndicatorState,
  type IndicatorValue,
} from '@cc/contracts';
import type { EChartsOption } from 'echarts';
import { STATUS_COLORS } from '../../lib/case-status';
import {
  chartBase,
  chartFontSize,
  childTooltip,
  STATE_COLORS,
  withUnit,
  type ChartContext,
  type MapShading,
} from '../../lib/chart-base';
import { areaName, inLanguage, isEnglish } from '../../lib/format';
import { shanghaiDayStart, shanghaiHourMinute, shanghaiMonthDay } from '../../lib/shanghai-time';

/**
 * The dashboards' ECharts options, built from the API's data. Plain objects: this module does
 * not load ECharts (only its types), so the pages can build options before the charts load.
 */

/** An indicator with no state (no thresholds, or no value) is drawn in the neutral colour. */
const neutralColor = (isDark: boolean) => (isDark ? '#3ba0ff' : '#1456f0');

export function stateColor(state: IndicatorState | null, isDark: boolean): string {
  return state ? STATE_COLORS[state] : neutralColor(isDark);
}

const fontSize = (ctx: ChartContext) => chartFontSize(!!ctx.isScreen);

export const legendTop = (ctx: ChartContext) => ({
  top: 0,
  textStyle: { fontSize: fontSize(ctx) },
  itemWidth: fontSize(ctx),
  itemHeight: Math.round(fontSize(ctx) * 0.7),
});

/** A scenario's cases: reported in the range, still open now. */
type ScenarioCount = Pick<Dashboard['byScenario'][number], 'name' | 'nameEn' | 'reported' | 'open'>;

/** Scenarios with the most cases reported in the range, with the ones still open now. */
export function scenarioOption(
  items: readonly ScenarioCount[],
  ctx: ChartContext,
  limit: number,
): EChartsOption {
  const top = [...items].sort((a, b) => b.reported - a.reported || b.open - a.open).slice(0, limit);
  return {
    ...chartBase(ctx),
    legend: legendTop(ctx),
    grid: { left: 8, right: 24, top: 28, bottom: 4 },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: fontSize(ctx) } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: top.map((s) => inLanguage(s.name, s.nameEn, ctx.language)),
      axisLabel: {
        width: ctx.isScreen ? fontSize(ctx) * 9 : 140,
        overflow: 'truncate',
        fontSize: fontSize(ctx),
      },
    },
    series: [
      {
        type: 'bar',
        name: ctx.t('dashboards.chart.reported'),
        data: top.map((s) => s.reported),
        itemStyle: { color: ctx.isDark ? '#3ba0ff' : '#1456f0', borderRadius: [0, 3, 3, 0] },
        barMaxWidth: 14,
      },
      {
        type: 'bar',
        name: ctx.t('dashboards.chart.open'),
        data: top.map((s) => s.open),
        itemStyle: { color: '#fa8c16', borderRadius: [0, 3, 3, 0] },
        barMaxWidth: 14,
      },
    ],
  };
}

/** Cases in each status now, in the order of the closed loop, each in its status colour. */
export function statusOption(items: Dashboard['byStatus'], ctx: ChartContext): EChartsOption {
  const counts = new Map(items.map((item) => [item.status, item.n]));
  const shown = CASE_STATUSES.filter((status) => counts.has(status));
  return {
    ...chartBase(ctx),
    grid: { left: 8, right: 16, top: 16, bottom: 4 },
    xAxis: {
      type: 'category',
      data: shown.map((status) => ctx.t(`cases.status.${status}`)),
      axisLabel: { interval: 0, rotate: shown.length > 7 ? 30 : 0, fontSize: fontSize(ctx) },
    },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: fontSize(ctx) } },
    series: [
      {
        type: 'bar',
        name: ctx.t('dashboards.chart.cases'),
        data: shown.map((status) => ({
          value: counts.get(status) ?? 0,
          itemStyle: { color: STATUS_COLORS[status], borderRadius: [3, 3, 0, 0] },
        })),
        label: { show: true, position: 'top', fontSize: fontSize(ctx) - 1 },
        barMaxWidth: 36,
      },
    ],
  };
}

/** A trend point's label: the hour ("14:00", with the day when the range spans days) or the day. */
function trendLabel(iso: string, bucket: Dashboard['trend']['bucket'], isMultiDay: boolean) {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  if (bucket === 'day') return shanghaiMonthDay(ms);
  return isMultiDay ? `${shanghaiMonthDay(ms)} ${shanghaiHourMinute(ms)}` : shanghaiHourMinute(ms);
}

type TrendPoint = Dashboard['trend']['points'][number];

const HOUR_MS = 3_600_000;
/** More buckets than this are drawn as the server sent them, without filling the gaps. */
const MAX_FILLED_BUCKETS = 800;

/**
 * The trend with a point for every hour or day of the range, zeros where the server sent
 * none, so that the line does not bridge quiet hours and the axis shows the whole range.
 */
export function fillTrend(dashboard: Pick<Dashboard, 'trend' | 'range'>): Dashboard['trend'] {
  const { trend, range } = dashboard;
  const from = Date.parse(range.from);
  const to = Date.parse(range.to);
  if (Number.isNaN(from) || Number.isNaN(to) || to <= from) return trend;
  const step = trend.bucket === 'hour' ? HOUR_MS : 24 * HOUR_MS;
  const first =
    trend.bucket === 'hour' ? Math.floor(from / HOUR_MS) * HOUR_MS : shanghaiDayStart(from);
  if ((to - first) / step > MAX_FILLED_BUCKETS) return trend;
  const byStart = new Map<number, TrendPoint>();
  for (const point of trend.points) byStart.set(Date.parse(point.t), point);
  const points: TrendPoint[] = [];
  for (let t = first; t < to; t += step) {
    const point = byStart.get(t);
    points.push(point ?? { t: new Date(t).toISOString(), reported: 0, resolved: 0, closed: 0 });
    byStart.delete(t);
  }
  // points that do not fall on a bucket start are kept, in time order
  if (byStart.size > 0) {
    points.push(...byStart.values());
    points.sort((a, b) => Date.parse(a.t) - Date.parse(b.t));
  }
  return { bucket: trend.bucket, points };
}

/**
 * Reported, resolved and closed per hour or per day; `names` are the series' names (the
 * indicators' of the same flows), else the chart's own labels.
 */
export function trendOption(
  trend: Dashboard['trend'],
  ctx: ChartContext,
  names?: Record<'reported' | 'resolved' | 'closed', string>,
): EChartsOption {
  const days = new Set(trend.points.map((p) => shanghaiMonthDay(Date.parse(p.t))));
  const labels = trend.points.map((p) => trendLabel(p.t, trend.bucket, days.size > 1));
  const line = (key: 'reported' | 'resolved' | 'closed', color: string) => ({
    type: 'line' as const,
    name: names?.[key] ?? ctx.t(`dashboards.chart.${key}`),
    data: trend.points.map((p) => p[key]),
    smooth: true,
    showSymbol: trend.points.length <= 31,
    symbolSize: 5,
    itemStyle: { color },
    lineStyle: { width: 2 },
    areaStyle: key === 'reported' ? { opacity: 0.12 } : undefined,
  });
  return {
    ...chartBase(ctx),
    tooltip: { trigger: 'axis', confine: true },
    legend: legendTop(ctx),
    grid: { left: 8, right: 16, top: 32, bottom: 4 },
    xAxis: {
      type: 'category',
      data: labels,
      boundaryGap: false,
      axisLabel: { fontSize: fontSize(ctx) },
    },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: fontSize(ctx) } },
    series: [
      line('reported', ctx.isDark ? '#3ba0ff' : '#1456f0'),
      line('resolved', '#52c41a'),
      line('closed', '#13c2c2'),
    ],
  };
}

/** What a department indicator's history is drawn with: its name, unit, decimals, thresholds. */
type HistoryIndicator = Pick<
  IndicatorValue,
  'name' | 'nameEn' | 'unit' | 'unitEn' | 'decimals' | 'thresholds'
>;

/**
 * A department's indicator over the range, a point per hour or day: a gap where no figure was
 * sent (never a made-up zero), its green and red thresholds as dashed lines kept in view.
 */
export function historyOption(
  series: Pick<FedSeries, 'bucket' | 'points'>,
  indicator: HistoryIndicator,
  ctx: ChartContext,
): EChartsOption {
  const days = new Set(series.points.map((p) => shanghaiMonthDay(Date.parse(p.t))));
  const labels = series.points.map((p) => trendLabel(p.t, series.bucket, days.size > 1));
  const values = series.points.map((p) => p.value);
  const text = (value: number) =>
    withUnit(formatIndicatorNumber(value, indicator.decimals), indicator, ctx.language);
  const { thresholds } = indicator;
  const marks = thresholds
    ? (['green', 'red'] as const).map((state) => ({
        yAxis: thresholds[state],
        lineStyle: { type: 'dashed' as const, color: STATE_COLORS[state] },
        label: {
          formatter: `${ctx.t(`dashboards.state.${state}`)} ${text(thresholds[state])}`,
          position: 'insideEndTop' as const,
          color: STATE_COLORS[state],
          fontSize: fontSize(ctx) - 1,
        },
      }))
    : [];
  const bounds = thresholds ? [thresholds.green, thresholds.red] : [];
  return {
    ...chartBase(ctx),
    tooltip: {
      trigger: 'axis',
      confine: true,
      valueFormatter: (value) => (typeof value === 'number' ? text(value) : '—'),
    },
    grid: { left: 8, right: 24, top: 32, bottom: 4 },
    xAxis: {
      type: 'category',
      data: labels,
      boundaryGap: false,
      axisLabel: { fontSize: fontSize(ctx) },
    },
    yAxis: {
      type: 'value',
      name: inLanguage(indicator.unit, indicator.unitEn, ctx.language),
      nameTextStyle: { align: 'left', fontSize: fontSize(ctx) },
      axisLabel: { fontSize: fontSize(ctx) },
      scale: true,
      // the thresholds stay in view whatever the figures
      max: bounds.length ? (extent: { max: number }) => Math.max(extent.max, ...bounds) : undefined,
      min: bounds.length
        ? (extent: { min: number }) => Math.min(extent.min, ...bounds, 0)
        : undefined,
    },
    series: [
      {
        type: 'line',
        name: inLanguage(indicator.name, indicator.nameEn, ctx.language),
        data: values,
        connectNulls: false,
        showSymbol: values.filter((v) => v !== null).length <= 48,
        symbolSize: 5,
        itemStyle: { color: ctx.isDark ? '#3ba0ff' : '#1456f0' },
        lineStyle: { width: 2 },
        areaStyle: { opacity: 0.1 },
        markLine: marks.length ? { symbol: 'none', silent: true, data: marks } : undefined,
      },
    ],
  };
}

type CompareItem = Comparison['items'][number];
type Translate = Pick<ChartContext, 't' | 'language'>;

/** The figure a comparison ranks its children by: the value, or it per 10,000 residents. */
export const comparedValue = (
  comparison: Pick<Comparison, 'perTenThousand'>,
  item: Pick<CompareItem, 'value' | 'perTenThousand'>,
): number | null => (comparison.perTenThousand ? item.perTenThousand : item.value);

const numberLocale = (language: string) => (isEnglish(language) ? 'en-GB' : 'zh-CN');

/** A count of people as read: thousands grouped; "—" when unknown. */
export function residentsDisplay(residents: number | null, language: string): string {
  return residents === null ? '—' : residents.toLocaleString(numberLocale(language));
}

/** A value per 10,000 residents as read: one decimal; "—" where no one is registered. */
export function perTenThousandDisplay(value: number | null, language: string): string {
  if (value === null) return '—';
  return value.toLocaleString(numberLocale(language), {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
}

/** The indicator's unit per 10,000 residents ("件/万人"), in both fields, for `withUnit`. */
export function perTenThousandUnit(
  indicator: Pick<IndicatorValue, 'unit' | 'unitEn'>,
  { t, language }: Translate,
) {
  const unit = t('dashboards.compare.perUnit', {
    unit: inLanguage(indicator.unit, indicator.unitEn, language),
  });
  return { unit, unitEn: unit };
}

/** The compared figure's name: the indicator's, "（每万人）" after it when ranked per head. */
export function comparedName(
  comparison: Pick<Comparison, 'indicator' | 'perTenThousand'>,
  { t, language }: Translate,
): string {
  const name = inLanguage(comparison.indicator.name, comparison.indicator.nameEn, language);
  return comparison.perTenThousand ? t('dashboards.compare.perTenThousandOf', { name }) : name;
}

/** A child's compared figure with its unit: "5 件", or per head "12.3 件/万人" (else "—"). */
export function comparedText(
  comparison: Pick<Comparison, 'indicator' | 'perTenThousand'>,
  item: CompareItem,
  ctx: Translate,
): string {
  const { indicator } = comparison;
  if (!comparison.perTenThousand) return withUnit(item.display, indicator, ctx.language);
  return withUnit(
    perTenThousandDisplay(item.perTenThousand, ctx.language),
    perTenThousandUnit(indicator, ctx),
    ctx.language,
  );
}

/**
 * Every child on one indicator, best first; the worst in red, the target as a line. Ranked per
 * 10,000 residents, the bars are that figure and the tooltip adds the value and the residents.
 */
export function compareOption(comparison: Comparison, ctx: ChartContext): EChartsOption {
  const { indicator, items, worst, perTenThousand } = comparison;
  // the target is set for the value itself, not per head
  const target = perTenThousand ? null : indicator.target;
  const unit = perTenThousand
    ? perTenThousandUnit(indicator, ctx).unit
    : inLanguage(indicator.unit, indicator.unitEn, ctx.language);
  const indicatorName = inLanguage(indicator.name, indicator.nameEn, ctx.language);
  const tooltipText = (item: CompareItem) =>
    perTenThousand
      ? [
          comparedText(comparison, item, ctx),
          `${indicatorName}：${withUnit(item.display, indicator, ctx.language)}`,
          `${ctx.t('dashboards.compare.residents')}：${residentsDisplay(item.residents, ctx.language)}`,
        ].join('<br/>')
      : withUnit(item.display, indicator, ctx.language);
  return {
    ...chartBase(ctx),
    tooltip: childTooltip(items, tooltipText, ctx.language),
    grid: { left: 8, right: 16, top: 28, bottom: 4 },
    xAxis: {
      type: 'category',
      data: items.map((item) => areaName(item.area, ctx.language)),
      axisLabel: {
        interval: 0,
        rotate: items.length > 6 ? 40 : 0,
        width: fontSize(ctx) * 7,
        overflow: 'truncate',
        fontSize: fontSize(ctx),
      },
    },
    yAxis: {
      type: 'value',
      name: unit,
      nameTextStyle: { align: 'left', fontSize: fontSize(ctx) },
      axisLabel: { fontSize: fontSize(ctx) },
      // the target line stays in view even when every child is below it
      max: target === null ? undefined : (extent: { max: number }) => Math.max(extent.max, target),
    },
    series: [
      {
        type: 'bar',
        name: comparedName(comparison, ctx),
        barMaxWidth: 28,
        data: items.map((item) => ({
          value: comparedValue(comparison, item),
          code: item.area.code,
          itemStyle: {
            color: item.area.code === worst ? STATE_COLORS.red : stateColor(item.state, ctx.isDark),
            opacity: item.area.code === worst || item.state ? 1 : 0.75,
            borderRadius: [3, 3, 0, 0],
          },
        })),
        markLine:
          target === null
            ? undefined
            : {
                symbol: 'none',
                silent: true,
                lineStyle: { type: 'dashed', color: ctx.isDark ? '#d9d9d9' : '#595959' },
                label: {
                  formatter: ctx.t('dashboards.targetShort', { value: target }),
                  position: 'insideEndTop',
                },
                data: [{ yAxis: target }],
              },
      },
    ],
  };
}

/**
 * The comparison as the map's shading, its worst child outlined; ranked per 10,000 residents,
 * the children are shaded by that figure (a child with no one registered is left unshaded).
 */
export function comparisonShading(
  comparison: Comparison | undefined,
  ctx: Translate,
): MapShading | undefined {
  if (!comparison) return undefined;
  const marked = comparison.worst ? [comparison.worst] : [];
  if (!comparison.perTenThousand) {
    return { measure: comparison.indicator, items: comparison.items, marked };
  }
  const name = comparedName(comparison, ctx);
  return {
    measure: {
      ...perTenThousandUnit(comparison.indicator, ctx),
      name,
      nameEn: name,
      direction: comparison.indicator.direction,
      // as perTenThousandDisplay shows it
      decimals: 1,
    },
    items: comparison.items.map((item) => ({
      area: item.area,
      value: item.perTenThousand,
      display: perTenThousandDisplay(item.perTenThousand, ctx.language),
    })),
    marked,
  };
}
