import type { Point } from '@cc/contracts';
import { CustomChart, ScatterChart } from 'echarts/charts';
import { GeoComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useEffectEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  boundaryLayout,
  registerBoundaries,
  useAreaBoundaries,
  useEChart,
} from '../../components/echarts-map';
import { MapStatus } from '../../components/map-overlay';
import { escapeHtml } from '../../lib/escape-html';
import { isEnglish } from '../../lib/format';
import { useLatest } from '../../lib/use-latest';

echarts.use([GeoComponent, TooltipComponent, ScatterChart, CustomChart, CanvasRenderer]);

/** Above this many regions the names would cover the map: hover shows them instead. */
const MAX_LABELLED_FEATURES = 40;
/** Below this width (px) the region names crowd each other out. */
const MIN_LABELLED_WIDTH = 520;
const METERS_PER_DEGREE_LAT = 111_320;
const POINT_COLOR = '#1456f0';
const DRAFT_COLOR = '#f5222d';

export interface MapLocation {
  lat: number;
  lng: number;
}

interface Props {
  /** The area whose boundaries (its children's, or its own) are drawn. */
  areaCode: string;
  points: readonly Point[];
  /** The new point being placed, with its radius in metres. */
  draft: (MapLocation & { radiusMeters: number }) | undefined;
  /** A click on the map: where, in WGS-84 degrees. */
  onPick: (location: MapLocation) => void;
  kindLabel: (kind: string) => string;
}

const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

type Circle = [lng: number, lat: number, radiusMeters: number];

/**
 * A circle of `radius` metres around each point, in pixels of the current zoom: redrawn by
 * ECharts whenever the map is panned or zoomed.
 */
function circleSeries(id: string, circles: Circle[], color: string, isDashed: boolean) {
  return {
    id,
    type: 'custom' as const,
    coordinateSystem: 'geo',
    silent: true,
    z: 2,
    data: circles,
    renderItem: (
      params: unknown,
      api: {
        value: (dimension: number) => number;
        coord: (point: number[]) => number[];
      },
    ) => {
      const lng = api.value(0);
      const lat = api.value(1);
      const radius = api.value(2);
      const centre = api.coord([lng, lat]);
      const north = api.coord([lng, lat + radius / METERS_PER_DEGREE_LAT]);
      const [cx = 0, cy = 0] = centre;
      const r = Math.max(2, Math.abs(cy - (north[1] ?? cy)));
      return {
        type: 'circle',
        shape: { cx, cy, r },
        style: {
          fill: isDashed ? 'rgba(245, 34, 45, 0.12)' : 'rgba(20, 86, 240, 0.16)',
          stroke: color,
          lineWidth: 1,
          lineDash: isDashed ? [4, 3] : undefined,
        },
      };
    },
  };
}

/**
 * The user's area with the fixed points (点位) drawn at their radius. A click anywhere on the
 * map reports its longitude and latitude (to place a new point). Loaded lazily with ECharts.
 */
