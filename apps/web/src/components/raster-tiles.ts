import type { MapConfig } from '@cc/contracts';

/**
 * A raster tile layer of our own (decision 026): Web Mercator XYZ tiles (a city's tile server,
 * 天地图's WMTS) as <img> elements placed to match a view. No WebGL, no library: a few dozen
 * lines where MapLibre is a megabyte.
 */

const TILE = 256;
const DEG = 180 / Math.PI;

/** Mercator y of a latitude, in degrees (0 at the equator, 180 at the top of the world). */
export function mercatorY(lat: number): number {
  const clamped = Math.max(-85.05112878, Math.min(85.05112878, lat));
  return DEG * Math.log(Math.tan(Math.PI / 4 + clamped / DEG / 2));
}

/** The latitude of a Mercator y in degrees. */
export function latitudeOf(mercator: number): number {
  return DEG * (2 * Math.atan(Math.exp(mercator / DEG)) - Math.PI / 2);
}

/**
 * Web Mercator for the ECharts geo component, in degrees (x = longitude, y growing downward),
 * so that outlines sit on the tiles exactly (ECharts' default stretches latitude linearly).
 */
export const MERCATOR_PROJECTION = {
  project: ([lng = 0, lat = 0]: number[]) => [lng, -mercatorY(lat)],
  unproject: ([x = 0, y = 0]: number[]) => [x, latitudeOf(-y)],
};

/** What a map shows: its box in CSS pixels, its centre, and how wide the world is at its scale. */
export interface MapView {
  width: number;
  height: number;
  /** [longitude, latitude] at the box's centre */
  centre: [number, number];
  /** the width of the whole world (360° of longitude) in CSS pixels */
  worldPx: number;
  /** the zoom of 256-pixel tiles this scale is (fractional) */
  zoom: number;
}

/** The parts of an ECharts chart the view is read from (its geo component in Mercator). */
export interface GeoChart {
  getWidth(): number;
  getHeight(): number;
  convertToPixel(finder: { geoIndex: number }, value: number[]): unknown;
}

const isPair = (v: unknown): v is [number, number] =>
  Array.isArray(v) && Number.isFinite(v[0]) && Number.isFinite(v[1]);

/** Two places whose pixels give the chart's scale and offset (any two apart will do). */
const REF_A = [121, 31];
const REF_B = [122, 32];

/**
 * [longitude, latitude] at a pixel of a chart whose geo component projects in Mercator.
 * ECharts' own convertFromPixel applies the projection's inverse before undoing the view's
 * transform (the wrong order: it answers nonsense with a projection), so the view's transform
 * is worked out from two places' pixels here and undone first. Undefined before there is a geo.
 */
export function mercatorFromPixel(chart: GeoChart, pixel: number[]): [number, number] | undefined {
  let a: unknown;
  let b: unknown;
  try {
    a = chart.convertToPixel({ geoIndex: 0 }, REF_A);
    b = chart.convertToPixel({ geoIndex: 0 }, REF_B);
  } catch {
    return undefined;
  }
  if (!isPair(a) || !isPair(b)) return undefined;
  const pa = MERCATOR_PROJECTION.project(REF_A);
  const pb = MERCATOR_PROJECTION.project(REF_B);
  const sx = (b[0] - a[0]) / (pb[0]! - pa[0]!);
  const sy = (b[1] - a[1]) / (pb[1]! - pa[1]!);
  if (!(sx > 0) || !(sy > 0)) return undefined;
  const x = ((pixel[0] ?? NaN) - a[0]) / sx + pa[0]!;
  const y = ((pixel[1] ?? NaN) - a[1]) / sy + pa[1]!;
  const at = MERCATOR_PROJECTION.unproject([x, y]);
  return isPair(at) ? at : undefined;
}

