import { ELEVATOR_STAGES, type ElevatorBoard } from '@cc/contracts';
import type { EChartsOption } from 'echarts';
import { BarChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useEChart } from '../../components/echarts-map';
import { STAGE_COLORS } from './elevator-format';

echarts.use([
  BarChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  CanvasRenderer,
]);

const TARGET_COLOR = '#f5222d';

/**
 * Per street: the projects in each stage as stacked bars, and the year's target as a red
 * diamond on the same scale (loaded lazily with ECharts).
 */
export default function BoardChart({ board }: { board: ElevatorBoard }) {
  const { t } = useTranslation();
  const { containerRef, chartRef } = useEChart();
  const streets = board.streets;
  const option = useMemo<EChartsOption>(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        inverse: true,
        data: streets.map((s) => s.name),
        axisLabel: { width: 120, overflow: 'truncate' },
      },
      series: [
        ...ELEVATOR_STAGES.map((stage) => ({
          type: 'bar' as const,
          name: t(`elevators.stage.${stage}`),
          stack: 'stages',
          color: STAGE_COLORS[stage],
          data: streets.map((s) => s.counts[stage] ?? 0),
        })),
        {
          type: 'scatter' as const,
          name: t('elevators.board.target'),
          symbol: 'diamond',
          symbolSize: 14,
          color: TARGET_COLOR,
          z: 5,
          data: streets.map((s) => (s.target === null ? null : s.target)),
        },
      ],
    }),
    [streets, t],
  );
  useEffect(() => {
    chartRef.current?.setOption(option, { notMerge: true });
  }, [chartRef, option]);
  return (
    <div
      ref={containerRef}
      data-testid="elevator-board-chart"
      data-streets={streets.length}
      style={{ height: Math.max(200, streets.length * 36 + 72) }}
    />
  );
}
