import type { EChartsOption } from 'echarts';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useMemo } from 'react';
import { useEChart } from '../../components/echarts-map';
import { escapeHtml } from '../../lib/escape-html';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

export interface ComplaintBar {
  name: string;
  per1000: number | null;
  cases: number;
  households: number;
}

/** Complaints per 1,000 households, one bar per compound or company (loaded lazily). */
export default function ComplaintChart({
  bars,
  testId,
  unit,
}: {
  bars: ComplaintBar[];
  testId: string;
  /** "件 / 户" in the tooltip */
  unit: { cases: string; households: string };
}) {
  const { containerRef, chartRef } = useEChart();
  const sorted = useMemo(
    () => [...bars].sort((a, b) => (b.per1000 ?? -1) - (a.per1000 ?? -1)),
    [bars],
  );
  const option = useMemo<EChartsOption>(
    () => ({
      tooltip: {
        trigger: 'item',
        confine: true,
        formatter: (params: unknown) => {
          const bar = sorted[(params as { dataIndex?: number }).dataIndex ?? -1];
          if (!bar) return '';
          return escapeHtml(
            `${bar.name}: ${bar.per1000 ?? '—'} (${unit.cases} ${bar.cases} / ${unit.households} ${bar.households})`,
          );
        },
      },
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value' },
      yAxis: {
        type: 'category',
        inverse: true,
        data: sorted.map((b) => b.name),
        axisLabel: { width: 160, overflow: 'truncate' },
      },
      series: [
        {
          type: 'bar',
          color: '#fa8c16',
          label: { show: true, position: 'right' },
          data: sorted.map((b) => b.per1000 ?? 0),
        },
      ],
    }),
    [sorted, unit],
  );
  useEffect(() => {
    chartRef.current?.setOption(option, { notMerge: true });
  }, [chartRef, option]);
  return (
    <div
      ref={containerRef}
      data-testid={testId}
      data-values={sorted.map((b) => b.per1000 ?? '').join(',')}
      style={{ height: Math.max(140, sorted.length * 28 + 32) }}
    />
  );
}
