import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { SESSION_CACHE_TTL_MS } from './modules/identity/index.js';
import {
  freshPostgres,
  startServerProcess,
  tempDataDir,
  type ServerProcess,
} from './platform/server-process.js';
import { Client, DEMO, eventually, uploadTestPhoto } from './testing.js';

const COMMITTEE = '310101002001'; // a committee of 南京东路街道
const CASE_REPORTS_PER_MINUTE = 4;

/**
 * Two app nodes on one PostgreSQL and one shared data directory, as `npm run cluster` runs
 * them behind HAProxy (issue 27): what one node does, the other knows at once. The SSE stream
 * across nodes is in dashboards/live.test.ts; jobs claimed once across nodes in jobs.test.ts.
 */
describe(
  'two app nodes behind one load balancer (PostgreSQL)',
  { skip: process.env.TEST_DATABASE_URL ? false : 'set TEST_DATABASE_URL' },
  () => {
    let database: Awaited<ReturnType<typeof freshPostgres>>;
    let a: ServerProcess;
    let b: ServerProcess;
    let place: { lat: number; lng: number };

    /** One person's browser, whose requests the load balancer sends to either node. */
    async function signedIn(username: string): Promise<{ onA: Client; onB: Client }> {
      const onA = new Client(a.baseUrl);
      const r = await onA.post('/api/auth/login', { username, password: DEMO.password });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const onB = new Client(b.baseUrl);
      onB.cookies = onA.cookies;
      return { onA, onB };
    }
    const report = (who: Client, headers: Record<string, string> = {}) =>
      who.post(
        '/api/cases',
        {
          scenarioCode: 'noise-nuisance',
          description: '两个节点',
          attributes: { source: 'renovation' },
          ...place,
        },
        headers,
      );
    /** A refusal must come by the cache's own expiry at the latest: before it, or it proves nothing. */
    const beforeTheCacheExpires = SESSION_CACHE_TTL_MS / 2;

    before(async () => {
      database = await freshPostgres();
      const dataDir = tempDataDir();
      const env = {
        DEMO_CASES: '0',
        DATA_KEY: crypto.randomBytes(32).toString('hex'),
        CASE_REPORTS_PER_MINUTE: String(CASE_REPORTS_PER_MINUTE),
      };
      // the first start migrates and seeds the demo city; the second joins it
      a = await startServerProcess({ dataDir, databaseUrl: database.url, env });
      b = await startServerProcess({ dataDir, databaseUrl: database.url, env });
      const c = new pg.Client({ connectionString: database.url });
      await c.connect();
      const { rows } = await c.query<{ lat: number; lng: number }>(
        'select centre_lat as lat, centre_lng as lng from areas where code = $1',
        [COMMITTEE],
      );
      await c.end();
      place = rows[0]!;
    });
    after(async () => {
      await a?.stop();
      await b?.stop();
      await database?.drop();
    });

    it('when someone signs out through node A, then node B refuses their session at once, though it had it cached', async () => {
      const { onA, onB } = await signedIn('inspector');
      assert.equal((await onB.get('/api/auth/me')).status, 200, 'node B now holds it cached');
      const cookie = onA.cookieHeader();
      assert.equal((await onA.post('/api/auth/logout')).status, 204);
      const stale = new Client(b.baseUrl);
      stale.cookies = new Map(cookie.split('; ').map((p) => p.split('=') as [string, string]));
      await eventually(
        async () => (await stale.get('/api/auth/me')).status === 401,
        beforeTheCacheExpires,
      );
    });

    it('when an administrator disables an account through node A, then its session on node B ends at once', async () => {
      const { onB } = await signedIn('nanjingdong');
      const me = await onB.get('/api/auth/me');
      assert.equal(me.status, 200);
      const { onA: admin } = await signedIn('admin');
      const id = (me.body as { id: string }).id;
      assert.equal((await admin.post(`/api/accounts/${id}/disable`)).status, 200);
      await eventually(
        async () => (await onB.get('/api/auth/me')).status === 401,
        beforeTheCacheExpires,
      );
      assert.equal((await admin.post(`/api/accounts/${id}/enable`)).status, 200);
    });

    it('when someone reports through both nodes in turn, then the rate limit counts every report once, across both', async () => {
      const { onA, onB } = await signedIn('hotline');
      const answers: number[] = [];
      for (let i = 0; i < CASE_REPORTS_PER_MINUTE + 2; i++)
        answers.push((await report(i % 2 === 0 ? onA : onB)).status);
      assert.deepEqual(answers, [...Array<number>(CASE_REPORTS_PER_MINUTE).fill(201), 429, 429]);
    });

    it('when a report is retried on node B with the key it had on node A, then it is the same case, filed once', async () => {
      const { onA, onB } = await signedIn('inspector');
      const key = crypto.randomUUID();
      const first = await report(onA, { 'idempotency-key': key });
      assert.equal(first.status, 201, JSON.stringify(first.body));
      const retried = await report(onB, { 'idempotency-key': key });
      assert.ok([200, 201].includes(retried.status), JSON.stringify(retried.body));
      assert.equal(retried.body.id, first.body.id);
    });

    it('when a photo is uploaded through node A, then node B serves it', async () => {
      const { onA, onB } = await signedIn('inspector');
      const id = await uploadTestPhoto(onA);
      const r = await fetch(`${b.baseUrl}/api/photos/${id}/thumb`, {
        headers: { cookie: onB.cookieHeader() },
      });
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('content-type'), 'image/webp');
    });
  },
);
