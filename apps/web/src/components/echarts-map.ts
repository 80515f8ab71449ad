import type { AreaFeatureCollection } from '@cc/contracts';
import * as echarts from 'echarts/core';
import { useEffect, useRef } from 'react';
import { areasApi, useRequest } from '../lib/api';
import { areaName } from '../lib/format';

/**
 * What the ECharts maps (area boundaries, case points, dispatch points) share: the server's
 * GeoJSON for an area, one chart for the component's life, and the boundary layout.
 * Import only from lazily loaded map modules: it pulls in ECharts.
 */

/**
 * The boundaries of an area's children (or of the area itself when it has none). The answer
 * carries its code: while the next area loads, the last one's data is not drawn as this one.
 * Nothing is fetched while `code` is undefined.
 */
export function useAreaBoundaries(code: string | undefined) {
  const { data, error, reload } = useRequest(
    async (signal) =>
      code ? { code, collection: await areasApi.getBoundaries(code, signal) } : undefined,
    [code],
    !!code,
  );
  const collection = data && data.code === code ? data.collection : undefined;
  return { collection, error, reload };
}

/**
 * One chart for the component's life, resized with its box and disposed on unmount.
 * `setup` (read once, when the chart is made) attaches the chart's event handlers; `theme`
 * (also read once: remount the component to change it) is an ECharts theme such as 'dark'.
 */
export function useEChart(setup?: (chart: echarts.ECharts) => void, theme?: string) {
  const containerRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<echarts.ECharts | undefined>(undefined);
  const setupRef = useRef(setup);
  const themeRef = useRef(theme);
  useEffect(() => {
    const element = containerRef.current;
    if (!element) return;
    const chart = echarts.init(element, themeRef.current, { renderer: 'canvas' });
    chartRef.current = chart;
    setupRef.current?.(chart);
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.dispose();
      chartRef.current = undefined;
    };
  }, []);
  return { containerRef, chartRef };
}

/** Shanghai lies near 31°N: one degree of longitude is about cos(31°) of a degree of latitude. */
export function aspectScaleFor(collection: AreaFeatureCollection): number {
  const centre = collection.features[0]?.properties.centre;
  const latitude = centre ? centre[1] : 31.2;
  return Math.cos((latitude * Math.PI) / 180);
}

/**
 * Registers the boundaries under `mapName` (the contract's FeatureCollection is plain GeoJSON,
 * which ECharts reads as it is) and returns the regions by code with a name for each.
 */
type AreaFeatureProperties = AreaFeatureCollection['features'][number]['properties'];

export function registerBoundaries(
  mapName: string,
  collection: AreaFeatureCollection,
  language: string,
) {
  echarts.registerMap(mapName, collection as Parameters<typeof echarts.registerMap>[1]);
  const byCode = new Map<string, AreaFeatureProperties>(
    collection.features.map((feature) => [feature.properties.code, feature.properties]),
  );
  const label = (code: string) => {
    const props = byCode.get(code);
    return props ? areaName(props, language) : code;
  };
  return { byCode, label };
}

/** Where the registered boundaries sit in the box: regions named by code, centred, to scale. */
export function boundaryLayout(
  mapName: string,
  collection: AreaFeatureCollection,
  layoutSize = '95%',
) {
  return {
    map: mapName,
    nameProperty: 'code',
    aspectScale: aspectScaleFor(collection),
    layoutCenter: ['50%', '50%'],
    layoutSize,
  };
}
