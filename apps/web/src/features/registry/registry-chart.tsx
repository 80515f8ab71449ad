import { BarChart, PieChart, ScatterChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { LabelLayout } from 'echarts/features';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsOption } from 'echarts';
import { useEffect } from 'react';
import { useEChart } from '../../components/echarts-map';
import { useLatest } from '../../lib/use-latest';

echarts.use([
  BarChart,
  PieChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  LabelLayout,
  CanvasRenderer,
]);

/** What a click on a bar, slice or point reports. */
export interface ChartClick {
  seriesIndex: number;
  dataIndex: number;
  data: unknown;
}

interface Props {
  option: EChartsOption;
  /** A click on a series item; leave it out and the chart links nowhere. */
  onItemClick?: (click: ChartClick) => void;
  /**
   * A click anywhere in the plot, as axis values ([x, y]; a category axis gives its index):
   * thin bars are hard to hit on a phone.
   */
  onGridClick?: (value: [number, number]) => void;
  height: number;
  testId?: string;
}

/**
 * One registry chart (bars, a pie, points) filling its box. Loaded lazily: it is where the
 * registry pages import ECharts, so the lists and forms never download it.
 */
export default function RegistryChart({ option, onItemClick, onGridClick, height, testId }: Props) {
  // the click handlers are registered once, with the chart
  const latest = useLatest({ onItemClick, onGridClick });
  const { containerRef, chartRef } = useEChart((chart) => {
    chart.getZr().on('click', (event) => {
      const handler = latest.current.onGridClick;
      const pixel = [event.offsetX, event.offsetY];
      if (!handler || !chart.containPixel({ gridIndex: 0 }, pixel)) return;
      const value = chart.convertFromPixel({ gridIndex: 0 }, pixel) as number[];
      if (value.length >= 2) handler([value[0] ?? 0, value[1] ?? 0]);
    });
    chart.on('click', (params) => {
      if (params.componentType !== 'series') return;
      latest.current.onItemClick?.({
        seriesIndex: params.seriesIndex ?? 0,
        dataIndex: params.dataIndex,
        data: params.data,
      });
    });
  });

  useEffect(() => {
    chartRef.current?.setOption(option, { notMerge: true });
  }, [chartRef, option]);

  return (
    <div
      ref={containerRef}
      className="cc-reg-chart"
      data-testid={testId}
      data-clickable={onItemClick || onGridClick ? 'true' : 'false'}
      style={{ height, cursor: onItemClick || onGridClick ? 'pointer' : undefined }}
    />
  );
}
