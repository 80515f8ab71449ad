import { HeatmapChart, LinesChart, ScatterChart } from 'echarts/charts';
import { GeoComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useEffectEvent, useId, useMemo } from 'react';
import {
  baseMapGeo,
  geoFromPixel,
  hasBaseMap,
  OVER_TILES_AREA_COLOR,
  useBaseMapLayer,
  useMapConfig,
} from './base-map';
import { useEChart } from './echarts-map';
import { useLatest } from '../lib/use-latest';

echarts.use([
  GeoComponent,
  TooltipComponent,
  VisualMapComponent,
  ScatterChart,
  HeatmapChart,
  LinesChart,
  CanvasRenderer,
]);

/**
 * A place on an area's outline: pick one by clicking (a proposal's place, a consultation's
 * "pin the problem"), show many as pins or as a heat map. ECharts' geo component over the
 * outline alone — no tiles, no WebGL — so it works offline and in headless Chromium; over the
 * city's tiles when the server names a base map (components/base-map).
 *
 * Loads ECharts: import it lazily, `const PinMap = lazy(() => import('../../components/pin-map'))`.
 */

export interface LngLatPoint {
  lng: number;
  lat: number;
}

/** A pin; `count` > 1 when the server has gathered several pins into one cell. */
export interface PinPoint extends LngLatPoint {
  count?: number;
}

type Ring = number[][];
type PinMapGeometry =
  { type: 'MultiPolygon'; coordinates: Ring[][] } | { type: 'Polygon'; coordinates: Ring[] };

/** Plain GeoJSON: a FeatureCollection of (Multi)Polygons, e.g. `GET /api/areas/:code/boundaries`. */
export interface PinMapBoundary {
  type: 'FeatureCollection';
  features: ReadonlyArray<{
    type: 'Feature';
    properties?: Record<string, unknown> | null;
    geometry: PinMapGeometry;
  }>;
}

export interface PinMapProps {
  /** The outline drawn, and the only place a click may pick. */
  boundary: PinMapBoundary;
  /** The picked point (shown as a red pin). */
  value?: LngLatPoint | null;
  /** A click inside the outline: where, in WGS-84 degrees (6 decimals). Without it, read-only. */
  onChange?: (point: LngLatPoint) => void;
  /** Pins to show (e.g. everyone's answers). */
  pins?: readonly PinPoint[];
  /** Show `pins` as a heat map instead of dots. */
  heat?: boolean;
  /** CSS height; default 340 px. */
  height?: number | string;
  /** data-testid of the map's box; default `pin-map`. */
  testId?: string;
  /**
   * A shape being drawn (a block's polygon, click by click): its points joined in order, and
   * back to the first once there are three; each point a dot. The box carries
   * `data-ring-count`.
   */
  ring?: readonly LngLatPoint[];
  /** Other shapes shown as closed, dashed outlines (the blocks already drawn). */
  outlines?: readonly (readonly LngLatPoint[])[];
}

const VALUE_COLOR = '#f5222d';
const PIN_COLOR = '#1456f0';
const RING_COLOR = '#fa8c16';
const OUTLINE_COLOR = '#595959';
const NO_SHAPES: readonly (readonly LngLatPoint[])[] = [];
const NO_POINTS: readonly LngLatPoint[] = [];
const closedPath = (points: readonly LngLatPoint[]) =>
  [...points, ...(points.length >= 3 ? [points[0]!] : [])].map((p) => [p.lng, p.lat]);
const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

function polygonsOf(boundary: PinMapBoundary): Ring[][] {
  return boundary.features.flatMap((f) =>
    f.geometry.type === 'MultiPolygon' ? f.geometry.coordinates : [f.geometry.coordinates],
  );
}

/** Even-odd ray casting over every ring (holes included): the same rule the server applies. */
export function isInsideBoundary(boundary: PinMapBoundary, lng: number, lat: number): boolean {
  let inside = false;
  for (const polygon of polygonsOf(boundary)) {
    let inPolygon = false;
    for (const ring of polygon) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi = 0, yi = 0] = ring[i] ?? [];
        const [xj = 0, yj = 0] = ring[j] ?? [];
        if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) {
          inPolygon = !inPolygon;
        }
      }
    }
    if (inPolygon) inside = true;
  }
  return inside;
}

/** The middle latitude of the outline: one degree of longitude is cos(lat) of one of latitude. */
function aspectScale(boundary: PinMapBoundary): number {
  let min = Infinity;
  let max = -Infinity;
  for (const polygon of polygonsOf(boundary)) {
    for (const [, lat] of polygon[0] ?? []) {
      if (typeof lat !== 'number') continue;
      min = Math.min(min, lat);
      max = Math.max(max, lat);
    }
  }
  const mid = Number.isFinite(min) ? (min + max) / 2 : 31.2;
  return Math.cos((mid * Math.PI) / 180);
}

/** ECharts wants every feature named; the outline is one shape for this map. */
function asRegisteredGeoJson(boundary: PinMapBoundary) {
  return {
    type: 'FeatureCollection',
    features: boundary.features.map((f, i) => ({
      type: 'Feature',
      properties: { name: `part-${i}` },
      geometry: f.geometry,
    })),
  } as unknown as Parameters<typeof echarts.registerMap>[1];
}

