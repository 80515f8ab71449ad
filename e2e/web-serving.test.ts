import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import zlib from 'node:zlib';
import { REPO_ROOT } from '../apps/server/src/platform/config.js';
import { startTestPlatform, type TestPlatform } from '../apps/server/src/testing.js';

describe('serving the built web app', () => {
  let tp: TestPlatform;
  const added = path.join(REPO_ROOT, 'apps/web/dist/assets', `added-after-start-${process.pid}.js`);
  before(async () => {
    tp = await startTestPlatform('pglite', { demo: false });
  });
  after(async () => {
    fs.rmSync(added, { force: true });
    await tp.close();
  });

  it('when the bundle is rebuilt while the server runs, then the new files are served without a restart', async () => {
    fs.writeFileSync(added, 'console.log("new build")');
    const r = await tp.client().get(`/assets/${path.basename(added)}`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type')!, /javascript/);
  });

  it('when an asset is missing, then 404, not the app shell; a client-side route gets the app shell', async () => {
    const missing = await tp.client().get('/assets/no-such-chunk.js');
    assert.equal(missing.status, 404);
    for (const [escape, status] of [
      ['/assets/..%2f..%2fpackage.json', 404],
      ['/..%2f..%2f..%2fpackage.json', 404],
      ['/assets/%E0%A4%A.js', 400], // a malformed escape
    ] as const) {
      const r = await tp.client().get(escape);
      assert.equal(r.status, status, escape);
      assert.ok(!String(r.body).includes('"name"'), 'nothing outside the bundle is served');
    }
    const route = await tp.client().get('/cases/some-id');
    assert.equal(route.status, 200);
    assert.match(route.headers.get('content-type')!, /text\/html/);
    const api = await tp.client().get('/api/no-such-route');
    assert.equal(api.status, 404);
    assert.equal(api.body.code, 'NOT_FOUND');
  });
});

/** GET without any decoding by the client: status, headers and the bytes as sent. */
function rawGet(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      })
      .on('error', reject);
  });
}

