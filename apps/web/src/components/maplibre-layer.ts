import { Map as MapLibreMap, setWorkerUrl } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import type { MapView } from './raster-tiles';

/**
 * A MapLibre style (a city's vector tiles) under an ECharts map: a map that takes no input, its
 * camera set from the chart's view. Imported only when the server names a style
 * (MAP_STYLE_URL), so MapLibre is not in any bundle otherwise (decision 026).
 */
export function createStyleLayer(element: HTMLElement, styleUrl: string) {
  // the worker as its own file of the build (MapLibre looks for it beside itself otherwise)
  setWorkerUrl(workerUrl);
  const map = new MapLibreMap({
    container: element,
    style: styleUrl,
    interactive: false,
    attributionControl: false,
    // the chart's view follows; this is only where it starts
    center: [121.47, 31.23],
    zoom: 10,
    fadeDuration: 0,
  });
  let size = '';
  return {
    show(view: MapView) {
      const next = `${view.width}x${view.height}`;
      if (next !== size) {
        size = next;
        map.resize();
      }
      // MapLibre's zoom counts 512-pixel tiles: one less than the 256-pixel zoom
      map.jumpTo({ center: view.centre, zoom: view.zoom - 1 });
    },
    destroy() {
      map.remove();
    },
  };
}
