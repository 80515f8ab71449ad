import { Spin, Typography } from 'antd';
import { ScatterChart } from 'echarts/charts';
import { GeoComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import {
  baseMapGeo,
  geoFromPixel,
  hasBaseMap,
  OVER_TILES_AREA_COLOR,
  useBaseMapLayer,
  useMapConfig,
} from '../../components/base-map';
import {
  boundaryLayout,
  registerBoundaries,
  useAreaBoundaries,
  useEChart,
} from '../../components/echarts-map';
import { MapOverlay } from '../../components/map-overlay';
import { describeError } from '../../lib/api';
import { escapeHtml } from '../../lib/escape-html';
import { useLatest } from '../../lib/use-latest';
import './cases.css';

echarts.use([GeoComponent, ScatterChart, TooltipComponent, CanvasRenderer]);

export interface MapMarker {
  id: string;
  lat: number;
  lng: number;
  color: string;
  /** Shown on hover. */
  label?: string;
}

export interface LatLng {
  lat: number;
  lng: number;
}

interface Props {
  /** The area whose boundaries (its children's, or its own) are drawn. */
  areaCode: string | undefined;
  markers: readonly MapMarker[];
  /** Editable: a tap moves the point there, and the first marker can be dragged. */
  onPick?: (point: LatLng) => void;
  onMarkerClick?: (id: string) => void;
  /** Pan and zoom (desktop maps); off for the editable phone map so a drag moves the point. */
  isRoamable?: boolean;
  height?: number;
  testId?: string;
}

/** Room for one region name per this many pixels of height; more would cover the map. */
const PIXELS_PER_LABEL = 20;

/**
 * Area boundaries from the server with case points on top, over the city's base map when the
 * server names one (tile-free otherwise: components/base-map). Loaded lazily with ECharts.
 * Editable: tapping the map moves the point, and the point can be dragged.
 */
export default function CaseMap({
  areaCode,
  markers,
  onPick,
  onMarkerClick,
  isRoamable = false,
  height = 240,
  testId = 'case-map',
}: Props) {
  const { t, i18n } = useTranslation();
  // asked once; the outlines are drawn when it is known (it sets their projection)
  const baseMap = useMapConfig();
  const isOverTiles = hasBaseMap(baseMap);
  // the chart's handlers are registered once, with the chart
  const latest = useLatest({ onPick, onMarkerClick, baseMap });

  const { collection, error } = useAreaBoundaries(areaCode);
  const isEditable = !!onPick;
  // the area whose boundaries the chart shows: drawn in the commit that brings them
  const drawn = areaCode && collection && collection.features.length > 0 ? areaCode : undefined;

  const { containerRef, chartRef } = useEChart((chart) => {
    const zr = chart.getZr();
    let isDragging = false;
    const pick = (x: number, y: number) => {
      const handler = latest.current.onPick;
      if (!handler || chart.isDisposed()) return;
      if (!chart.getOption()?.geo || !chart.containPixel({ geoIndex: 0 }, [x, y])) return;
      const [lng, lat] = geoFromPixel(chart, [x, y], latest.current.baseMap) ?? [];
      if (lng !== undefined && lat !== undefined) {
        handler({ lat: Number(lat.toFixed(6)), lng: Number(lng.toFixed(6)) });
      }
    };
    zr.on('click', (event) => pick(event.offsetX, event.offsetY));
    chart.on('mousedown', { seriesIndex: 0 }, () => {
      isDragging = !!latest.current.onPick;
    });
    zr.on('mousemove', (event) => {
      if (isDragging) pick(event.offsetX, event.offsetY);
    });
    const stop = () => {
      isDragging = false;
    };
    zr.on('mouseup', stop);
    zr.on('globalout', stop);
    chart.on('click', { seriesIndex: 0 }, (params) => {
      const id = (params.data as { id?: string } | undefined)?.id;
      if (id) latest.current.onMarkerClick?.(id);
    });
  });

  // the base map is asked for once; the outlines are drawn when it is known (its projection)
  const baseLayer = useBaseMapLayer(chartRef, baseMap, testId);

  // The boundaries: drawn again only when the area changes.
  useEffect(() => {
    const chart = chartRef.current;
    if (!chart || !collection || !areaCode || !baseMap) return;
    if (collection.features.length === 0) {
      chart.clear();
      return;
    }
    const mapName = `cases-${areaCode}`;
    const { label } = registerBoundaries(mapName, collection, i18n.language);
    chart.setOption(
      {
        tooltip: { trigger: 'item', confine: true },
        geo: {
          ...boundaryLayout(mapName, collection, '96%'),
          ...baseMapGeo(baseMap),
          roam: isRoamable,
          silent: true,
          itemStyle: {
            areaColor: isOverTiles ? OVER_TILES_AREA_COLOR : '#eef3ff',
            borderColor: '#1456f0',
            borderWidth: 1,
          },
          label: {
            show: collection.features.length <= Math.floor(height / PIXELS_PER_LABEL),
            formatter: (params: { name: string }) => label(params.name),
            fontSize: 10,
            color: '#8c8c8c',
          },
        },
        series: [{ type: 'scatter', coordinateSystem: 'geo', data: [] }],
      },
      { notMerge: true },
    );
  }, [chartRef, collection, areaCode, isRoamable, height, i18n.language, baseMap, isOverTiles]);

  // The points: cheap to redraw while one is dragged, and drawn again after the boundaries are
  // (which start from no points).
  useEffect(() => {
    const chart = chartRef.current;
    if (!chart || drawn !== areaCode || !drawn || !baseMap) return;
    chart.setOption({
      series: [
        {
          type: 'scatter',
          coordinateSystem: 'geo',
          symbol: 'circle',
          symbolSize: isEditable ? 22 : 11,
          cursor: isEditable ? 'move' : 'pointer',
          z: 5,
          tooltip: {
            formatter: (params: { data?: { label?: string } }) => escapeHtml(params.data?.label),
          },
          itemStyle: {
            borderColor: '#fff',
            borderWidth: isEditable ? 3 : 1,
            shadowBlur: 6,
            shadowColor: 'rgba(0,0,0,0.35)',
          },
          data: markers.map((m) => ({
            id: m.id,
            label: m.label,
            value: [m.lng, m.lat],
            itemStyle: { color: m.color },
          })),
        },
      ],
    });
  }, [
    chartRef,
    markers,
    drawn,
    areaCode,
    isEditable,
    collection,
    isRoamable,
    height,
    i18n.language,
    baseMap,
  ]);

  const first = markers[0];
  const isLoading = !!areaCode && !collection && !error;
  return (
    <div style={{ position: 'relative' }}>
      {baseLayer}
      <div
        ref={containerRef}
        className={isEditable ? 'cc-case-map cc-case-map-editable' : 'cc-case-map'}
        // above the base map's tiles (painted in order)
        style={{ height, position: 'relative' }}
        data-testid={testId}
        data-base-map={isOverTiles ? baseMap?.kind : undefined}
        data-area-code={drawn}
        data-marker-count={drawn ? markers.length : undefined}
        data-lat={first?.lat}
        data-lng={first?.lng}
      />
      {isLoading ? (
        <MapOverlay className="cc-map-overlay" style={overlay}>
          <Spin />
        </MapOverlay>
      ) : null}
      {error ? (
        <MapOverlay style={overlay}>
          <Typography.Text type="secondary">{describeError(error, t)}</Typography.Text>
        </MapOverlay>
      ) : null}
      {!areaCode || (collection && collection.features.length === 0) ? (
        <MapOverlay style={overlay}>
          <Typography.Text type="secondary">{t('cases.map.empty')}</Typography.Text>
        </MapOverlay>
      ) : null}
    </div>
  );
}

/** Added to the overlay's centring. */
const overlay = {
  textAlign: 'center',
  padding: 8,
  pointerEvents: 'none',
} as const;
