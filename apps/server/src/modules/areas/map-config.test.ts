import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { baseMapSettings } from '../../platform/base-map.js';
import { loadConfig } from '../../platform/config.js';
import { startServerProcess, tempDataDir } from '../../platform/server-process.js';
import { DATABASES, startTestPlatform, type TestPlatform } from '../../testing.js';

const TIANDITU =
  'https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=KEY';
const TIANDITU_LABELS = TIANDITU.replace('vec_w', 'cva_w').replace('LAYER=vec', 'LAYER=cva');

/** A CSP header as its directives, by name. */
function directives(header: string | null): Map<string, string> {
  return new Map(
    String(header)
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name = '', ...values] = d.split(/\s+/);
        return [name, values.join(' ')] as const;
      }),
  );
}

describe('base map settings: checked at start', () => {
  it('when nothing is set, then the maps are the tile-free outlines and the CSP gains no host', () => {
    const c = loadConfig({}, []);
    assert.deepEqual(c.baseMap, { kind: 'outline' });
    assert.deepEqual(c.baseMapHosts, []);
  });

  it("when 天地图's WMTS template is set with its subdomains and labels, then every subdomain's host is allowed", () => {
    const s = baseMapSettings({
      MAP_TILES_URL: TIANDITU,
      MAP_LABELS_URL: TIANDITU_LABELS,
      MAP_TILES_SUBDOMAINS: '01234567',
      MAP_TILES_ATTRIBUTION: '© 天地图 审图号 GS(2024)0568号',
    });
    assert.deepEqual(s.baseMap, {
      kind: 'raster',
      tiles: TIANDITU,
      labels: TIANDITU_LABELS,
      subdomains: ['0', '1', '2', '3', '4', '5', '6', '7'],
      minZoom: 0,
      maxZoom: 18,
      attribution: '© 天地图 审图号 GS(2024)0568号',
    });
    assert.deepEqual(
      s.baseMapHosts,
      [0, 1, 2, 3, 4, 5, 6, 7].map((n) => `https://t${n}.tianditu.gov.cn`),
    );
  });

  it('when a plain XYZ template is set without an attribution, then its host is the attribution', () => {
    const s = baseMapSettings({
      MAP_TILES_URL: 'http://tiles.city.example:8080/osm/{z}/{x}/{y}.png',
      MAP_TILES_MAX_ZOOM: '19',
    });
    assert.equal(s.baseMap.kind, 'raster');
    assert.equal(s.baseMap.kind === 'raster' && s.baseMap.attribution, 'tiles.city.example:8080');
    assert.equal(s.baseMap.kind === 'raster' && s.baseMap.maxZoom, 19);
    assert.equal(s.baseMap.kind === 'raster' && s.baseMap.subdomains.length, 0);
    assert.deepEqual(s.baseMapHosts, ['http://tiles.city.example:8080']);
  });

  it('when a MapLibre style is set, then the style and the hosts it names are allowed', () => {
    const s = baseMapSettings({
      MAP_STYLE_URL: 'https://maps.city.example/styles/basic.json',
      MAP_STYLE_HOSTS: 'https://tiles.city.example, https://fonts.city.example/glyphs',
    });
    assert.deepEqual(s.baseMap, {
      kind: 'style',
      styleUrl: 'https://maps.city.example/styles/basic.json',
      attribution: 'maps.city.example',
    });
    assert.deepEqual(s.baseMapHosts, [
      'https://maps.city.example',
      'https://tiles.city.example',
      'https://fonts.city.example',
    ]);
  });

  it('when a template is malformed, then the start is refused with a sentence naming the setting and the rule', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ MAP_TILES_URL: 'https://t.example/{z}/{x}.png' }, /MAP_TILES_URL.*\{y\} once/],
      [{ MAP_TILES_URL: 'https://t.example/{z}/{x}/{y}/{y}.png' }, /MAP_TILES_URL.*\{y\} once/],
      [
        { MAP_TILES_URL: 'https://t.example/{TileMatrix}/{x}/{y}/{z}' },
        /MAP_TILES_URL: \{TileMatrix\} is no tile placeholder/,
      ],
      [{ MAP_TILES_URL: 'https://t.example/{z}/{x}/{y}}' }, /MAP_TILES_URL: an unmatched/],
      [{ MAP_TILES_URL: 'tiles/{z}/{x}/{y}.png' }, /MAP_TILES_URL must be an http\(s\) address/],
      [{ MAP_TILES_URL: 'ftp://t.example/{z}/{x}/{y}' }, /MAP_TILES_URL must be an http\(s\)/],
      [
        { MAP_TILES_URL: 'https://t.example/{z}/{x}/{y}', MAP_LABELS_URL: 'https://l/{z}/{x}' },
        /MAP_LABELS_URL.*\{y\} once/,
      ],
      [{ MAP_LABELS_URL: 'https://l.example/{z}/{x}/{y}' }, /MAP_LABELS_URL.*set MAP_TILES_URL/],
      [
        { MAP_TILES_URL: 'https://t{s}.example/{z}/{x}/{y}', MAP_TILES_SUBDOMAINS: 'a,b/c' },
        /MAP_TILES_SUBDOMAINS: "b\/c" is no subdomain/,
      ],
      [
        { MAP_TILES_URL: 'https://t.example/{z}/{x}/{y}', MAP_TILES_MAX_ZOOM: '30' },
        /MAP_TILES_MAX_ZOOM must be a whole number 0–24/,
      ],
      [
        {
          MAP_TILES_URL: 'https://t.example/{z}/{x}/{y}',
          MAP_TILES_MIN_ZOOM: '12',
          MAP_TILES_MAX_ZOOM: '10',
        },
        /MAP_TILES_MIN_ZOOM \(12\) is above MAP_TILES_MAX_ZOOM \(10\)/,
      ],
      [
        {
          MAP_TILES_URL: 'https://t.example/{z}/{x}/{y}',
          MAP_STYLE_URL: 'https://s.example/style.json',
        },
        /MAP_STYLE_URL and MAP_TILES_URL are both set/,
      ],
      [{ MAP_STYLE_URL: 'style.json' }, /MAP_STYLE_URL must be an http\(s\) address/],
      [
        { MAP_STYLE_URL: 'https://s.example/style.json', MAP_STYLE_HOSTS: 'tiles.example' },
        /MAP_STYLE_HOSTS must be an http\(s\) address/,
      ],
    ];
    for (const [env, message] of cases) {
      assert.throws(() => loadConfig(env, []), message, JSON.stringify(env));
    }
  });

  it('when the server is started with a malformed template, then it stops at once and says why', async () => {
    const dataDir = tempDataDir();
    try {
      await assert.rejects(
        startServerProcess({
          dataDir,
          env: { MAP_TILES_URL: 'https://tiles.example/{z}/{col}/{row}.png' },
        }),
        /Cannot start: MAP_TILES_URL: \{col\}, \{row\} is no tile placeholder/,
      );
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

for (const kind of DATABASES) {
  describe(`GET /api/map/config (${kind})`, () => {
    let plain: TestPlatform;
    let tiled: TestPlatform;
    before(async () => {
      [plain, tiled] = await Promise.all([
        startTestPlatform(kind),
        startTestPlatform(
          kind,
          baseMapSettings({
            MAP_TILES_URL: TIANDITU,
            MAP_LABELS_URL: TIANDITU_LABELS,
            MAP_TILES_SUBDOMAINS: '01',
            MAP_TILES_ATTRIBUTION: '© 天地图',
          }),
        ),
      ]);
    });
    after(() => Promise.all([plain?.close(), tiled?.close()]));

    it('when no base map is set, then anyone is told "outline" and the CSP allows no tile host', async () => {
      const r = await plain.client().get('/api/map/config');
      assert.equal(r.status, 200);
      assert.deepEqual(r.body, { kind: 'outline' });
      const csp = directives(r.headers.get('content-security-policy'));
      assert.equal(csp.get('img-src'), "'self' data: blob:");
      assert.equal(csp.get('connect-src'), "'self'");
    });

    it('when tiles are set, then the web is told the templates, and the tile hosts are in img-src and connect-src', async () => {
      const r = await tiled.client().get('/api/map/config');
      assert.equal(r.status, 200);
      assert.deepEqual(r.body, {
        kind: 'raster',
        tiles: TIANDITU,
        labels: TIANDITU_LABELS,
        subdomains: ['0', '1'],
        minZoom: 0,
        maxZoom: 18,
        attribution: '© 天地图',
      });
      const page = await tiled.client().get('/');
      const csp = directives(page.headers.get('content-security-policy'));
      const hosts = 'https://t0.tianditu.gov.cn https://t1.tianditu.gov.cn';
      assert.equal(csp.get('img-src'), `'self' data: blob: ${hosts}`);
      assert.equal(csp.get('connect-src'), `'self' ${hosts}`);
    });
  });
}
