import { ELEVATOR_STAGES, type ElevatorBoard } from '@cc/contracts';
import { ScatterChart } from 'echarts/charts';
import { GeoComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import {
  boundaryLayout,
  registerBoundaries,
  useAreaBoundaries,
  useEChart,
} from '../../components/echarts-map';
import { MapStatus } from '../../components/map-overlay';
import { escapeHtml } from '../../lib/escape-html';
import { STAGE_COLORS } from './elevator-format';

echarts.use([GeoComponent, LegendComponent, TooltipComponent, ScatterChart, CanvasRenderer]);

type Point = ElevatorBoard['points'][number];

/**
 * The board's area (its streets or committees outlined) with every project at its building,
 * coloured by stage; one legend entry per stage (loaded lazily with ECharts).
 */
export default function BoardMap({ board }: { board: ElevatorBoard }) {
  const { t, i18n } = useTranslation();
  const areaCode = board.area.code;
  const { collection, error, reload } = useAreaBoundaries(areaCode);
  const { containerRef, chartRef } = useEChart();

  useEffect(() => {
    const chart = chartRef.current;
    if (!chart || !collection) return;
    const mapName = `elevator-board-${areaCode}`;
    const { label } = registerBoundaries(mapName, collection, i18n.language);
    chart.setOption(
      {
        tooltip: { trigger: 'item', confine: true },
        legend: { top: 0, type: 'scroll' },
        geo: {
          ...boundaryLayout(mapName, collection, '90%'),
          roam: true,
          scaleLimit: { min: 0.5, max: 200 },
          selectedMode: false,
          itemStyle: { areaColor: '#f3f6fb', borderColor: '#9fb3d9', borderWidth: 1 },
          emphasis: {
            itemStyle: { areaColor: '#e3ebfa' },
            label: { show: true, formatter: (params: { name: string }) => label(params.name) },
          },
          tooltip: {
            show: true,
            formatter: (params: unknown) =>
              escapeHtml(label((params as { name?: string }).name ?? '')),
          },
        },
        series: ELEVATOR_STAGES.map((stage) => ({
          id: stage,
          type: 'scatter' as const,
          name: t(`elevators.stage.${stage}`),
          coordinateSystem: 'geo',
          symbolSize: 10,
          itemStyle: { color: STAGE_COLORS[stage], borderColor: '#fff', borderWidth: 1 },
          tooltip: {
            formatter: (params: unknown) => {
              const p = (params as { data?: { point?: Point } }).data?.point;
              if (!p) return '';
              return `<b>${escapeHtml(p.title)}</b><br/>${escapeHtml(
                `${p.buildingName} ${p.unit}`,
              )} · ${escapeHtml(t(`elevators.stage.${p.stage}`))}`;
            },
          },
          data: board.points
            .filter((p) => p.stage === stage)
            .map((point) => ({ name: point.title, value: [point.lng, point.lat], point })),
        })),
      },
      { notMerge: true },
    );
  }, [chartRef, collection, areaCode, board, i18n.language, t]);

  const isLoading = !collection && !error;
  return (
    <div style={{ position: 'relative' }}>
      <div
        ref={containerRef}
        className="cc-map"
        data-testid="elevator-board-map"
        data-point-count={collection ? board.points.length : undefined}
        style={{ height: 420, visibility: error ? 'hidden' : 'visible' }}
      />
      <MapStatus isLoading={isLoading} error={error} onRetry={reload} />
    </div>
  );
}
