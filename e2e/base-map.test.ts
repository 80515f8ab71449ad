import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { baseMapSettings } from '../apps/server/src/platform/base-map.js';
import { DEMO, startTestPlatform, type TestPlatform } from '../apps/server/src/testing.js';
import { artifact, browserMissing, launchBrowser, PHONE, until } from './browser.js';

const skip = browserMissing();

/** The tiles' colour: a green no map of ours draws, so a pixel of it is a tile showing. */
const TILE_RGB = { r: 40, g: 200, b: 90 };
const DEG = 180 / Math.PI;
const mercatorY = (lat: number) => DEG * Math.log(Math.tan(Math.PI / 4 + lat / DEG / 2));

interface TileRequest {
  layer: string;
  z: number;
  x: number;
  y: number;
}

/**
 * A tile server of our own on a free port: a green PNG for any `/tiles/z/x/y.png`, a clear one
 * for `/labels/…`, and a MapLibre style whose one raster source is `/tiles`; every tile asked
 * for is counted.
 */
async function startTileServer() {
  const requests: TileRequest[] = [];
  const png = (background: { r: number; g: number; b: number; alpha: number }) =>
    sharp({ create: { width: 256, height: 256, channels: 4, background } })
      .png()
      .toBuffer();
  const tile = await png({ ...TILE_RGB, alpha: 1 });
  const clear = await png({ r: 0, g: 0, b: 0, alpha: 0 });
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://tiles');
    res.setHeader('access-control-allow-origin', '*');
    const m = /^\/(tiles|labels)\/(\d+)\/(\d+)\/(\d+)\.png$/.exec(url.pathname);
    if (m) {
      requests.push({ layer: m[1]!, z: Number(m[2]), x: Number(m[3]), y: Number(m[4]) });
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(m[1] === 'tiles' ? tile : clear);
      return;
    }
    if (url.pathname === '/style.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          version: 8,
          sources: {
            city: { type: 'raster', tiles: [`${origin}/tiles/{z}/{x}/{y}.png`], tileSize: 256 },
          },
          layers: [{ id: 'city', type: 'raster', source: 'city' }],
        }),
      );
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The whole-zoom tiles that cover a box of `width` × `height` CSS pixels fitted as the map fits it. */
function expectedTiles(
  bbox: { west: number; east: number; south: number; north: number },
  width: number,
  height: number,
  layoutShare: number,
) {
  // ECharts' geo: the outline's box (in the projection's units) fills layoutShare of the
  // smaller side, centred
  const bw = bbox.east - bbox.west;
  const bh = mercatorY(bbox.north) - mercatorY(bbox.south);
  const size = layoutShare * Math.min(width, height);
  const pixelsPerDegree = bw / bh > 1 ? size / bw : size / bh;
  const worldPx = 360 * pixelsPerDegree;
  const z = Math.round(Math.log2(worldPx / 256));
  const tilePx = worldPx / 2 ** z;
  const cx = ((bbox.west + bbox.east) / 2 + 180) / 360;
  const cy = 0.5 - (mercatorY(bbox.north) + mercatorY(bbox.south)) / 2 / 360;
  const keys: string[] = [];
  for (
    let y = Math.floor((cy * worldPx - height / 2) / tilePx);
    y <= Math.floor((cy * worldPx + height / 2) / tilePx);
    y++
  ) {
    for (
      let x = Math.floor((cx * worldPx - width / 2) / tilePx);
      x <= Math.floor((cx * worldPx + width / 2) / tilePx);
      x++
    ) {
      keys.push(`${z}/${x}/${y}`);
    }
  }
  return { z, keys: keys.sort() };
}