export default function PointsMap({ areaCode, points, draft, onPick, kindLabel }: Props) {
  const { t, i18n } = useTranslation();
  // the click handler is registered once, with the chart
  const latest = useLatest({ onPick });
  const { collection, error, reload } = useAreaBoundaries(areaCode);
  const isLoading = !collection && !error;

  // The series, rebuilt from the latest props, for both effects below.
  const buildSeries = useEffectEvent(() => [
    circleSeries(
      'radius',
      points.map((p): Circle => [p.lng, p.lat, p.radiusMeters]),
      POINT_COLOR,
      false,
    ),
    {
      id: 'points',
      type: 'scatter' as const,
      coordinateSystem: 'geo',
      z: 3,
      symbolSize: 9,
      itemStyle: { color: POINT_COLOR, borderColor: '#fff', borderWidth: 1 },
      tooltip: {
        formatter: (params: unknown) => {
          const point = (params as { data?: { point?: Point } }).data?.point;
          if (!point) return '';
          const colon = isEnglish(i18n.language) ? ': ' : '：';
          return [
            `<b>${escapeHtml(point.name)}</b> · ${escapeHtml(kindLabel(point.kind))}`,
            `${escapeHtml(t('dispatch.leader'))}${colon}${escapeHtml(point.leaderName)}`,
            `${escapeHtml(t('dispatch.unit'))}${colon}${escapeHtml(point.unitName)}`,
            `${escapeHtml(t('dispatch.radius'))}${colon}${point.radiusMeters} m`,
          ].join('<br/>');
        },
      },
      data: points.map((point) => ({ name: point.name, value: [point.lng, point.lat], point })),
    },
    circleSeries(
      'draft-radius',
      draft ? [[draft.lng, draft.lat, draft.radiusMeters]] : [],
      DRAFT_COLOR,
      true,
    ),
    {
      id: 'draft',
      type: 'scatter' as const,
      coordinateSystem: 'geo',
      z: 4,
      silent: true,
      symbol: 'pin',
      symbolSize: 28,
      symbolOffset: [0, '-50%'],
      itemStyle: { color: DRAFT_COLOR },
      data: draft ? [[draft.lng, draft.lat]] : [],
    },
  ]);

  // A click (not a drag) on the map: where it landed, in degrees.
  const { containerRef, chartRef } = useEChart((chart) => {
    chart.getZr().on('click', (event) => {
      const pixel = [event.offsetX, event.offsetY];
      if (!chart.containPixel('geo', pixel)) return;
      const at = chart.convertFromPixel('geo', pixel) as number[] | undefined;
      const [lng, lat] = at ?? [];
      if (typeof lng !== 'number' || typeof lat !== 'number') return;
      if (!Number.isFinite(lng) || !Number.isFinite(lat)) return;
      latest.current.onPick({ lat: round6(lat), lng: round6(lng) });
    });
  });

  // The boundaries: drawn anew (and the zoom reset) only when the area changes.
  useEffect(() => {
    const chart = chartRef.current;
    if (!chart || !collection) return;
    const mapName = `dispatch-area-${areaCode}`;
    const { label } = registerBoundaries(mapName, collection, i18n.language);
    chart.setOption(
      {
        tooltip: { trigger: 'item', confine: true },
        geo: {
          ...boundaryLayout(mapName, collection),
          roam: true,
          scaleLimit: { min: 0.5, max: 200 },
          selectedMode: false,
          label: {
            // Names only where they fit: few regions on a wide enough map.
            show:
              collection.features.length <= MAX_LABELLED_FEATURES &&
              (containerRef.current?.clientWidth ?? 0) >= MIN_LABELLED_WIDTH,
            formatter: (params: { name: string }) => label(params.name),
            fontSize: 10,
            color: '#5a6b85',
          },
          itemStyle: { areaColor: '#eef3ff', borderColor: '#7a9cf5', borderWidth: 1 },
          emphasis: {
            itemStyle: { areaColor: '#dbe7ff' },
            label: { show: true, formatter: (params: { name: string }) => label(params.name) },
          },
          tooltip: {
            show: true,
            formatter: (params: unknown) =>
              escapeHtml(label((params as { name?: string }).name ?? '')),
          },
        },
        series: buildSeries(),
      },
      { notMerge: true },
    );
  }, [chartRef, containerRef, collection, areaCode, i18n.language]);

  // Points and the draft: only the series change, so the zoom stays where the user left it.
  useEffect(() => {
    const chart = chartRef.current;
    if (!chart || !collection) return;
    chart.setOption({ series: buildSeries() });
  }, [chartRef, points, draft, collection, areaCode, t]);

  // the boundaries of `areaCode` are drawn in the commit that brings them
  const isRendered = !!collection && !isLoading;
  return (
    <div style={{ position: 'relative' }}>
      <div
        ref={containerRef}
        className="cc-map cc-points-map"
        data-testid="dispatch-points-map"
        data-area-code={areaCode}
        data-point-count={isRendered ? points.length : undefined}
        style={{ visibility: error ? 'hidden' : 'visible', cursor: 'crosshair' }}
      />
      <MapStatus isLoading={isLoading} error={error} onRetry={reload} />
    </div>
  );
}
