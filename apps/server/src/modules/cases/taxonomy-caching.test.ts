import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import zlib from 'node:zlib';
import { DATABASES, startTestPlatform, type Client, type TestPlatform } from '../../testing.js';

/** A GET as a browser sends it (fetch would decompress and hide the encoding). */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
      })
      .on('error', reject);
  });
}

for (const kind of DATABASES) {
  describe(`the scenario taxonomy on a slow link: cached, revalidated, compressed (${kind})`, () => {
    let tp: TestPlatform;
    let inspector: Client;

    before(async () => {
      tp = await startTestPlatform(kind);
      inspector = await tp.login('inspector');
    });
    after(() => tp.close());

    it('when a signed-in person asks, then the answer may be kept a while and carries an ETag', async () => {
      const r = await inspector.get('/api/scenarios');
      assert.equal(r.status, 200);
      assert.ok(r.body.scenarios.length > 10);
      assert.equal(r.headers.get('cache-control'), 'private, max-age=300');
      assert.match(r.headers.get('etag') ?? '', /^"[\w-]+"$/);
      assert.match(r.headers.get('vary') ?? '', /accept-encoding/i);
    });

    it('when the browser holds the same version, then the answer is a 304 without a body', async () => {
      const first = await inspector.get('/api/scenarios');
      const etag = first.headers.get('etag')!;
      const again = await inspector.request('GET', '/api/scenarios', undefined, {
        'if-none-match': `W/${etag}, "other"`,
      });
      assert.equal(again.status, 304);
      assert.equal(again.body, '');
      const other = await inspector.request('GET', '/api/scenarios', undefined, {
        'if-none-match': '"not-this-one"',
      });
      assert.equal(other.status, 200);
    });

    it('when the browser takes brotli or gzip, then the JSON is sent compressed, the same JSON', async () => {
      const cookie = inspector.cookieHeader();
      const url = `${tp.baseUrl}/api/scenarios`;
      const plain = await rawGet(url, { cookie });
      assert.equal(plain.headers['content-encoding'], undefined);
      const br = await rawGet(url, { cookie, 'accept-encoding': 'gzip, deflate, br' });
      assert.equal(br.headers['content-encoding'], 'br');
      assert.ok(
        br.body.length * 4 < plain.body.length,
        `${br.body.length} of ${plain.body.length}`,
      );
      assert.deepEqual(
        JSON.parse(zlib.brotliDecompressSync(br.body).toString()),
        JSON.parse(plain.body.toString()),
      );
      const gz = await rawGet(url, { cookie, 'accept-encoding': 'gzip' });
      assert.equal(gz.headers['content-encoding'], 'gzip');
      assert.deepEqual(
        JSON.parse(zlib.gunzipSync(gz.body).toString()),
        JSON.parse(plain.body.toString()),
      );
    });

    it('when no one is signed in, then it is refused and nothing may keep the refusal', async () => {
      const r = await tp.client().get('/api/scenarios');
      assert.equal(r.status, 401);
      assert.equal(r.headers.get('cache-control'), 'no-store');
      assert.equal(r.headers.get('etag'), null);
    });

    it('when another answer of the API is read, then it is still no-store (personal data)', async () => {
      const r = await inspector.get('/api/auth/me');
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('cache-control'), 'no-store');
    });
  });
}
