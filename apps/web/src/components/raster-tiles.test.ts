import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MERCATOR_PROJECTION,
  mercatorFromPixel,
  tilesFor,
  tileUrl,
  viewOfChart,
  type GeoChart,
} from './raster-tiles';

/**
 * A chart as ECharts lays out a Mercator geo: projected degrees scaled by `k` pixels and
 * shifted so that `centre` is in the middle of a `width` × `height` box.
 */
function fakeChart(centre: [number, number], k: number, width: number, height: number): GeoChart {
  const [cx, cy] = MERCATOR_PROJECTION.project(centre) as [number, number];
  return {
    getWidth: () => width,
    getHeight: () => height,
    convertToPixel: (_finder, value) => {
      const [x, y] = MERCATOR_PROJECTION.project(value) as [number, number];
      return [(x - cx) * k + width / 2, (y - cy) * k + height / 2];
    },
  };
}

// 南京东路 720 号, near 第一食品商店
const PEOPLE_SQUARE: [number, number] = [121.4737, 31.2354];

describe('raster tiles: the tiles under a Mercator chart', () => {
  it('when a pixel is read back, then it is the place that was drawn there (ECharts own inverse is wrong with a projection)', () => {
    const chart = fakeChart(PEOPLE_SQUARE, 20_000, 360, 220);
    for (const place of [PEOPLE_SQUARE, [121.49, 31.24], [121.46, 31.22]] as const) {
      const pixel = chart.convertToPixel({ geoIndex: 0 }, [...place]) as number[];
      const [lng, lat] = mercatorFromPixel(chart, pixel)!;
      assert.ok(Math.abs(lng - place[0]) < 1e-9, `lng ${lng}`);
      assert.ok(Math.abs(lat - place[1]) < 1e-9, `lat ${lat}`);
    }
  });

  it("when a street fills a phone's map, then its view is zoom 14 and the tiles are those of Shanghai's centre", () => {
    // 2^14 tiles of 256 px: the world is 4 194 304 px wide, 11 650.8 px per degree
    const chart = fakeChart(PEOPLE_SQUARE, 4_194_304 / 360, 360, 220);
    const view = viewOfChart(chart)!;
    assert.ok(Math.abs(view.zoom - 14) < 1e-9, `zoom ${view.zoom}`);
    assert.ok(Math.abs(view.centre[0] - PEOPLE_SQUARE[0]) < 1e-6);
    assert.ok(Math.abs(view.centre[1] - PEOPLE_SQUARE[1]) < 1e-6);
    const tiles = tilesFor(view, 0, 18);
    // the tile holding the centre: x = (lng + 180) / 360 · 2^14, y from Mercator
    assert.ok(tiles.some((t) => t.z === 14 && t.x === 13720 && t.y === 6694));
    assert.ok(tiles.every((t) => t.z === 14 && t.size === 256));
    // a 360 × 220 box needs 2–3 columns and 1–2 rows of 256-pixel tiles
    const columns = new Set(tiles.map((t) => t.x)).size;
    const rows = new Set(tiles.map((t) => t.y)).size;
    assert.ok(columns >= 2 && columns <= 3 && rows >= 1 && rows <= 2, `${columns} × ${rows}`);
    // together they cover the box, and none lies outside it
    assert.ok(Math.min(...tiles.map((t) => t.left)) <= 0);
    assert.ok(Math.min(...tiles.map((t) => t.top)) <= 0);
    assert.ok(Math.max(...tiles.map((t) => t.left + t.size)) >= 360);
    assert.ok(Math.max(...tiles.map((t) => t.top + t.size)) >= 220);
    assert.ok(tiles.every((t) => t.left < 360 && t.top < 220 && t.left + t.size > 0));
  });

  it('when the scale is between zooms or beyond the last, then the nearest allowed zoom is scaled to fit', () => {
    const between = viewOfChart(fakeChart(PEOPLE_SQUARE, (4_194_304 / 360) * 1.3, 360, 220))!;
    const tiles = tilesFor(between, 0, 18);
    assert.ok(tiles.every((t) => t.z === 14 && Math.abs(t.size - 256 * 1.3) < 1e-6));
    const capped = tilesFor(between, 0, 12);
    assert.ok(capped.every((t) => t.z === 12 && Math.abs(t.size - 256 * 1.3 * 4) < 1e-6));
  });

  it('when a template has subdomains, then each tile takes one by its place ((x + y) mod n), the same on every view', () => {
    const template =
      'https://t{s}.tianditu.gov.cn/vec_w/wmts?TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=K';
    const subdomains = ['0', '1', '2'];
    assert.equal(
      tileUrl(template, subdomains, { z: 14, x: 13720, y: 6694 }),
      'https://t2.tianditu.gov.cn/vec_w/wmts?TILEMATRIX=14&TILEROW=6694&TILECOL=13720&tk=K',
    );
    assert.equal(
      tileUrl(template, subdomains, { z: 14, x: 13721, y: 6694 }),
      'https://t0.tianditu.gov.cn/vec_w/wmts?TILEMATRIX=14&TILEROW=6694&TILECOL=13721&tk=K',
    );
    assert.equal(
      tileUrl('http://tiles.example/{z}/{x}/{y}.png', [], { z: 3, x: 6, y: 2 }),
      'http://tiles.example/3/6/2.png',
    );
  });
});
