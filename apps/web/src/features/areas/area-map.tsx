import type { AreaFeatureCollection } from '@cc/contracts';
import { Empty, Spin } from 'antd';
import { MapChart } from 'echarts/charts';
import { TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../../components/load-error';
import { areasApi, useRequest } from '../../lib/api';
import { areaName } from '../../lib/format';

echarts.use([MapChart, TooltipComponent, CanvasRenderer]);

/** Above this many regions the names would cover the map: hover shows them instead. */
const MAX_LABELLED_FEATURES = 60;

const PALETTE = ['#dbe7ff', '#c6d9ff', '#e3edff', '#d0e0ff', '#bcd2fe', '#e9f1ff'];

interface Props {
  code: string;
  /** Called with a child's code when its region is clicked. */
  onSelect: (code: string) => void;
}

/** Shanghai lies near 31°N: one degree of longitude is about cos(31°) of a degree of latitude. */
function aspectScaleFor(collection: AreaFeatureCollection): number {
  const centre = collection.features[0]?.properties.centre;
  const latitude = centre ? centre[1] : 31.2;
  return Math.cos((latitude * Math.PI) / 180);
}

/**
 * The boundaries of an area's children (or of the area itself when it has none),
 * drawn offline with ECharts from the server's GeoJSON. Loaded lazily with ECharts.
 */
export default function AreaMap({ code, onSelect }: Props) {
  const { t, i18n } = useTranslation();
  const containerRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<echarts.ECharts | undefined>(undefined);
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const codeRef = useRef(code);
  codeRef.current = code;
  const [renderedCount, setRenderedCount] = useState<{ code: string; count: number } | undefined>();
  // The answer carries its code: while the next area loads, the last one's data is not drawn as this one.
  const { data, error, reload } = useRequest(
    async (signal) => ({ code, collection: await areasApi.getBoundaries(code, signal) }),
    [code],
  );
  const collection = data?.code === code ? data.collection : undefined;
  const isLoading = !collection && !error;
  const featureCount = collection?.features.length ?? 0;

  // One chart for the component's life; resized with its box.
  useEffect(() => {
    const element = containerRef.current;
    if (!element) return;
    const chart = echarts.init(element, undefined, { renderer: 'canvas' });
    chartRef.current = chart;
    chart.on('click', (params) => {
      const clicked = typeof params.name === 'string' ? params.name : '';
      // A leaf shows its own outline: clicking it goes nowhere.
      if (params.componentType === 'series' && clicked && clicked !== codeRef.current)
        onSelectRef.current(clicked);
    });
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.dispose();
      chartRef.current = undefined;
    };
  }, []);

  useEffect(() => {
    const chart = chartRef.current;
    if (!chart || !collection || isLoading) return;
    if (collection.features.length === 0) {
      chart.clear();
      setRenderedCount({ code, count: 0 });
      return;
    }
    const mapName = `area-${code}`;
    // The contract's FeatureCollection is plain GeoJSON, which ECharts reads as it is.
    echarts.registerMap(mapName, collection);
    const byCode = new Map(
      collection.features.map((feature) => [feature.properties.code, feature.properties]),
    );
    const isLabelled = collection.features.length <= MAX_LABELLED_FEATURES;
    const label = (name: string) => {
      const props = byCode.get(name);
      return props ? areaName(props, i18n.language) : name;
    };

    const onFinished = () => {
      chart.off('finished', onFinished);
      setRenderedCount({ code, count: collection.features.length });
    };
    chart.on('finished', onFinished);
    chart.setOption(
      {
        tooltip: {
          trigger: 'item',
          formatter: (params: unknown) => {
            const name = (params as { name?: string }).name ?? '';
            const props = byCode.get(name);
            if (!props) return name;
            const note = props.approximate
              ? `<br/><span style="color:#d46b08">${t('areas.approximate')}</span>`
              : '';
            return `${areaName(props, i18n.language)} · ${t(`level.${props.level}`)}<br/>${props.code}${note}`;
          },
        },
        series: [
          {
            type: 'map',
            map: mapName,
            nameProperty: 'code',
            roam: true,
            selectedMode: false,
            aspectScale: aspectScaleFor(collection),
            layoutCenter: ['50%', '50%'],
            layoutSize: '95%',
            label: {
              show: isLabelled,
              formatter: (params: { name: string }) => label(params.name),
              fontSize: 11,
              color: '#1f2d3d',
            },
            labelLayout: { hideOverlap: true },
            itemStyle: { borderColor: '#1456f0', borderWidth: 1, areaColor: PALETTE[0] },
            emphasis: {
              label: {
                show: true,
                formatter: (params: { name: string }) => label(params.name),
                fontWeight: 'bold',
              },
              itemStyle: { areaColor: '#ffd666' },
            },
            data: collection.features.map((feature, index) => ({
              name: feature.properties.code,
              value: index,
              itemStyle: {
                areaColor: PALETTE[index % PALETTE.length],
                borderType: feature.properties.approximate ? 'dashed' : 'solid',
              },
            })),
          },
        ],
      },
      { notMerge: true },
    );
    return () => {
      // The chart may already be disposed when the page unmounts.
      if (!chart.isDisposed()) chart.off('finished', onFinished);
    };
  }, [collection, code, isLoading, i18n.language, t]);

  const isRendered = renderedCount?.code === code && !isLoading;
  return (
    <div style={{ position: 'relative' }}>
      <div
        ref={containerRef}
        className="cc-map"
        data-testid="area-map"
        data-area-code={code}
        data-feature-count={isRendered ? renderedCount.count : undefined}
        style={{ visibility: error || (isRendered && featureCount === 0) ? 'hidden' : 'visible' }}
      />
      {isLoading ? (
        <div
          style={{
            position: 'absolute',
            inset: 0,
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'center',
          }}
        >
          <Spin description={t('areas.mapLoading')} />
        </div>
      ) : null}
      {error ? (
        <div style={{ position: 'absolute', inset: 0 }}>
          <LoadError error={error} onRetry={reload} isCompact />
        </div>
      ) : null}
      {!error && isRendered && featureCount === 0 ? (
        <div
          style={{
            position: 'absolute',
            inset: 0,
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'center',
          }}
        >
          <Empty description={t('areas.mapEmpty')} />
        </div>
      ) : null}
    </div>
  );
}
