import type { ECharts } from 'echarts/core';

/** What a panel needs of a drawn chart: a PNG of it. A type only, so it loads no ECharts. */
export type ChartHandle = Pick<ECharts, 'getDataURL' | 'isDisposed'>;

/** The chart's picture as a PNG data URL, on the page's background; undefined once it is gone. */
export function chartPng(chart: ChartHandle | undefined, isDark: boolean): string | undefined {
  if (!chart || chart.isDisposed()) return undefined;
  return chart.getDataURL({
    type: 'png',
    pixelRatio: 2,
    backgroundColor: isDark ? '#0b1730' : '#ffffff',
  });
}