describe('compression and caching of the web app on a phone link', () => {
  // a build of our own: what the server does with it, whatever state apps/web/dist is in
  const dist = path.join(os.tmpdir(), `cc-dist-${crypto.randomBytes(6).toString('hex')}`);
  const script = `console.log(${JSON.stringify('社区云 '.repeat(400))});\n`;
  const page = `<!doctype html><html><head><script type="module" src="/assets/index-AbC123.js"></script></head><body>${'<div></div>'.repeat(80)}</body></html>`;
  let tp: TestPlatform;
  before(async () => {
    fs.mkdirSync(path.join(dist, 'assets'), { recursive: true });
    for (const [file, text] of [
      ['assets/index-AbC123.js', script],
      ['index.html', page],
    ] as const) {
      const full = path.join(dist, file);
      fs.writeFileSync(full, text);
      fs.writeFileSync(`${full}.br`, zlib.brotliCompressSync(text));
      fs.writeFileSync(`${full}.gz`, zlib.gzipSync(text));
    }
    tp = await startTestPlatform('pglite', { demo: false, webDist: dist });
  });
  after(async () => {
    await tp?.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  it('when the browser accepts brotli and gzip, then the brotli file is sent as it is, with its length and Vary: Accept-Encoding', async () => {
    for (const accept of ['gzip, deflate, br, zstd', 'br', 'br;q=1, gzip;q=0.5']) {
      const r = await rawGet(`${tp.baseUrl}/assets/index-AbC123.js`, { 'accept-encoding': accept });
      assert.equal(r.status, 200, accept);
      assert.equal(r.headers['content-encoding'], 'br', accept);
      assert.match(String(r.headers.vary), /accept-encoding/i);
      assert.match(String(r.headers['content-type']), /javascript/);
      assert.equal(Number(r.headers['content-length']), r.body.length);
      assert.deepEqual(r.body, fs.readFileSync(path.join(dist, 'assets/index-AbC123.js.br')));
      assert.equal(zlib.brotliDecompressSync(r.body).toString(), script);
    }
  });

  it('when the browser accepts gzip only, then the gzip file is sent', async () => {
    const r = await rawGet(`${tp.baseUrl}/assets/index-AbC123.js`, {
      'accept-encoding': 'gzip, deflate',
    });
    assert.equal(r.headers['content-encoding'], 'gzip');
    assert.equal(Number(r.headers['content-length']), r.body.length);
    assert.equal(zlib.gunzipSync(r.body).toString(), script);
  });

  it('when the client accepts no compression, then the file is sent as it is, still with Vary', async () => {
    for (const headers of [{}, { 'accept-encoding': 'identity' }] as Record<string, string>[]) {
      const r = await rawGet(`${tp.baseUrl}/assets/index-AbC123.js`, headers);
      assert.equal(r.status, 200);
      assert.equal(r.headers['content-encoding'], undefined);
      assert.match(String(r.headers.vary), /accept-encoding/i);
      assert.equal(r.body.toString(), script);
      assert.equal(Number(r.headers['content-length']), Buffer.byteLength(script));
    }
  });

  it('when a hashed asset is sent, then it is cached for a year as immutable; the app shell is asked again each time', async () => {
    const asset = await rawGet(`${tp.baseUrl}/assets/index-AbC123.js`, { 'accept-encoding': 'br' });
    assert.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable');
    for (const url of ['/', '/index.html', '/report', '/cases/some-id']) {
      const r = await rawGet(`${tp.baseUrl}${url}`, { 'accept-encoding': 'gzip, deflate, br' });
      assert.equal(r.status, 200, url);
      assert.equal(r.headers['cache-control'], 'no-cache', url);
      assert.equal(r.headers['content-encoding'], 'br', url);
      assert.equal(zlib.brotliDecompressSync(r.body).toString(), page, url);
    }
  });

  it('when the page is served over plain http (a phone at a LAN address), then its CSP does not upgrade insecure requests and no HSTS is sent', async () => {
    const r = await rawGet(`${tp.baseUrl}/report`);
    const csp = String(r.headers['content-security-policy']);
    assert.match(csp, /default-src 'self'/);
    assert.doesNotMatch(csp, /upgrade-insecure-requests/);
    assert.equal(r.headers['strict-transport-security'], undefined);
  });

  it('when the server is behind a TLS proxy (TRUST_PROXY), then the CSP upgrades insecure requests and HSTS is sent', async () => {
    const behind = await startTestPlatform('pglite', {
      demo: false,
      webDist: dist,
      trustProxy: true,
      trustedProxies: ['127.0.0.1'],
    });
    try {
      const r = await rawGet(`${behind.baseUrl}/report`);
      assert.match(String(r.headers['content-security-policy']), /upgrade-insecure-requests/);
      assert.match(String(r.headers['strict-transport-security']), /max-age=/);
    } finally {
      await behind.close();
    }
  });
});

describe('the build of the web app', () => {
  it('when the web app is built, then every script, style and page of some size has its .br and .gz beside it, holding the same bytes', () => {
    const dist = path.join(REPO_ROOT, 'apps/web/dist');
    const files = (fs.readdirSync(dist, { recursive: true }) as string[]).filter((f) =>
      /\.(js|css|html)$/.test(f),
    );
    assert.ok(files.some((f) => f.endsWith('.js')));
    for (const f of files) {
      const raw = fs.readFileSync(path.join(dist, f));
      if (raw.length < 2048) continue;
      const br = fs.readFileSync(path.join(dist, `${f}.br`));
      const gz = fs.readFileSync(path.join(dist, `${f}.gz`));
      assert.ok(br.length < raw.length, f);
      assert.deepEqual(zlib.brotliDecompressSync(br), raw, f);
      assert.deepEqual(zlib.gunzipSync(gz), raw, f);
    }
  });
});