/** The view of a chart whose geo component projects in Mercator; null before it has one. */
export function viewOfChart(chart: GeoChart): MapView | null {
  const width = chart.getWidth();
  const height = chart.getHeight();
  if (!(width > 0 && height > 0)) return null;
  const centre = mercatorFromPixel(chart, [width / 2, height / 2]);
  if (!centre) return null;
  let a: unknown;
  let b: unknown;
  try {
    a = chart.convertToPixel({ geoIndex: 0 }, [centre[0] - 0.005, centre[1]]);
    b = chart.convertToPixel({ geoIndex: 0 }, [centre[0] + 0.005, centre[1]]);
  } catch {
    return null;
  }
  if (!isPair(a) || !isPair(b)) return null;
  // x is longitude in degrees: pixels per degree, times the world's 360
  const worldPx = ((b[0] - a[0]) / 0.01) * 360;
  if (!(worldPx > 0)) return null;
  return {
    width,
    height,
    centre: [round(centre[0], 7), round(centre[1], 7)],
    worldPx: round(worldPx, 3),
    zoom: Math.log2(worldPx / TILE),
  };
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/** One tile's address and where it lies in the box. */
export interface PlacedTile {
  z: number;
  x: number;
  y: number;
  left: number;
  top: number;
  size: number;
}

/**
 * The tiles covering a view at the whole zoom nearest its scale (within the server's
 * limits), each placed in CSS pixels; tiles are scaled by at most √2 either way.
 */
export function tilesFor(view: MapView, minZoom: number, maxZoom: number): PlacedTile[] {
  const z = Math.max(minZoom, Math.min(maxZoom, Math.round(view.zoom)));
  const count = 2 ** z;
  const size = view.worldPx / count;
  // the centre in world pixels at this scale: x from longitude, y from Mercator
  const cx = ((view.centre[0] + 180) / 360) * view.worldPx;
  const cy = (0.5 - mercatorY(view.centre[1]) / 360) * view.worldPx;
  const left0 = cx - view.width / 2;
  const top0 = cy - view.height / 2;
  const tiles: PlacedTile[] = [];
  const xFrom = Math.floor(left0 / size);
  const xTo = Math.floor((left0 + view.width) / size);
  const yFrom = Math.max(0, Math.floor(top0 / size));
  const yTo = Math.min(count - 1, Math.floor((top0 + view.height) / size));
  // a sane cap: a view never needs more than a few dozen tiles
  if ((xTo - xFrom + 1) * (yTo - yFrom + 1) > 400) return [];
  for (let y = yFrom; y <= yTo; y++) {
    for (let x = xFrom; x <= xTo; x++) {
      tiles.push({
        z,
        x: ((x % count) + count) % count,
        y,
        left: x * size - left0,
        top: y * size - top0,
        size,
      });
    }
  }
  return tiles;
}

/** A template's URL for one tile; `{s}` takes a subdomain chosen by the tile, so it is cached. */
export function tileUrl(
  template: string,
  subdomains: readonly string[],
  tile: { z: number; x: number; y: number },
): string {
  const s = subdomains.length > 0 ? subdomains[(tile.x + tile.y) % subdomains.length]! : '';
  return template
    .replace('{s}', s)
    .replace('{z}', String(tile.z))
    .replace('{x}', String(tile.x))
    .replace('{y}', String(tile.y));
}

type RasterConfig = Extract<MapConfig, { kind: 'raster' }>;

/**
 * The tiles of a raster base map (and its annotation layer over them) in `element`, placed for
 * each view shown. Tiles already there are moved, not loaded again.
 */
export class RasterTiles {
  private readonly images = new Map<string, HTMLImageElement>();
  private readonly templates: string[];

  constructor(
    private readonly element: HTMLElement,
    private readonly config: RasterConfig,
  ) {
    this.templates = [config.tiles, ...(config.labels ? [config.labels] : [])];
  }

  show(view: MapView): void {
    const tiles = tilesFor(view, this.config.minZoom, this.config.maxZoom);
    const wanted = new Set<string>();
    this.templates.forEach((template, layer) => {
      for (const tile of tiles) {
        const key = `${layer}/${tile.z}/${tile.x}/${tile.y}`;
        wanted.add(key);
        let img = this.images.get(key);
        if (!img) {
          img = this.makeImage(tileUrl(template, this.config.subdomains, tile), layer);
          this.images.set(key, img);
          this.element.appendChild(img);
        }
        // whole pixels at the edges: no hairline seams between neighbours
        const left = Math.round(tile.left);
        const top = Math.round(tile.top);
        img.style.left = `${left}px`;
        img.style.top = `${top}px`;
        img.style.width = `${Math.round(tile.left + tile.size) - left}px`;
        img.style.height = `${Math.round(tile.top + tile.size) - top}px`;
      }
    });
    for (const [key, img] of this.images) {
      if (wanted.has(key)) continue;
      img.remove();
      this.images.delete(key);
    }
    this.element.dataset.tileCount = String(tiles.length);
  }

  private makeImage(src: string, layer: number): HTMLImageElement {
    const img = document.createElement('img');
    img.alt = '';
    img.draggable = false;
    img.decoding = 'async';
    // tile services that check the key's site (天地图's browser keys) see our origin, no more
    img.referrerPolicy = 'strict-origin-when-cross-origin';
    img.dataset.tile = layer === 0 ? 'base' : 'labels';
    Object.assign(img.style, {
      position: 'absolute',
      maxWidth: 'none',
      userSelect: 'none',
      zIndex: String(layer),
    });
    img.onerror = () => {
      img.style.visibility = 'hidden';
    };
    img.src = src;
    return img;
  }

  destroy(): void {
    for (const img of this.images.values()) img.remove();
    this.images.clear();
    delete this.element.dataset.tileCount;
  }
}
