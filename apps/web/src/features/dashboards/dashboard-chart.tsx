import { BarChart, LineChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsOption } from 'echarts';
import { useEffect } from 'react';
import { useEChart } from '../../components/echarts-map';
import { useLatest } from '../../lib/use-latest';
import type { ChartHandle } from './chart-handle';

echarts.use([
  BarChart,
  LineChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  CanvasRenderer,
]);

interface Props {
  option: EChartsOption;
  isDark: boolean;
  /** Told the chart once it is made (and undefined when it goes), for the PNG export. */
  onReady?: (chart: ChartHandle | undefined) => void;
  /** A click on a bar or point: the data item and its index. */
  onItemClick?: (data: unknown, dataIndex: number) => void;
  testId?: string;
}

/**
 * One dashboard chart (bars, lines) filling its box. Loaded lazily: it is where the charts
 * import ECharts. Remount it to switch between light and dark.
 */
export default function DashboardChart({ option, isDark, onReady, onItemClick, testId }: Props) {
  // the click handler is registered once, with the chart
  const latest = useLatest({ onReady, onItemClick });

  const { containerRef, chartRef } = useEChart(
    (chart) => {
      chart.on('click', (params) => {
        if (params.componentType === 'series')
          latest.current.onItemClick?.(params.data, params.dataIndex);
      });
      latest.current.onReady?.(chart);
    },
    isDark ? 'dark' : undefined,
  );
  useEffect(() => () => latest.current.onReady?.(undefined), [latest]);

  useEffect(() => {
    chartRef.current?.setOption(option, { notMerge: true });
  }, [chartRef, option]);

  return (
    <div
      ref={containerRef}
      className="cc-dash-chart"
      data-testid={testId}
      style={onItemClick ? { cursor: 'pointer' } : undefined}
    />
  );
}
