import type { MapConfig } from '@cc/contracts';
import type * as echarts from 'echarts/core';
import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../lib/api';
import {
  MERCATOR_PROJECTION,
  mercatorFromPixel,
  RasterTiles,
  viewOfChart,
  type MapView,
} from './raster-tiles';

/**
 * The base map under the ECharts maps (decision 026): nothing (the area outlines alone, the
 * default), a city's raster or WMTS tiles drawn by RasterTiles, or a MapLibre style, MapLibre
 * loaded only then. The chart stays on top and keeps every click and drag; the layer under it
 * follows the chart's view (its centre and scale) after each render.
 *
 * Import only from lazily loaded map modules (it is used beside ECharts).
 */

let configPromise: Promise<MapConfig> | undefined;

/** The server's base map, asked once per page load; on a failed ask, the outlines alone. */
function loadMapConfig(): Promise<MapConfig> {
  configPromise ??= api
    .get<MapConfig>('/api/map/config')
    .catch((): MapConfig => ({ kind: 'outline' }));
  return configPromise;
}

/** The base map, or undefined while it is asked for. */
export function useMapConfig(): MapConfig | undefined {
  const [config, setConfig] = useState<MapConfig | undefined>(undefined);
  useEffect(() => {
    let isLive = true;
    void loadMapConfig().then((c) => {
      if (isLive) setConfig(c);
    });
    return () => {
      isLive = false;
    };
  }, []);
  return config;
}

/** A base map under the chart: whether there is one, and what its geo component adds. */
export function hasBaseMap(config: MapConfig | undefined): boolean {
  return !!config && config.kind !== 'outline';
}

/**
 * What the chart's geo component takes when a base map is under it: the Mercator projection
 * (in place of `aspectScale`) and see-through areas so the streets show.
 */
export function baseMapGeo(config: MapConfig | undefined) {
  if (!hasBaseMap(config)) return {};
  // ECharts ignores aspectScale once a projection is given
  return { projection: MERCATOR_PROJECTION };
}

/**
 * [longitude, latitude] at a pixel of the chart's geo component, or undefined outside it; over
 * a base map (the Mercator projection) worked out here, ECharts' answer being wrong there.
 */
export function geoFromPixel(
  chart: echarts.ECharts,
  pixel: number[],
  config: MapConfig | undefined,
): [number, number] | undefined {
  const at = hasBaseMap(config)
    ? mercatorFromPixel(chart, pixel)
    : (chart.convertFromPixel({ geoIndex: 0 }, pixel) as number[] | undefined);
  const [lng, lat] = at ?? [];
  return typeof lng === 'number' && typeof lat === 'number' && Number.isFinite(lng + lat)
    ? [lng, lat]
    : undefined;
}

/** The fill of an area over a base map: a tint, so the streets under it read. */
export const OVER_TILES_AREA_COLOR = 'rgba(20, 86, 240, 0.06)';

interface BackgroundLayer {
  show(view: MapView): void;
  destroy(): void;
}

/** A MapLibre map under the chart, its camera set from the chart's view. Loaded on demand. */
async function styleLayer(element: HTMLElement, styleUrl: string): Promise<BackgroundLayer> {
  const { createStyleLayer } = await import('./maplibre-layer');
  return createStyleLayer(element, styleUrl);
}

/**
 * The base map `config` (from useMapConfig) under a chart made by `useEChart`: call after it
 * in the same component (its effects run after the chart is made), and draw the geo once the
 * config is known (its projection). Returns the layer to put under the chart's box in a
 * `position: relative` wrapper, with its attribution.
 */
export function useBaseMapLayer(
  chartRef: RefObject<echarts.ECharts | undefined>,
  config: MapConfig | undefined,
  testId: string,
): ReactNode {
  const { t } = useTranslation();
  const layerRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const chart = chartRef.current;
    const element = layerRef.current;
    if (!chart || !element || !config || config.kind === 'outline') return;
    let layer: BackgroundLayer | undefined;
    let isClosed = false;
    let lastKey = '';
    let frame = 0;
    const follow = () => {
      frame = 0;
      if (!layer || chart.isDisposed()) return;
      const view = viewOfChart(chart);
      if (!view) return;
      const key = `${view.width}x${view.height}@${view.centre.join(',')}/${view.worldPx}`;
      if (key === lastKey) return;
      lastKey = key;
      layer.show(view);
      element.dataset.zoom = String(view.zoom);
    };
    const schedule = () => {
      frame ||= requestAnimationFrame(follow);
    };
    if (config.kind === 'raster') {
      layer = new RasterTiles(element, config);
      schedule();
    } else {
      void styleLayer(element, config.styleUrl).then(
        (made) => {
          if (isClosed) return made.destroy();
          layer = made;
          schedule();
        },
        () => {
          element.dataset.failed = 'true';
        },
      );
    }
    chart.on('rendered', schedule);
    return () => {
      isClosed = true;
      chart.off('rendered', schedule);
      if (frame) cancelAnimationFrame(frame);
      layer?.destroy();
      delete element.dataset.zoom;
    };
  }, [chartRef, config]);

  const layer =
    config && config.kind !== 'outline' ? (
      <>
        <div
          ref={layerRef}
          data-testid={`${testId}-base`}
          data-kind={config.kind}
          style={{
            position: 'absolute',
            inset: 0,
            overflow: 'hidden',
            pointerEvents: 'none',
            background: '#f2f1ed',
          }}
        />
        <div
          data-testid={`${testId}-attribution`}
          title={t('baseMap.sourceTitle')}
          style={{
            position: 'absolute',
            right: 0,
            bottom: 0,
            zIndex: 2,
            maxWidth: '100%',
            padding: '0 4px',
            fontSize: 10,
            lineHeight: '14px',
            color: '#595959',
            background: 'rgba(255, 255, 255, 0.75)',
            pointerEvents: 'none',
            whiteSpace: 'nowrap',
            overflow: 'hidden',
            textOverflow: 'ellipsis',
          }}
        >
          {config.attribution}
        </div>
      </>
    ) : null;
  return layer;
}
