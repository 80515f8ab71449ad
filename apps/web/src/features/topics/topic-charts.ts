import type { TopicBoard, TopicMetric } from '@cc/contracts';
import type { EChartsOption } from 'echarts';
import { escapeHtml } from '../../lib/escape-html';
import { areaName, inLanguage } from '../../lib/format';
import {
  chartBase,
  chartFontSize,
  childTooltip,
  STATE_COLORS,
  withUnit,
  type ChartContext,
  type MapShading,
} from '../../lib/chart-base';
import { shanghaiDate, shanghaiDayStart } from '../../lib/shanghai-time';

/**
 * The topic boards' ECharts options and views of their data. Plain objects, like the
 * dashboards' (it loads no ECharts). A figure hidden as "<5" is never drawn as a number: the
 * display text is what every label and tooltip shows.
 */

const DAY_MS = 86_400_000;
/** The server's longest range. */
const MAX_DAYS = 731;

type Figure = { value: number | null; display: string };

/** A figure withheld for fewer than five people ("<5"), as opposed to no figure ("—"). */
export const isHidden = (figure: Figure) => figure.value === null && figure.display.startsWith('<');

/** For sorting: a hidden count lies between 0 and 5; no figure sorts last. */
export function sortValue(figure: Figure): number {
  if (figure.value !== null) return figure.value;
  return isHidden(figure) ? 2.5 : Number.NEGATIVE_INFINITY;
}

export const metricName = (metric: Pick<TopicMetric, 'name' | 'nameEn'>, language: string) =>
  inLanguage(metric.name, metric.nameEn, language);

/** The figure and its unit ("12 人", "<5 人"); no figure is "—". */
export function metricText(figure: Figure, metric: TopicMetric, language: string): string {
  return withUnit(figure.display, metric, language);
}

/** Every Shanghai day of the range, "YYYY-MM-DD". */
export function rangeDays(range: TopicBoard['range']): string[] {
  const from = Date.parse(range.from);
  const to = Date.parse(range.to);
  if (Number.isNaN(from) || Number.isNaN(to) || to <= from) return [];
  const days: string[] = [];
  for (let t = shanghaiDayStart(from); t < to && days.length < MAX_DAYS; t += DAY_MS) {
    days.push(shanghaiDate(t));
  }
  return days;
}

/** The metric to compare and shade the map by: the URL's, else the first with a figure. */
export function chooseMetric(
  metrics: readonly TopicMetric[],
  wanted: string | null,
): TopicMetric | undefined {
  return (
    metrics.find((m) => m.id === wanted) ??
    metrics.find((m) => m.value !== null || isHidden(m)) ??
    metrics[0]
  );
}

/** The metric as the map's shading: the key areas outlined; no direction, one neutral hue. */
export function metricShading(metric: TopicMetric | undefined): MapShading | undefined {
  if (!metric) return undefined;
  return {
    measure: { ...metric, direction: 'neutral' },
    items: metric.byChild.map((item) => ({
      area: item.area,
      value: item.value,
      display: item.display,
    })),
    marked: metric.keyAreas,
  };
}

/** The last day a 'latest' metric has a figure for: the day its value is from. */
export function latestDay(metric: TopicMetric): string | undefined {
  return metric.trend.at(-1)?.day;
}

/**
 * Every child on one metric, highest first; the key areas in red, hidden counts labelled "<5".
 * The big screen's narrow column lays the bars on their side, so every name can be read.
 */
