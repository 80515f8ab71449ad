import type { Domain } from '@cc/contracts';
import { EffectScatterChart, HeatmapChart, MapChart, ScatterChart } from 'echarts/charts';
import {
  GeoComponent,
  LegendScrollComponent,
  TooltipComponent,
  VisualMapContinuousComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import {
  boundaryLayout,
  registerBoundaries,
  useAreaBoundaries,
  useEChart,
} from '../../components/echarts-map';
import { MapStatus } from '../../components/map-overlay';
import { inLanguage } from '../../lib/format';
import { escapeHtml, htmlLines } from '../../lib/escape-html';
import { useLatest } from '../../lib/use-latest';
import type { ChartHandle } from './chart-handle';
import { chartFontSize, withUnit, type MapShading } from '../../lib/chart-base';
import { legendText } from './figures';
import type { DashboardPoint } from './use-dashboard-data';

echarts.use([
  GeoComponent,
  MapChart,
  ScatterChart,
  EffectScatterChart,
  HeatmapChart,
  VisualMapContinuousComponent,
  LegendScrollComponent,
  TooltipComponent,
  CanvasRenderer,
]);

/** Above this many regions the names would cover the map: hover shows them instead. */
const MAX_LABELLED_FEATURES = 40;

/** One colour per domain, by the domain's place in the taxonomy, so a layer keeps its colour. */
const DOMAIN_PALETTE = [
  '#1890ff',
  '#13c2c2',
  '#faad14',
  '#eb2f96',
  '#722ed1',
  '#fa541c',
  '#2f54eb',
  '#a0d911',
  '#fadb14',
  '#08979c',
  '#9254de',
  '#d4380d',
];

/** Good to bad, as the choropleth shades the children. */
const RAMP_GOOD_TO_BAD = {
  light: ['#b7eb8f', '#fff1b8', '#ffccc7', '#ff7875'],
  dark: ['#1d4d2a', '#4f4a1c', '#5e3419', '#6e1c24'],
};
const RAMP_NEUTRAL = {
  light: ['#e6f4ff', '#91caff', '#4096ff'],
  dark: ['#112a4f', '#1d5fb0', '#3ba0ff'],
};

const NO_POINTS: readonly DashboardPoint[] = [];
const NO_PLACES: readonly MapPlace[] = [];
const PLACE_COLOR = '#13c2c2';

/** A fixed place a board watches (a flood point), marked apart from the cases. */
export interface MapPlace {
  id: string;
  name: string;
  lat: number;
  lng: number;
  /** what its tooltip says under its name (its leader, its unit) */
  lines: readonly string[];
}
const NO_DOMAINS: readonly Domain[] = [];
const codeAsName = (code: string) => code;

interface Props {
  code: string;
  /** A value for every child (an indicator, a topic's metric): the choropleth. */
  shading: MapShading | undefined;
  /** The case points, one layer per domain (none on a topic board). */
  points?: readonly DashboardPoint[];
  /** The newest live points, drawn with a ripple. */
  fresh?: readonly DashboardPoint[];
  /** Fixed places (a board's flood points), one layer named `placesName`. */
  places?: readonly MapPlace[];
  placesName?: string;
  domains?: readonly Domain[];
  scenarioName?: (code: string) => string;
  isHeat?: boolean;
  isDark: boolean;
  onDrill: (code: string) => void;
  onOpenCase?: (id: string) => void;
  onReady?: (chart: ChartHandle | undefined) => void;
}

/**
 * The dashboard map, drawn offline from the server's boundaries: the children shaded by the
 * chosen indicator or topic metric (click one to drill down; the marked ones outlined), the cases as one layer per domain (the legend
 * toggles them; click one to open it), a board's fixed places (flood points) as diamonds, the
 * newest live cases with a ripple, and a heat layer.
 * Loaded lazily: it imports ECharts.
 */
export default function DashboardMap({
  code,
  shading,
  points = NO_POINTS,
  fresh = NO_POINTS,
  places = NO_PLACES,
  placesName = '',
  domains = NO_DOMAINS,
  scenarioName = codeAsName,
  isHeat = false,
  isDark,
  onDrill,
  onOpenCase,
  onReady,
}: Props) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  // the click handler is registered once, with the chart
  const handlers = useLatest({ onDrill, onOpenCase, onReady, code });
  const { collection, error, reload } = useAreaBoundaries(code);
  const labelRef = useRef<(code: string) => string>((c) => c);
  const isLoading = !collection && !error;
  const featureCount = collection?.features.length ?? 0;
  // the boundaries of `code` are drawn in the commit that brings them
  const isRendered = featureCount > 0;

  const { containerRef, chartRef } = useEChart(
    (chart) => {
      chart.on('click', (params) => {
        const data = params.data as { id?: string } | undefined;
        if (
          params.componentType === 'series' &&
          (params.seriesType === 'scatter' || params.seriesType === 'effectScatter')
        ) {
          if (data?.id) handlers.current.onOpenCase?.(data.id);
          return;
        }
        const isRegion =
          params.componentType === 'geo' ||
          (params.componentType === 'series' && params.seriesType === 'map');
        const name = typeof params.name === 'string' ? params.name : '';
        // A leaf shows its own outline: clicking it goes nowhere.
        if (isRegion && name && name !== handlers.current.code) handlers.current.onDrill(name);
      });
      handlers.current.onReady?.(chart);
    },
    isDark ? 'dark' : undefined,
  );
  useEffect(() => () => handlers.current.onReady?.(undefined), [handlers]);

  // The boundaries: drawn again only when the area (or the language of the names) changes.
  useEffect(() => {
    const chart = chartRef.current;
    if (!chart || !collection) return;
    if (collection.features.length === 0) {
      chart.clear();
      return;
    }
    const mapName = `dashboard-${code}`;
    const { label } = registerBoundaries(mapName, collection, language);
    labelRef.current = label;
    const isLabelled = collection.features.length <= MAX_LABELLED_FEATURES;
    chart.setOption(
      {
        backgroundColor: 'transparent',
        tooltip: { trigger: 'item', confine: true },
        geo: {
          id: 'boundaries',
          ...boundaryLayout(mapName, collection, '94%'),
          roam: true,
          selectedMode: false,
          itemStyle: isDark
            ? { areaColor: '#10284d', borderColor: '#3ba0ff', borderWidth: 1 }
            : { areaColor: '#eef3ff', borderColor: '#1456f0', borderWidth: 1 },
          label: {
            show: isLabelled,
            formatter: (params: { name: string }) => label(params.name),
            fontSize: chartFontSize(isDark) - 1,
            color: isDark ? '#c9d7f0' : '#1f2d3d',
          },
          labelLayout: { hideOverlap: true },
          emphasis: {
            label: { show: true, formatter: (params: { name: string }) => label(params.name) },
            itemStyle: { areaColor: isDark ? '#1d4a8f' : '#ffd666' },
          },
          tooltip: {
            show: true,
            formatter: (params: { name: string }) => escapeHtml(label(params.name)),
          },
        },
        legend: {
          id: 'layers',
          type: 'scroll',
          bottom: 4,
          right: 8,
          left: 120,
          align: 'right',
          itemWidth: 10,
          itemHeight: 10,
          textStyle: { fontSize: chartFontSize(isDark) },
        },
        series: [],
      },
      { notMerge: true },
    );
  }, [chartRef, collection, code, language, isDark]);

  // The layers: the choropleth, the case points and the heat; drawn again after the
  // boundaries are (which start from no layers), so this effect follows the one above.
  useEffect(() => {
    const chart = chartRef.current;
    if (!chart || !isRendered) return;
    const label = labelRef.current;
    const measure = shading?.measure;
    const byCode = new Map(shading?.items.map((item) => [item.area.code, item]) ?? []);
    const values = (shading?.items ?? []).flatMap((item) =>
      item.value === null ? [] : [item.value],
    );
    const domainIndex = new Map(domains.map((domain, index) => [domain.code, index]));
    const present = [...new Set(points.map((p) => p.domain))].sort(
      (a, b) => (domainIndex.get(a) ?? 99) - (domainIndex.get(b) ?? 99) || a.localeCompare(b),
    );
    const domainName = (domainCode: string) => {
      const domain = domains.find((d) => d.code === domainCode);
      return domain ? inLanguage(domain.name, domain.nameEn, language) : domainCode;
    };
    const pointTooltip = (params: unknown) => {
      const data = (params as { data?: { scenarioCode?: string; status?: string } }).data;
      if (!data?.scenarioCode) return '';
      return htmlLines([
        scenarioName(data.scenarioCode),
        t(`cases.status.${data.status ?? 'reported'}`),
      ]);
    };
    const pointData = (list: readonly DashboardPoint[]) =>
      list.map((p) => ({
        id: p.id,
        value: [p.lng, p.lat],
        scenarioCode: p.scenarioCode,
        status: p.status,
      }));
    const border = isDark ? '#0b1730' : '#ffffff';

    const series: Record<string, unknown>[] = [
      {
        type: 'map',
        id: 'choropleth',
        geoIndex: 0,
        data: (shading?.items ?? []).map((item) => ({
          name: item.area.code,
          value: item.value,
        })),
        tooltip: {
          formatter: (params: { name: string }) => {
            const item = byCode.get(params.name);
            if (!item || !measure) return escapeHtml(label(params.name));
            const name = inLanguage(measure.name, measure.nameEn, language);
            return htmlLines([
              label(params.name),
              `${name}：${withUnit(item.display, measure, language)}`,
            ]);
          },
        },
      },
      ...present.map((domainCode) => {
        const index = domainIndex.get(domainCode) ?? present.indexOf(domainCode);
        return {
          type: 'scatter',
          id: `domain-${domainCode}`,
          name: domainName(domainCode),
          coordinateSystem: 'geo',
          symbolSize: points.length > 1500 ? 5 : 8,
          cursor: 'pointer',
          z: 4,
          itemStyle: {
            color: DOMAIN_PALETTE[index % DOMAIN_PALETTE.length],
            borderColor: border,
            borderWidth: 1,
            // under the heat layer the points step back, so the hot spots read
            opacity: isHeat ? 0.45 : 1,
          },
          tooltip: { formatter: pointTooltip },
          data: pointData(points.filter((p) => p.domain === domainCode)),
        };
      }),
    ];
    if (places.length > 0) {
      series.push({
        type: 'scatter',
        id: 'places',
        name: placesName,
        coordinateSystem: 'geo',
        symbol: 'diamond',
        symbolSize: 14,
        z: 5,
        itemStyle: { color: PLACE_COLOR, borderColor: border, borderWidth: 1.5 },
        tooltip: {
          formatter: (params: unknown) => {
            const place = (params as { data?: { place?: MapPlace } }).data?.place;
            return place ? htmlLines([place.name, ...place.lines]) : '';
          },
        },
        data: places.map((place) => ({ value: [place.lng, place.lat], place })),
      });
    }
    if (fresh.length > 0) {
      series.push({
        type: 'effectScatter',
        id: 'fresh',
        name: t('dashboards.map.fresh'),
        coordinateSystem: 'geo',
        symbolSize: 11,
        z: 6,
        rippleEffect: { brushType: 'stroke', scale: 4 },
        itemStyle: { color: '#ff4d4f', borderColor: border, borderWidth: 1 },
        tooltip: { formatter: pointTooltip },
        data: pointData(fresh),
      });
    }
    const visualMap: Record<string, unknown>[] = [];
    // one value (or one child) has nothing to shade against
    if (measure && values.length > 0 && Math.min(...values) < Math.max(...values)) {
      const min = Math.min(...values);
      const max = Math.max(...values);
      const palette = isDark ? 'dark' : 'light';
      const ramp =
        measure.direction === 'neutral' ? RAMP_NEUTRAL[palette] : RAMP_GOOD_TO_BAD[palette];
      visualMap.push({
        type: 'continuous',
        id: 'choropleth',
        seriesIndex: 0,
        min,
        max,
        // higher is better: the low end is the bad end of the ramp
        inRange: { color: measure.direction === 'higher' ? [...ramp].reverse() : ramp },
        left: 8,
        bottom: 8,
        // the bar grows with the wall's type, like the text beside it
        itemWidth: Math.round(chartFontSize(isDark) * 0.75),
        itemHeight: chartFontSize(isDark) * 5,
        calculable: false,
        // the ends as the indicator shows its values: "67.7%", not 67.74
        text: [legendText(max, measure, language), legendText(min, measure, language)],
        textStyle: { color: isDark ? '#c9d7f0' : '#595959', fontSize: chartFontSize(isDark) - 1 },
      });
    }
    if (isHeat && points.length > 0) {
      series.push({
        type: 'heatmap',
        id: 'heat',
        coordinateSystem: 'geo',
        pointSize: 10,
        blurSize: 18,
        z: 3,
        silent: true,
        tooltip: { show: false },
        data: points.map((p) => [p.lng, p.lat, 1]),
      });
      visualMap.push({
        type: 'continuous',
        id: 'heat',
        seriesIndex: series.length - 1,
        show: false,
        min: 0,
        max: 2,
        inRange: {
          color: ['rgba(0,0,255,0)', '#1677ff', '#13c2c2', '#a0d911', '#fadb14', '#f5222d'],
        },
      });
    }
    chart.setOption(
      {
        geo: {
          id: 'boundaries',
          regions: (shading?.marked ?? []).map((name) => ({
            name,
            itemStyle: { borderColor: '#f5222d', borderWidth: 3 },
            label: {
              show: true,
              fontWeight: 'bold',
              color: isDark ? '#fff' : '#a8071a',
              textBorderColor: isDark ? '#a8071a' : '#fff',
              textBorderWidth: 2,
            },
          })),
        },
        legend: {
          id: 'layers',
          data: [
            ...present.map(domainName),
            ...(places.length > 0 ? [placesName] : []),
            ...(fresh.length > 0 ? [t('dashboards.map.fresh')] : []),
          ],
        },
        visualMap,
        series,
      },
      { replaceMerge: ['series', 'visualMap'] },
    );
  }, [
    chartRef,
    collection,
    isRendered,
    code,
    shading,
    points,
    fresh,
    places,
    placesName,
    domains,
    isHeat,
    isDark,
    language,
    scenarioName,
    t,
  ]);

  return (
    <div className="cc-dash-map-box">
      <div
        ref={containerRef}
        className="cc-dash-map"
        data-testid="dashboard-map"
        data-area-code={isRendered ? code : undefined}
        data-point-count={isRendered ? points.length : undefined}
        data-place-count={isRendered ? places.length : undefined}
        data-feature-count={isRendered ? featureCount : undefined}
        data-marked={isRendered ? (shading?.marked.join(' ') ?? '') : undefined}
        style={{ visibility: error || (collection && featureCount === 0) ? 'hidden' : 'visible' }}
      />
      <MapStatus
        isLoading={isLoading}
        error={error}
        onRetry={reload}
        isEmpty={!!collection && featureCount === 0}
      />
    </div>
  );
}
