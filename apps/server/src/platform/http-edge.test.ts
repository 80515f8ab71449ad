import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestPlatform, type Client, type TestPlatform } from '../testing.js';
import { fieldWithNul, isNestedDeeperThan, MAX_JSON_DEPTH } from './http/validation.js';

/** JSON arrays nested `depth` deep: `[[[…]]]` */
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('the NUL scan and the nesting check', () => {
  it('when a value nests a million levels deep, then the NUL scan walks it without overflowing the stack', () => {
    let deep: unknown = 'a\u0000b';
    for (let i = 0; i < 1_000_000; i++) deep = [deep];
    assert.equal(fieldWithNul({ x: deep }), `x${'.0'.repeat(1_000_000)}`);
    assert.equal(fieldWithNul({ a: ['ok', { b: 'x\u0000' }] }), 'a.1.b');
    assert.equal(fieldWithNul({ 'k\u0000': 1 }), 'k\u0000');
    assert.equal(fieldWithNul({ a: ['ok', { b: 'fine' }], n: 1, z: null }), null);
  });

  it('when JSON text nests deeper than the limit, then it is found before parsing, brackets inside strings aside', () => {
    assert.equal(isNestedDeeperThan(nested(MAX_JSON_DEPTH), MAX_JSON_DEPTH), false);
    assert.equal(isNestedDeeperThan(nested(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH), true);
    assert.equal(isNestedDeeperThan(nested(439_000), MAX_JSON_DEPTH), true);
    const inText = JSON.stringify({ s: '['.repeat(100), t: 'a\\"[[[[' });
    assert.equal(isNestedDeeperThan(inText, 3), false);
  });
});

describe('the HTTP edge: bodies, sign-in first, cross-site changes, caching', () => {
  let tp: TestPlatform;
  let inspector: Client;
  before(async () => {
    tp = await startTestPlatform('pglite');
    inspector = await tp.login('inspector');
  });
  after(() => tp.close());

  it('when an anonymous client sends an 878 KB nested array to a route that needs sign-in, then it gets a 401 before the body is parsed, never a 500', async () => {
    const body = `{"description":${nested(449_000)}}`;
    assert.ok(body.length > 878_000);
    for (const url of ['/api/cases', '/api/registry/residents', '/api/dispatch/rules']) {
      const r = await tp.client().post(url, body);
      assert.equal(r.status, 401, `${url}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.code, 'UNAUTHENTICATED');
    }
    // and the server still answers
    assert.equal((await tp.client().get('/healthz')).status, 200);
  });

  it('when a signed-in client sends JSON nested deeper than any contract, then a 400 names the body and the rule maxDepth', async () => {
    const r = await inspector.post('/api/cases', `{"description":"x","attributes":${nested(200)}}`);
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.equal(r.body.field, 'body');
    assert.equal(r.body.rule, 'maxDepth');
    assert.match(r.body.message, /32/);
  });

  it('when a signed-in client sends the 878 KB nested array, then a 413 says the route takes at most 64 KB', async () => {
    const r = await inspector.post('/api/cases', `{"description":${nested(449_000)}}`);
    assert.equal(r.status, 413, JSON.stringify(r.body));
    assert.equal(r.body.field, 'body');
    assert.equal(r.body.rule, 'maxSize');
    assert.match(r.body.message, /64 KB/);
  });

  it('when a body on a route without sign-in is over 64 KB, then it is a 413; a route that takes files takes more', async () => {
    const login = await tp
      .client()
      .post('/api/auth/login', { username: 'x'.repeat(70_000), password: 'y' });
    assert.equal(login.status, 413);
    assert.equal(login.body.rule, 'maxSize');
    // the daily figures import takes a CSV of up to 5 MB: 100 KB of it is read (and its rows
    // judged), not refused for its size
    const admin = await tp.login('admin');
    const csv = 'date,area_code,metric,value\n' + '2026-01-01,310101002000,nope,1\n'.repeat(3000);
    assert.ok(csv.length > 64 * 1024);
    const figures = await admin.request('POST', '/api/topics/epidemic/figures', csv, {
      'content-type': 'text/csv',
    });
    assert.notEqual(figures.status, 413, JSON.stringify(figures.body).slice(0, 300));
    assert.ok(figures.status < 500);
  });

  it('when a signed-in browser sends a change from another site, then it is a 403 and nothing changes; from its own origin it goes through', async () => {
    const me = await tp.login('inspector');
    const crossSite: Record<string, string>[] = [
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { origin: 'https://evil.example' },
      { origin: 'null' },
    ];
    for (const headers of crossSite) {
      const r = await me.request('POST', '/api/auth/logout', undefined, headers);
      assert.equal(r.status, 403, JSON.stringify(headers));
      assert.equal(r.body.field, 'origin');
      assert.equal(r.body.rule, 'same-origin');
      assert.equal((await me.get('/api/auth/me')).status, 200, 'still signed in');
    }
    // reading from another site is not a change (and the SameSite cookie keeps it from there)
    assert.equal((await me.get('/api/auth/me', { 'sec-fetch-site': 'cross-site' })).status, 200);
    // a sign-in posted from another site is refused too
    const login = await tp
      .client()
      .request(
        'POST',
        '/api/auth/login',
        { username: 'inspector', password: 'x' },
        { origin: 'https://evil.example' },
      );
    assert.equal(login.status, 403);
    // the page's own requests
    const host = new URL(tp.baseUrl).host;
    const own = await me.request('POST', '/api/auth/logout', undefined, {
      origin: `http://${host}`,
      'sec-fetch-site': 'same-origin',
    });
    assert.ok(own.status < 300, JSON.stringify(own.body));
    assert.equal((await me.get('/api/auth/me')).status, 401);
  });

  it('when an Open311 client without a cookie posts from anywhere, then the origin check leaves it alone', async () => {
    const r = await tp.client().request('POST', '/open311/v2/requests.json', 'service_code=x', {
      'content-type': 'application/x-www-form-urlencoded',
      origin: 'https://other-city.example',
      'sec-fetch-site': 'cross-site',
    });
    // past the origin check, to Open311's own: a client without its api_key
    assert.match(JSON.stringify(r.body), /api_key/);
    assert.doesNotMatch(JSON.stringify(r.body), /other site|origin/i);
  });

  it('when any /api/ answer is sent (data, an error, a sign-in), then it says Cache-Control: no-store', async () => {
    const answers = [
      await inspector.get('/api/auth/me'),
      await inspector.get('/api/areas/310101002000'),
      await tp.client().get('/api/auth/me'),
      await tp.client().get('/api/no-such-thing'),
      await tp.client().post('/api/auth/login', { username: 'inspector', password: 'wrong' }),
    ];
    for (const r of answers) assert.equal(r.headers.get('cache-control'), 'no-store');
  });
});