export function metricCompareOption(metric: TopicMetric, ctx: ChartContext): EChartsOption {
  const size = chartFontSize(!!ctx.isScreen);
  const keys = new Set(metric.keyAreas);
  const items = metric.byChild;
  const neutral = ctx.isDark ? '#3ba0ff' : '#1456f0';
  const isSideways = !!ctx.isScreen;
  const names = items.map((item) => areaName(item.area, ctx.language));
  const categoryAxis = isSideways
    ? {
        type: 'category' as const,
        inverse: true,
        data: names,
        axisLabel: { interval: 0, width: size * 8, overflow: 'truncate' as const, fontSize: size },
      }
    : {
        type: 'category' as const,
        data: names,
        axisLabel: {
          interval: 0,
          rotate: items.length > 6 ? 40 : 0,
          width: size * 7,
          overflow: 'truncate' as const,
          fontSize: size,
        },
      };
  const valueAxis = {
    type: 'value' as const,
    minInterval: 1,
    name: isSideways ? undefined : inLanguage(metric.unit, metric.unitEn, ctx.language),
    nameTextStyle: { align: 'left' as const, fontSize: size },
    axisLabel: { fontSize: size },
  };
  return {
    ...chartBase(ctx),
    tooltip: childTooltip(items, (item) => metricText(item, metric, ctx.language), ctx.language),
    grid: isSideways
      ? { left: 8, right: 40, top: 8, bottom: 4 }
      : { left: 8, right: 16, top: 28, bottom: 4 },
    xAxis: isSideways ? valueAxis : categoryAxis,
    yAxis: isSideways ? categoryAxis : valueAxis,
    series: [
      {
        type: 'bar',
        name: metricName(metric, ctx.language),
        barMaxWidth: isSideways ? 14 : 28,
        label: {
          show: items.length <= 40,
          position: isSideways ? 'right' : 'top',
          fontSize: size - 1,
          formatter: (params: unknown) => {
            const item = items[(params as { dataIndex?: number }).dataIndex ?? -1];
            return item && item.display !== '—' ? item.display : '';
          },
        },
        data: items.map((item) => ({
          // a hidden count stands at the baseline, labelled "<5"; no figure draws nothing
          value: item.value ?? (isHidden(item) ? 0 : null),
          code: item.area.code,
          itemStyle: {
            color: keys.has(item.area.code) ? STATE_COLORS.red : neutral,
            opacity: keys.has(item.area.code) ? 1 : 0.8,
            borderRadius: isSideways ? [0, 3, 3, 0] : [3, 3, 0, 0],
          },
        })),
      },
    ],
  };
}

/**
 * Every metric per day over the range, one line each; the chosen metric is shown, the others
 * are a click on the legend away. A day without a figure is a gap, not a zero.
 */
export function metricTrendOption(
  board: TopicBoard,
  chosen: string | undefined,
  ctx: ChartContext,
): EChartsOption {
  const size = chartFontSize(!!ctx.isScreen);
  const days = rangeDays(board.range);
  const names = board.metrics.map((m) => metricName(m, ctx.language));
  const series = board.metrics.map((metric, index) => {
    const byDay = new Map(metric.trend.map((point) => [point.day, point]));
    return {
      type: 'line' as const,
      name: names[index],
      connectNulls: false,
      showSymbol: true,
      symbol: 'circle',
      symbolSize: metric.id === chosen ? 8 : 6,
      lineStyle: { width: metric.id === chosen ? 3 : 2 },
      data: days.map((day) => {
        const point = byDay.get(day);
        return {
          // a hidden count ("<5") is a gap too: the tooltip says "<5"
          value: point?.value ?? null,
          display: point ? metricText(point, metric, ctx.language) : '—',
        };
      }),
    };
  });
  return {
    ...chartBase(ctx),
    tooltip: {
      trigger: 'axis',
      confine: true,
      formatter: (params: unknown) => {
        const list = Array.isArray(params) ? params : [params];
        const rows = list.map((p) => {
          const item = p as { marker?: string; seriesName?: string; data?: { display?: string } };
          // the marker is ECharts' own markup; the metric's name and figure are data
          return `${item.marker ?? ''}${escapeHtml(item.seriesName)}：${escapeHtml(item.data?.display ?? '—')}`;
        });
        const first = list[0] as { axisValue?: string } | undefined;
        return [escapeHtml(first?.axisValue), ...rows].join('<br/>');
      },
    },
    legend: {
      type: 'scroll',
      top: 0,
      textStyle: { fontSize: size },
      inactiveColor: ctx.isDark ? '#4f6d99' : '#bfbfbf',
      itemWidth: 14,
      itemHeight: 10,
      selected: Object.fromEntries(
        board.metrics.map((m, index) => [names[index], m.id === chosen]),
      ),
    },
    grid: { left: 8, right: 16, top: 36, bottom: 4 },
    xAxis: {
      type: 'category',
      data: days,
      axisLabel: { fontSize: size, formatter: (day: string) => day.slice(5) },
    },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: size } },
    series,
  };
}
