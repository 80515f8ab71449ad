import { MapChart } from 'echarts/charts';
import { TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  boundaryLayout,
  registerBoundaries,
  useAreaBoundaries,
  useEChart,
} from '../../components/echarts-map';
import { MapStatus } from '../../components/map-overlay';
import { escapeHtml, htmlLines } from '../../lib/escape-html';
import { areaName } from '../../lib/format';
import { useLatest } from '../../lib/use-latest';

echarts.use([MapChart, TooltipComponent, CanvasRenderer]);

/** Above this many regions the names would cover the map: hover shows them instead. */
const MAX_LABELLED_FEATURES = 60;

const PALETTE = ['#dbe7ff', '#c6d9ff', '#e3edff', '#d0e0ff', '#bcd2fe', '#e9f1ff'];

interface Props {
  code: string;
  /** Called with a child's code when its region is clicked. */
  onSelect: (code: string) => void;
}

/**
 * The boundaries of an area's children (or of the area itself when it has none),
 * drawn offline with ECharts from the server's GeoJSON. Loaded lazily with ECharts.
 */
export default function AreaMap({ code, onSelect }: Props) {
  const { t, i18n } = useTranslation();
  // the click handler is registered once, with the chart
  const latest = useLatest({ onSelect, code });
  const [renderedCode, setRenderedCode] = useState<string>();
  const { collection, error, reload } = useAreaBoundaries(code);
  const isLoading = !collection && !error;
  const featureCount = collection?.features.length ?? 0;

  const { containerRef, chartRef } = useEChart((chart) => {
    chart.on('click', (params) => {
      const clicked = typeof params.name === 'string' ? params.name : '';
      // A leaf shows its own outline: clicking it goes nowhere.
      if (params.componentType === 'series' && clicked && clicked !== latest.current.code)
        latest.current.onSelect(clicked);
    });
  });

  useEffect(() => {
    const chart = chartRef.current;
    if (!chart || !collection || isLoading) return;
    if (collection.features.length === 0) {
      chart.clear();
      return;
    }
    const mapName = `area-${code}`;
    const { byCode, label } = registerBoundaries(mapName, collection, i18n.language);
    const isLabelled = collection.features.length <= MAX_LABELLED_FEATURES;

    const onFinished = () => {
      chart.off('finished', onFinished);
      setRenderedCode(code);
    };
    chart.on('finished', onFinished);
    chart.setOption(
      {
        tooltip: {
          trigger: 'item',
          formatter: (params: unknown) => {
            const name = (params as { name?: string }).name ?? '';
            const props = byCode.get(name);
            if (!props) return escapeHtml(name);
            const note = props.approximate
              ? `<br/><span style="color:#d46b08">${escapeHtml(t('areas.approximate'))}</span>`
              : '';
            return `${htmlLines([
              `${areaName(props, i18n.language)} · ${t(`level.${props.level}`)}`,
              props.code,
            ])}${note}`;
          },
        },
        series: [
          {
            type: 'map',
            ...boundaryLayout(mapName, collection),
            roam: true,
            selectedMode: false,
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
  }, [chartRef, collection, code, isLoading, i18n.language, t]);

  // no boundaries: the chart is cleared at once; others count once the chart has finished
  const isRendered = !isLoading && (featureCount === 0 ? !!collection : renderedCode === code);
  return (
    <div style={{ position: 'relative' }}>
      <div
        ref={containerRef}
        className="cc-map"
        data-testid="area-map"
        data-area-code={code}
        data-feature-count={isRendered ? featureCount : undefined}
        style={{ visibility: error || (isRendered && featureCount === 0) ? 'hidden' : 'visible' }}
      />
      <MapStatus
        isLoading={isLoading}
        error={error}
        onRetry={reload}
        isEmpty={isRendered && featureCount === 0}
      />
    </div>
  );
}
