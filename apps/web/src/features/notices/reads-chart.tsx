import type { BuildingReads } from '@cc/contracts';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsOption } from 'echarts';
import { useEffect, useMemo } from 'react';
import { useEChart } from '../../components/echarts-map';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

/** Bars per building: read and not yet read, stacked (loaded lazily with the reads page). */
export default function ReadsChart({
  items,
  readLabel,
  unreadLabel,
}: {
  items: BuildingReads[];
  readLabel: string;
  unreadLabel: string;
}) {
  const { containerRef, chartRef } = useEChart();
  const option = useMemo<EChartsOption>(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        inverse: true,
        data: items.map((b) => `${b.compoundName} ${b.name}`),
        axisLabel: { width: 140, overflow: 'truncate' },
      },
      series: [
        {
          name: readLabel,
          type: 'bar',
          stack: 'all',
          color: '#52c41a',
          data: items.map((b) => b.read),
        },
        {
          name: unreadLabel,
          type: 'bar',
          stack: 'all',
          color: '#d9d9d9',
          data: items.map((b) => b.targeted - b.read),
        },
      ],
    }),
    [items, readLabel, unreadLabel],
  );
  useEffect(() => {
    chartRef.current?.setOption(option, { notMerge: true });
  }, [chartRef, option]);
  return (
    <div
      ref={containerRef}
      data-testid="reads-chart"
      style={{ height: Math.max(160, Math.min(items.length, 40) * 26 + 40) }}
    />
  );
}
