import type { Area, IndicatorState, IndicatorValue } from '@cc/contracts';
import type { EChartsOption } from 'echarts';
import type { TFunction } from 'i18next';
import { areaName, inLanguage } from './format';
import { htmlLines } from './escape-html';

/**
 * What the boards' charts share, the dashboards' and the topic boards' alike: the context they
 * are drawn in, the base option, the state colours, the figure with its unit, the map shading.
 * Plain objects and ECharts types only: nothing here loads ECharts.
 */

export interface ChartContext {
  t: TFunction;
  language: string;
  isDark: boolean;
  /** Fewer bars and bigger type on the big screen. */
  isScreen?: boolean;
}

export const STATE_COLORS: Record<IndicatorState, string> = {
  green: '#52c41a',
  amber: '#faad14',
  red: '#f5222d',
};

/** Type that grows with the big screen (14 px at 1080 lines, 29 at 2160); 12 px on the desktop. */
export function chartFontSize(isScreen: boolean): number {
  if (!isScreen) return 12;
  // no ceiling: a 4K wall's charts are read like 1080p's from twice the distance (the CSS --u)
  const unit = Math.min(window.innerHeight, (window.innerWidth * 9) / 16);
  return Math.max(12, Math.round(unit / 75));
}

const fontSize = (ctx: ChartContext) => chartFontSize(!!ctx.isScreen);

/** What every dashboard chart shares: a transparent background and a shared-axis tooltip. */
export function chartBase(ctx: ChartContext): EChartsOption {
  return {
    backgroundColor: 'transparent',
    textStyle: { fontSize: fontSize(ctx) },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      confine: true,
      textStyle: { fontSize: fontSize(ctx) },
    },
    animationDuration: 400,
  };
}

/** The tooltip of a bar per child: the child's name, and its figure as `text` reads it. */
export function childTooltip<T extends { area: Area }>(
  items: readonly T[],
  text: (item: T) => string,
  language: string,
) {
  return {
    trigger: 'item' as const,
    confine: true,
    formatter: (params: unknown) => {
      const item = items[(params as { dataIndex?: number }).dataIndex ?? -1];
      if (!item) return '';
      return htmlLines([areaName(item.area, language), text(item)]);
    },
  };
}

/** The indicator's value as shown: the server's display text and the unit. */
export function withUnit(
  display: string,
  indicator: Pick<IndicatorValue, 'unit' | 'unitEn'>,
  language: string,
) {
  if (!display || display === '—' || display === '-') return display || '—';
  const unit = inLanguage(indicator.unit, indicator.unitEn, language);
  return unit === '%' ? `${display}%` : `${display} ${unit}`.trim();
}

/** How an indicator is judged at `value`, as read: "≥ 95%", "≤ 24 小时" (neutral: the value). */
export function judgedBound(
  direction: IndicatorValue['direction'],
  value: number,
  unit: string,
): string {
  const sign = direction === 'higher' ? '≥ ' : direction === 'lower' ? '≤ ' : '';
  return `${sign}${value}${unit === '%' ? '%' : ` ${unit}`}`;
}

/** An indicator's thresholds as read: green at or past `green`, red beyond `red`. */
export function thresholdBounds(
  direction: IndicatorValue['direction'],
  thresholds: { green: number; red: number },
  unit: string,
): { green: string; red: string } {
  return {
    green: judgedBound(direction, thresholds.green, unit),
    red: direction === 'higher' ? `< ${thresholds.red}` : `> ${thresholds.red}`,
  };
}

/**
 * What shades the map's children: one value per child, named and with its unit for the
 * tooltip; the direction picks the colour ramp (good to bad, or one neutral hue).
 */
export interface MapShading {
  measure: Pick<IndicatorValue, 'name' | 'nameEn' | 'unit' | 'unitEn' | 'direction'> & {
    /** an indicator's decimals, for the legend's ends (none: whole, else one) */
    decimals?: number;
  };
  items: readonly { area: { code: string }; value: number | null; display: string }[];
  /** Children outlined and named in bold: the worst one, or a topic's key areas. */
  marked: readonly string[];
}
