import type { MapConfig } from '@cc/contracts';
import { StartupError } from './db/database.js';

/**
 * The base map a city points the platform at (decision 026), read from the environment once and
 * checked at start: a malformed template stops the start with a sentence naming the setting.
 *
 * - MAP_TILES_URL: a raster or WMTS tile template with `{z}`, `{x}`, `{y}` and optionally `{s}`
 *   (one of MAP_TILES_SUBDOMAINS, `abc` by default), e.g. 天地图's
 *   `https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=KEY`
 *   with MAP_TILES_SUBDOMAINS=01234567; MAP_LABELS_URL the same for an annotation layer drawn
 *   over it (天地图's `cva_w`); MAP_TILES_MIN_ZOOM / MAP_TILES_MAX_ZOOM (0 / 18).
 * - MAP_STYLE_URL: a MapLibre style JSON (a city's vector tiles); MAP_STYLE_HOSTS the other
 *   origins its tiles, glyphs and sprites come from (comma-separated), for the page's CSP.
 * - MAP_TILES_ATTRIBUTION: the line shown on the map (the tiles' owner); the host by default.
 *
 * Nothing set: the area outlines alone, tile-free, as before.
 */
export interface BaseMapSettings {
  /** what the web app is told (`GET /api/map/config`) */
  baseMap: MapConfig;
  /** the origins the page may load map images and data from (CSP img-src and connect-src) */
  baseMapHosts: string[];
}

const PLACEHOLDER = /\{([^{}]*)\}/g;
const TILE_PLACEHOLDERS = new Set(['z', 'x', 'y', 's']);

function httpUrl(text: string, name: string): URL {
  let url: URL | null;
  try {
    url = new URL(text);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new StartupError(`${name} must be an http(s) address (https://…), got "${text}"`);
  }
  return url;
}

/** The subdomains `{s}` takes: comma-separated (`t0,t1`) or one character each (`abc`, `01234567`). */
function subdomainList(text: string | undefined): string[] {
  const v = (text ?? '').trim();
  if (!v) return ['a', 'b', 'c'];
  const list = v.includes(',') ? v.split(',') : [...v];
  const names = list.map((s) => s.trim()).filter(Boolean);
  for (const s of names) {
    if (!/^[A-Za-z0-9-]+$/.test(s)) {
      throw new StartupError(
        `MAP_TILES_SUBDOMAINS: "${s}" is no subdomain (letters, digits and "-"; e.g. abc or 01234567)`,
      );
    }
  }
  return names;
}

/**
 * A tile template checked: an http(s) address once its placeholders are filled, with `{z}`,
 * `{x}` and `{y}` each once and no other placeholder. Returns the origins it reaches.
 */
function tileTemplate(text: string, name: string, subdomains: readonly string[]): string[] {
  const found = [...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
  const unknown = found.filter((p) => !TILE_PLACEHOLDERS.has(p));
  if (unknown.length > 0) {
    throw new StartupError(
      `${name}: ${unknown.map((p) => `{${p}}`).join(', ')} is no tile placeholder; ` +
        `the template takes {z}, {x}, {y} and optionally {s}, got "${text}"`,
    );
  }
  for (const p of ['z', 'x', 'y']) {
    const count = found.filter((f) => f === p).length;
    if (count !== 1) {
      throw new StartupError(
        `${name}: the template must hold {${p}} once (it has it ${count} times), ` +
          `e.g. https://tiles.example.gov.cn/{z}/{x}/{y}.png, got "${text}"`,
      );
    }
  }
  if (/[{}]/.test(text.replace(PLACEHOLDER, ''))) {
    throw new StartupError(`${name}: an unmatched "{" or "}" in "${text}"`);
  }
  const hasS = found.includes('s');
  const fills = hasS ? subdomains : ['a'];
  const origins = fills.map(
    (s) => httpUrl(text.replace('{s}', s).replace(/\{[zxy]\}/g, '0'), name).origin,
  );
  return [...new Set(origins)];
}

function zoomLevel(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined || text.trim() === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 24) {
    throw new StartupError(`${name} must be a whole number 0–24, got "${text}"`);
  }
  return n;
}

/** A line of plain text for the map's corner (no markup: it is shown as text). */
function attribution(text: string | undefined, fallback: string): string {
  const v = (text ?? '').trim();
  if (v.length > 200) {
    throw new StartupError(`MAP_TILES_ATTRIBUTION must be at most 200 characters`);
  }
  return v || fallback;
}

export function baseMapSettings(env: NodeJS.ProcessEnv): BaseMapSettings {
  const styleUrl = env.MAP_STYLE_URL?.trim() || undefined;
  const tilesUrl = env.MAP_TILES_URL?.trim() || undefined;
  const labelsUrl = env.MAP_LABELS_URL?.trim() || undefined;
  if (styleUrl && tilesUrl) {
    throw new StartupError(
      'MAP_STYLE_URL and MAP_TILES_URL are both set: a base map is either a MapLibre style or a tile template, set one',
    );
  }
  if (labelsUrl && !tilesUrl) {
    throw new StartupError('MAP_LABELS_URL is drawn over MAP_TILES_URL: set MAP_TILES_URL too');
  }
  if (styleUrl) {
    const url = httpUrl(styleUrl, 'MAP_STYLE_URL');
    const others = (env.MAP_STYLE_HOSTS ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean)
      .map((h) => httpUrl(h, 'MAP_STYLE_HOSTS').origin);
    return {
      baseMap: {
        kind: 'style',
        styleUrl: url.toString(),
        attribution: attribution(env.MAP_TILES_ATTRIBUTION, url.host),
      },
      baseMapHosts: [...new Set([url.origin, ...others])],
    };
  }
  if (tilesUrl) {
    const subdomains = subdomainList(env.MAP_TILES_SUBDOMAINS);
    const hosts = [
      ...tileTemplate(tilesUrl, 'MAP_TILES_URL', subdomains),
      ...(labelsUrl ? tileTemplate(labelsUrl, 'MAP_LABELS_URL', subdomains) : []),
    ];
    const minZoom = zoomLevel(env.MAP_TILES_MIN_ZOOM, 'MAP_TILES_MIN_ZOOM', 0);
    const maxZoom = zoomLevel(env.MAP_TILES_MAX_ZOOM, 'MAP_TILES_MAX_ZOOM', 18);
    if (minZoom > maxZoom) {
      throw new StartupError(
        `MAP_TILES_MIN_ZOOM (${minZoom}) is above MAP_TILES_MAX_ZOOM (${maxZoom})`,
      );
    }
    const usesS = /\{s\}/.test(tilesUrl) || (!!labelsUrl && /\{s\}/.test(labelsUrl));
    return {
      baseMap: {
        kind: 'raster',
        tiles: tilesUrl,
        labels: labelsUrl ?? null,
        subdomains: usesS ? subdomains : [],
        minZoom,
        maxZoom,
        attribution: attribution(env.MAP_TILES_ATTRIBUTION, new URL(hosts[0]!).host),
      },
      baseMapHosts: [...new Set(hosts)],
    };
  }
  return { baseMap: { kind: 'outline' }, baseMapHosts: [] };
}
