import {
  dashboardSummary,
  formatIndicatorNumber,
  type Comparison,
  type Dashboard,
  type DashboardCaseEvent,
  type IndicatorValue,
} from '@cc/contracts';
import type { TFunction } from 'i18next';
import { withUnit } from '../../lib/chart-base';
import { inLanguage } from '../../lib/format';

/**
 * One figure, one name: the strip, the trend, the map legend and the ranking take a figure's
 * name, definition, unit, decimals and direction from its indicator (data/indicators), the
 * same the indicator cards show. Pure: no React, no ECharts.
 */

/** A strip figure: its indicator and the short key of its test id and colour (`kpi-open`). */
export interface StripFigure {
  key: string;
  indicator: IndicatorValue;
}

/** The top strip: the indicators the dashboard names in `summary`, in that order. */
export function stripFigures(dashboard: Pick<Dashboard, 'summary' | 'indicators'>): StripFigure[] {
  return dashboardSummary(dashboard).map((indicator) => ({
    key: indicator.id.split('.').at(-1) ?? indicator.id,
    indicator,
  }));
}

/** The indicators whose flows the trend draws, by the trend's keys. */
export const TREND_FIGURES = {
  reported: 'cases.reported',
  resolved: 'cases.resolved',
  closed: 'cases.closed',
} as const;
export type TrendKey = keyof typeof TREND_FIGURES;

/**
 * The trend's series names: the indicators' of the same flows (处置完成, 办结), so the trend
 * never calls a figure what the strip calls another; the old labels only for a file without them.
 */
export function trendNames(
  indicators: readonly Pick<IndicatorValue, 'id' | 'name' | 'nameEn'>[],
  language: string,
  t: TFunction,
): Record<TrendKey, string> {
  const name = (key: TrendKey) => {
    const indicator = indicators.find((i) => i.id === TREND_FIGURES[key]);
    return indicator
      ? inLanguage(indicator.name, indicator.nameEn, language)
      : t(`dashboards.chart.${key}`);
  };
  return { reported: name('reported'), resolved: name('resolved'), closed: name('closed') };
}

/** What the map legend knows of its measure: the unit, and the decimals when an indicator. */
export type LegendMeasure = Pick<IndicatorValue, 'unit' | 'unitEn'> & { decimals?: number };

/**
 * A value at an end of the map's legend, as the indicator shows it: "67.7%", "12 件". A measure
 * without decimals (a topic's metric) is whole, or one decimal when it is not.
 */
export function legendText(value: number, measure: LegendMeasure, language: string): string {
  const decimals = measure.decimals ?? (Number.isInteger(value) ? 0 : 1);
  return withUnit(formatIndicatorNumber(value, decimals), measure, language);
}

type CompareItem = Comparison['items'][number];

/**
 * The big screen's ranking: the worst first, by the indicator's direction (higher is better:
 * the lowest first; lower is better: the highest first); a neutral figure largest first.
 * Children without a figure come last. The server's order (best first) is kept for ties.
 */
export function worstFirst(
  comparison: Pick<Comparison, 'indicator' | 'perTenThousand' | 'items'>,
): CompareItem[] {
  const figure = (item: CompareItem) =>
    comparison.perTenThousand ? item.perTenThousand : item.value;
  const ascending = comparison.indicator.direction === 'higher';
  return comparison.items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => {
      const x = figure(a.item);
      const y = figure(b.item);
      if (x === null || y === null) return x === y ? a.index - b.index : x === null ? 1 : -1;
      return (ascending ? x - y : y - x) || a.index - b.index;
    })
    .map(({ item }) => item);
}

/**
 * The big screen's indicator pages, every page full: groups follow each other on a page (their
 * names in its title), a group longer than a page goes on over the next.
 */
export function packPages<T>(
  groups: readonly { id: string; name: string; indicators: readonly T[] }[],
  perPage: number,
): { key: string; names: string[]; list: T[] }[] {
  const pages: { key: string; names: string[]; list: T[] }[] = [];
  let page: { key: string; names: string[]; list: T[] } | undefined;
  for (const group of groups) {
    for (const indicator of group.indicators) {
      if (!page || page.list.length >= perPage) {
        page = { key: `${group.id}-${pages.length}`, names: [], list: [] };
        pages.push(page);
      }
      if (page.names.at(-1) !== group.name) page.names.push(group.name);
      page.list.push(indicator);
    }
  }
  return pages;
}

/**
 * The feed: the stream's events (newest first), then the latest events read when the screen
 * opened that are older than them; one step of a case is listed once.
 */
export function mergeFeed(
  live: readonly DashboardCaseEvent[],
  recent: readonly DashboardCaseEvent[],
  length: number,
): DashboardCaseEvent[] {
  const seen = new Set<string>();
  const feed: DashboardCaseEvent[] = [];
  for (const event of [...live, ...recent]) {
    const key = `${event.id}|${event.status}|${event.at}`;
    if (seen.has(key)) continue;
    seen.add(key);
    feed.push(event);
  }
  return feed.sort((a, b) => Date.parse(b.at) - Date.parse(a.at)).slice(0, length);
}
