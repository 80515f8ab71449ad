import type { ConsultationQuestionResult } from '@cc/contracts';
import type { EChartsOption } from 'echarts';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useMemo } from 'react';
import { useEChart } from '../../components/echarts-map';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

/** The bars of one choice or scale question: a count per option or value (loaded lazily). */
export default function QuestionChart({ result }: { result: ConsultationQuestionResult }) {
  const { containerRef, chartRef } = useEChart();
  const bars = useMemo(
    () =>
      result.kind === 'scale'
        ? result.scale.map((s) => ({ label: String(s.value), count: s.count }))
        : result.options.map((o) => ({ label: o.label, count: o.count })),
    [result],
  );
  const option = useMemo<EChartsOption>(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        inverse: true,
        data: bars.map((b) => b.label),
        axisLabel: { width: 160, overflow: 'truncate' },
      },
      series: [
        {
          type: 'bar',
          color: result.kind === 'scale' ? '#faad14' : '#1456f0',
          label: { show: true, position: 'right' },
          data: bars.map((b) => b.count),
        },
      ],
    }),
    [bars, result.kind],
  );
  useEffect(() => {
    chartRef.current?.setOption(option, { notMerge: true });
  }, [chartRef, option]);
  return (
    <div
      ref={containerRef}
      data-testid={`consultation-chart-${result.id}`}
      data-counts={bars.map((b) => b.count).join(',')}
      style={{ height: Math.max(120, bars.length * 32 + 32) }}
    />
  );
}