export function PinMap({
  boundary,
  value = null,
  onChange,
  pins = [],
  heat = false,
  height = 340,
  testId = 'pin-map',
  ring = NO_POINTS,
  outlines = NO_SHAPES,
}: PinMapProps) {
  // asked once; the outline is drawn when it is known (it sets the projection)
  const baseMap = useMapConfig();
  const latest = useLatest({ onChange, boundary, baseMap });
  const mapName = `pin-map-${useId()}`;
  const pinCount = useMemo(() => pins.reduce((sum, p) => sum + (p.count ?? 1), 0), [pins]);
  const maxCount = useMemo(() => pins.reduce((m, p) => Math.max(m, p.count ?? 1), 1), [pins]);
  const isEmpty = boundary.features.length === 0;

  const { containerRef, chartRef } = useEChart((chart) => {
    chart.getZr().on('click', (event) => {
      const { onChange: pick, boundary: outline, baseMap: base } = latest.current;
      if (!pick) return;
      const pixel = [event.offsetX, event.offsetY];
      if (!chart.containPixel('geo', pixel)) return;
      const [lng, lat] = geoFromPixel(chart, pixel, base) ?? [];
      if (lng === undefined || lat === undefined) return;
      // a click beside the outline picks nothing: the server would refuse the point anyway
      if (!isInsideBoundary(outline, lng, lat)) return;
      pick({ lng: round6(lng), lat: round6(lat) });
    });
  });

  const buildSeries = useEffectEvent(() => [
    heat
      ? {
          id: 'heat',
          type: 'heatmap' as const,
          coordinateSystem: 'geo',
          pointSize: 14,
          blurSize: 18,
          data: pins.map((p) => [p.lng, p.lat, p.count ?? 1]),
        }
      : {
          id: 'heat',
          type: 'heatmap' as const,
          coordinateSystem: 'geo',
          data: [],
        },
    {
      id: 'pins',
      type: 'scatter' as const,
      coordinateSystem: 'geo',
      silent: true,
      z: 3,
      symbolSize: (v: number[]) => Math.min(18, 7 + Math.sqrt(v[2] ?? 1) * 2),
      itemStyle: { color: PIN_COLOR, borderColor: '#fff', borderWidth: 1, opacity: 0.85 },
      data: heat ? [] : pins.map((p) => [p.lng, p.lat, p.count ?? 1]),
    },
    {
      id: 'value',
      type: 'scatter' as const,
      coordinateSystem: 'geo',
      silent: true,
      // the pin appears where the finger lands, at once
      animation: false,
      z: 4,
      symbol: 'pin',
      symbolSize: 30,
      symbolOffset: [0, '-50%'],
      itemStyle: { color: VALUE_COLOR },
      data: value ? [[value.lng, value.lat]] : [],
    },
    {
      id: 'shapes',
      type: 'lines' as const,
      coordinateSystem: 'geo',
      polyline: true,
      silent: true,
      animation: false,
      z: 2,
      data: [
        ...outlines.map((shape) => ({
          coords: closedPath(shape),
          lineStyle: { color: OUTLINE_COLOR, width: 1.5, type: 'dashed' as const },
        })),
        ...(ring.length >= 2
          ? [{ coords: closedPath(ring), lineStyle: { color: RING_COLOR, width: 2.5 } }]
          : []),
      ],
    },
    {
      id: 'ring-points',
      type: 'scatter' as const,
      coordinateSystem: 'geo',
      silent: true,
      animation: false,
      z: 5,
      symbolSize: 9,
      itemStyle: { color: RING_COLOR, borderColor: '#fff', borderWidth: 1.5 },
      data: ring.map((p) => [p.lng, p.lat]),
    },
  ]);

  const currentMax = useEffectEvent(() => maxCount);
  // the base map is asked for once; the outline is drawn when it is known (its projection)
  const baseLayer = useBaseMapLayer(chartRef, baseMap, testId);

  // The outline (and the zoom) anew only when the boundary changes.
  useEffect(() => {
    const chart = chartRef.current;
    if (!chart || isEmpty || !baseMap) return;
    echarts.registerMap(mapName, asRegisteredGeoJson(boundary));
    chart.setOption(
      {
        geo: {
          map: mapName,
          aspectScale: aspectScale(boundary),
          ...baseMapGeo(baseMap),
          layoutCenter: ['50%', '50%'],
          layoutSize: '92%',
          roam: true,
          scaleLimit: { min: 0.8, max: 40 },
          selectedMode: false,
          silent: true,
          label: { show: false },
          itemStyle: {
            areaColor: hasBaseMap(baseMap) ? OVER_TILES_AREA_COLOR : '#eef3ff',
            borderColor: '#4b74e6',
            borderWidth: 1.5,
          },
        },
        visualMap: {
          show: false,
          min: 0,
          max: currentMax(),
          seriesIndex: 0,
          inRange: { color: ['#ffe7ba', '#ffa940', '#f5222d'] },
        },
        series: buildSeries(),
      },
      { notMerge: true },
    );
  }, [chartRef, boundary, mapName, isEmpty, baseMap]);

  // Pins and the picked point: only the series change, so the zoom stays.
  useEffect(() => {
    const chart = chartRef.current;
    if (!chart || isEmpty || !baseMap) return;
    chart.setOption({ visualMap: { max: maxCount }, series: buildSeries() });
  }, [chartRef, pins, value, heat, maxCount, isEmpty, ring, outlines, baseMap]);

  return (
    <div style={{ position: 'relative' }}>
      {baseLayer}
      <div
        ref={containerRef}
        data-testid={testId}
        data-base-map={hasBaseMap(baseMap) ? baseMap?.kind : undefined}
        data-pin-count={pinCount}
        data-heat={heat ? 'true' : 'false'}
        data-value={value ? `${value.lng},${value.lat}` : ''}
        data-ring-count={ring.length}
        style={{
          // above the base map's tiles (painted in order)
          position: 'relative',
          width: '100%',
          height,
          cursor: onChange ? 'crosshair' : 'default',
          touchAction: 'manipulation',
        }}
      />
    </div>
  );
}

export default PinMap;