describe('browser: a base map a city points at its own tiles', { skip: skip ?? false }, () => {
  let tiles: Awaited<ReturnType<typeof startTileServer>>;
  let browser: Browser;
  before(async () => {
    [tiles, browser] = await Promise.all([startTileServer(), launchBrowser()]);
  });
  after(async () => {
    await browser?.close();
    await tiles?.close();
  });

  /** A platform with these base map settings, for one test (one at a time: each is heavy). */
  async function platformWith(t: TestContext, env: Record<string, string>) {
    const tp = await startTestPlatform('pglite', {
      loginsPerMinutePerIp: 1000,
      ...baseMapSettings(env),
    });
    t.after(() => tp.close());
    return tp;
  }

  /** The inspector's report page on a phone standing in 云南中路居委 (南京东路街道). */
  async function reportPage(tp: TestPlatform): Promise<Page> {
    const here = await tp.centreOf('310101002001');
    const context = await browser.newContext({
      viewport: PHONE,
      locale: 'zh-CN',
      isMobile: true,
      geolocation: { latitude: here.lat, longitude: here.lng },
      permissions: ['geolocation'],
    });
    const page = await context.newPage();
    await page.goto(`${tp.baseUrl}/login`);
    await page.getByTestId('login-username').fill('inspector');
    await page.getByTestId('login-password').fill(DEMO.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('home-page').waitFor();
    await page.goto(`${tp.baseUrl}/report?lat=${here.lat}&lng=${here.lng}`);
    // drawn: the street's outlines and the point on them
    await page
      .locator('[data-testid="report-map"][data-area-code][data-marker-count="1"]')
      .waitFor();
    return page;
  }

  /** The box of the outlines the report map shows (the street's committees). */
  async function outlineBox(tp: TestPlatform, code: string) {
    const inspector = await tp.login('inspector');
    const r = await inspector.get(`/api/areas/${code}/boundaries`);
    assert.equal(r.status, 200);
    const points: number[][] = [];
    for (const f of r.body.features as { geometry: { type: string; coordinates: unknown } }[]) {
      const polygons = (
        f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates
      ) as number[][][][];
      for (const polygon of polygons) points.push(...polygon.flat());
    }
    const lngs = points.map((p) => p[0]!);
    const lats = points.map((p) => p[1]!);
    return {
      west: Math.min(...lngs),
      east: Math.max(...lngs),
      south: Math.min(...lats),
      north: Math.max(...lats),
    };
  }

  /** How many of the map's pixels are the tiles' green (the outlines tint what they cover). */
  async function greenShare(page: Page): Promise<number> {
    const shot = await page.getByTestId('report-map').screenshot();
    const { data, info } = await sharp(shot).raw().toBuffer({ resolveWithObject: true });
    let green = 0;
    for (let i = 0; i < data.length; i += info.channels) {
      const near =
        Math.abs(data[i]! - TILE_RGB.r) < 40 &&
        Math.abs(data[i + 1]! - TILE_RGB.g) < 40 &&
        Math.abs(data[i + 2]! - TILE_RGB.b) < 40;
      if (near) green++;
    }
    return green / (info.width * info.height);
  }

  it('when MAP_TILES_URL points at a tile server, then the report map asks for the tiles around the street at its scale and draws them under the outlines', async (t) => {
    const tiled = await platformWith(t, {
      MAP_TILES_URL: `${tiles.origin}/tiles/{z}/{x}/{y}.png`,
      MAP_LABELS_URL: `${tiles.origin}/labels/{z}/{x}/{y}.png`,
      MAP_TILES_ATTRIBUTION: '© 测试城市测绘院',
    });
    const first = tiles.requests.length;
    const page = await reportPage(tiled);
    const map = page.getByTestId('report-map');
    assert.equal(await map.getAttribute('data-base-map'), 'raster');
    const code = (await map.getAttribute('data-area-code'))!;
    const box = (await map.boundingBox())!;
    const expected = expectedTiles(await outlineBox(tiled, code), box.width, box.height, 0.96);
    // a street a couple of kilometres across on a phone: a city zoom, not a country's
    assert.ok(expected.z >= 13 && expected.z <= 16, `zoom ${expected.z}`);

    const base = page.getByTestId('report-map-base');
    const shown = await until(async () => {
      const imgs = await base.locator('img[data-tile="base"]').evaluateAll((nodes) =>
        (nodes as HTMLImageElement[]).map((img) => ({
          path: new URL(img.src).pathname,
          drawn: img.complete && img.naturalWidth === 256,
        })),
      );
      assert.ok(imgs.length > 0 && imgs.every((i) => i.drawn), 'every tile loaded and decoded');
      return imgs;
    });
    const keysOf = (paths: string[]) =>
      paths.map((p) => p.replace(/^\/tiles\/|\.png$/g, '')).sort();
    assert.deepEqual(keysOf(shown.map((s) => s.path)), expected.keys);
    assert.equal(
      await base.getAttribute('data-zoom').then((z) => Math.round(Number(z))),
      expected.z,
    );

    // the tile server was asked for these tiles, at this zoom only, and for their labels
    const asked = tiles.requests.slice(first).filter((r) => r.layer === 'tiles');
    assert.deepEqual([...new Set(asked.map((r) => r.z))], [expected.z]);
    assert.deepEqual([...new Set(asked.map((r) => `${r.z}/${r.x}/${r.y}`))].sort(), expected.keys);
    assert.deepEqual(
      [
        ...new Set(
          tiles.requests
            .slice(first)
            .filter((r) => r.layer === 'labels')
            .map((r) => `${r.z}/${r.x}/${r.y}`),
        ),
      ].sort(),
      expected.keys,
    );

    // drawn: the green shows through the chart, the outlines over it; the source is named
    const share = await greenShare(page);
    assert.ok(share > 0.2, `tiles visible on ${(share * 100).toFixed(1)} % of the map`);
    assert.equal(
      await page.getByTestId('report-map-attribution').textContent(),
      '© 测试城市测绘院',
    );
    await page.screenshot({ path: artifact('base-map-report-tiles.png'), fullPage: true });
    await page.context().close();
  });

  it('when MAP_STYLE_URL names a MapLibre style, then MapLibre is loaded and draws its tiles under the outlines', async (t) => {
    const styled = await platformWith(t, { MAP_STYLE_URL: `${tiles.origin}/style.json` });
    const before = tiles.requests.length;
    const page = await reportPage(styled);
    const map = page.getByTestId('report-map');
    assert.equal(await map.getAttribute('data-base-map'), 'style');
    await page.locator('[data-testid="report-map-base"] canvas.maplibregl-canvas').waitFor();
    const code = (await map.getAttribute('data-area-code'))!;
    const box = (await map.boundingBox())!;
    const expected = expectedTiles(await outlineBox(styled, code), box.width, box.height, 0.96);
    await until(async () => {
      const asked = tiles.requests.slice(before).filter((r) => r.layer === 'tiles');
      assert.ok(
        asked.some((r) => r.z === expected.z),
        `tiles at zoom ${expected.z} asked for`,
      );
    });
    const share = await until(async () => {
      const s = await greenShare(page);
      assert.ok(s > 0.2, `tiles visible on ${(s * 100).toFixed(1)} % of the map`);
      return s;
    });
    assert.ok(share > 0.2);
    await page.screenshot({ path: artifact('base-map-report-style.png'), fullPage: true });
    await page.context().close();
  });

  it('when no base map is set, then the report map is the outlines alone: no tile is asked for, MapLibre is not loaded', async (t) => {
    const plain = await platformWith(t, {});
    const before = tiles.requests.length;
    const page = await reportPage(plain);
    const map = page.getByTestId('report-map');
    assert.equal(await map.getAttribute('data-base-map'), null);
    assert.equal(await page.getByTestId('report-map-base').count(), 0);
    assert.ok((await map.locator('canvas').count()) > 0, 'the outlines are drawn');
    assert.equal(await greenShare(page), 0);
    // what this page loaded: the base map asked for and found none; nothing of MapLibre
    const loaded = await page.evaluate(() =>
      performance.getEntriesByType('resource').map((e) => e.name),
    );
    assert.ok(
      loaded.some((s) => s.endsWith('/api/map/config')),
      'the map asked for its base map',
    );
    assert.deepEqual(
      loaded.filter((s) => /maplibre/i.test(s)),
      [],
    );
    assert.equal(tiles.requests.length, before, 'no tile asked for');
    await page.context().close();
  });
});
