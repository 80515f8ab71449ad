/**
 * Case intake over HTTP at 50 concurrent clients, against the real server in its own process:
 *  - JSON reports (no photo), and reports with a 200 KB photo (upload, then report);
 *  - the baseline, measured in the same run: bare INSERTs of the same rows into the cases table
 *    itself (its indexes and foreign keys) by the same database at the same concurrency;
 *  - dispatch latency, case stored → its SMS sent into the outbox, under that load and at a
 *    steady 20 reports/s.
 *   node --import tsx bench/intake.bench.ts [--db pglite|postgres] [--seconds 10]
 *     [--url postgres://…/empty-database]
 *     [--cpu-prof dir]   (the server's CPU profile, written to dir when it stops)
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { sql } from 'kysely';
import sharp from 'sharp';
import { Agent, FormData, request } from 'undici';
import { SHANGHAI_AREAS } from '../apps/server/src/modules/areas/index.js';
import { readDemoFile } from '../apps/server/src/demo/seed-demo.js';
import type { AreaFile } from '../apps/server/src/modules/areas/index.js';
import { openDatabase } from '../apps/server/src/platform/db/database.js';
import { arg, report, withCpu } from './bench-util.js';
import { closedLoop, openLoop } from './open-loop.js';
import { freshPostgres, signIn, startServerProcess, tempDataDir } from './server-process.js';

const kind = arg('db', 'pglite');
const seconds = Number(arg('seconds', '10'));
const CONNECTIONS = 50;
const password = readDemoFile().password;
// --url: an empty database to use and leave (e.g. made beforehand while another job holds the
// server); otherwise a fresh one is made on TEST_DATABASE_URL's server and dropped at the end
const givenUrl = arg('url', '');
const pgDb =
  kind !== 'postgres'
    ? null
    : givenUrl
      ? { url: givenUrl, drop: async () => {} }
      : await freshPostgres();
const dataDir = tempDataDir();
const profileDir = arg('cpu-prof', '');
const server = await startServerProcess({
  dataDir,
  databaseUrl: pgDb?.url,
  // thousands of reports a second from one inspector: the per-account limits are for people
  env: {
    DEMO_CASES: '0',
    CASE_REPORTS_PER_MINUTE: '100000000',
    PHOTO_UPLOADS_PER_MINUTE: '100000000',
  },
  nodeArgs: profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [],
});
const base = server.baseUrl;
const agent = new Agent({ connections: CONNECTIONS });

async function call(
  path: string,
  init: { method?: string; body?: string | FormData; cookie: string; json?: boolean },
) {
  const res = await request(base + path, {
    dispatcher: agent,
    method: (init.method ?? 'GET') as 'GET',
    headers: { cookie: init.cookie, ...(init.json ? { 'content-type': 'application/json' } : {}) },
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
  const text = await res.body.text();
  return { status: res.statusCode, body: text ? (JSON.parse(text) as Record<string, any>) : {} };
}

// every report is dispatched by a city-wide rule, so every one sends a text; a case goes only
// to someone whose role reaches its area, so the demo handler is made a city-wide handler first
const city = await signIn(base, 'city', password);
const handler = (await call('/api/accounts?q=handler', { cookie: city })).body.items[0]
  .id as string;
const cityWide = await call(`/api/accounts/${handler}/roles`, {
  method: 'POST',
  cookie: await signIn(base, 'admin', password),
  json: true,
  body: JSON.stringify({ role: 'handler', areaCode: '310000000000' }),
});
if (cityWide.status >= 300) throw new Error(`role: ${JSON.stringify(cityWide.body)}`);
const rule = await call('/api/dispatch/rules', {
  method: 'POST',
  cookie: city,
  json: true,
  body: JSON.stringify({
    scenarioCode: 'noise-nuisance',
    areaCode: '310000000000',
    unitName: '城管执法',
    assigneeId: handler,
  }),
});
if (rule.status !== 201) throw new Error(`rule: ${JSON.stringify(rule.body)}`);
const inspector = await signIn(base, 'inspector', password);

const file = JSON.parse(fs.readFileSync(SHANGHAI_AREAS, 'utf8')) as AreaFile;
const centres = file.areas.filter((a) => a.level === 'committee').map((a) => a.centre);
let n = 0;
const reportBody = (tag: string, photoIds: string[] = []) => {
  const [lng, lat] = centres[(n++ * 7919) % centres.length]!;
  return JSON.stringify({
    scenarioCode: 'noise-nuisance',
    description: `${tag} 夜间施工噪声扰民`,
    attributes: { source: 'renovation' },
    lat,
    lng,
    photoIds,
  });
};

// a 200 KB photo: noise compresses badly, so a JPEG of it keeps its size
const noise = crypto.randomBytes(640 * 480 * 3);
const photoBytes = await sharp(noise, { raw: { width: 640, height: 480, channels: 3 } })
  .jpeg({ quality: 85 })
  .toBuffer();

const intake = (tag: string) => async () =>
  (
    await call('/api/cases', {
      method: 'POST',
      cookie: inspector,
      json: true,
      body: reportBody(tag),
    })
  ).status === 201;
await closedLoop({ connections: CONNECTIONS, seconds: 2, task: intake('warmup') });
const json = await withCpu(server.pid, () =>
  closedLoop({ connections: CONNECTIONS, seconds, task: intake('json') }),
);
const withPhoto = await closedLoop({
  connections: CONNECTIONS,
  seconds,
  task: async () => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(photoBytes)], { type: 'image/jpeg' }), 'p.jpg');
    const up = await call('/api/photos', { method: 'POST', cookie: inspector, body: form });
    if (up.status !== 201) return false;
    const r = await call('/api/cases', {
      method: 'POST',
      cookie: inspector,
      json: true,
      body: reportBody('photo', [up.body.id]),
    });
    return r.status === 201;
  },
});
const steady = await openLoop({
  baseUrl: base,
  rate: 20,
  connections: CONNECTIONS,
  seconds,
  headers: { cookie: inspector, 'content-type': 'application/json' },
  request: () => ({ path: '/api/cases', method: 'POST', body: reportBody('steady') }),
});
// let the last texts go out, then stop the server and read its database directly
await new Promise((r) => setTimeout(r, 3000));
await server.stop();
await agent.close();

// as many connections as clients: the same concurrency as the reports had
const database = await openDatabase({
  databaseUrl: pgDb?.url ?? null,
  dataDir,
  poolSize: CONNECTIONS,
});
const { db } = database;
async function latency(tag: string) {
  const { rows } = await sql<{ p50: number; p99: number; n: number; unsent: number }>`
    select percentile_cont(0.5) within group (order by extract(epoch from n.sent_at - c.created_at)) * 1000 as p50,
           percentile_cont(0.99) within group (order by extract(epoch from n.sent_at - c.created_at)) * 1000 as p99,
           count(n.sent_at)::int as n, count(*) filter (where n.sent_at is null)::int as unsent
    from cases c join notifications n on n.case_id = c.id and n.channel = 'sms'
    where c.description like ${`${tag} %`}`.execute(db);
  return rows[0]!;
}
const latJson = await latency('json');
const latSteady = await latency('steady');

// the baseline: the same rows, bare INSERTs, same database, same concurrency
const sample = await db
  .selectFrom('cases')
  .selectAll()
  .where('description', 'like', 'json %')
  .limit(5000)
  .execute();
let k = 0;
const bare = await withCpu(null, () =>
  closedLoop({
    connections: CONNECTIONS,
    seconds,
    task: async () => {
      const row = sample[k++ % sample.length]!;
      await db
        .insertInto('cases')
        .values({
          ...row,
          id: crypto.randomUUID(),
          number: `b${k}`,
          open311_token: null,
          attributes: JSON.stringify(row.attributes),
        })
        .execute();
      return true;
    },
  }),
);

// for context, not the bar: every row a report wrote (its case, timeline steps, messages, jobs
// and audit row), as bare single-row INSERTs in one transaction per report, same concurrency
const ids = sample.slice(0, 500).map((r) => r.id);
const [events, messages, jobs, audits] = await Promise.all([
  db.selectFrom('case_events').selectAll().where('case_id', 'in', ids).execute(),
  db.selectFrom('notifications').selectAll().where('case_id', 'in', ids).execute(),
  db
    .selectFrom('jobs')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb(sql`payload->>'caseId'`, 'in', ids),
        eb(
          sql`payload->>'id'`,
          'in',
          db
            .selectFrom('notifications')
            .select(sql`id::text`.as('id'))
            .where('case_id', 'in', ids),
        ),
      ]),
    )
    .execute(),
  db
    .selectFrom('audit_log')
    .selectAll()
    .where('object_type', '=', 'case')
    .where('object_id', 'in', ids)
    .execute(),
]);
const caseOf = (payload: unknown) => {
  const p = payload as { caseId?: string; id?: string };
  return p.caseId ?? messages.find((m) => m.id === p.id)?.case_id;
};
// a text's send job is deleted once it has run: count it as it was queued
const sendJobs = messages
  .filter((m) => m.channel === 'sms' && m.to_enc !== null)
  .map((m) => ({
    id: 0,
    kind: 'notification.send',
    payload: { id: m.id },
    run_at: m.created_at,
    attempts: 0,
    locked_until: null,
    done_at: null,
    last_error: null,
    dedupe_key: null,
    created_at: m.created_at,
  }));
const written = ids.map((id) => ({
  c: sample.find((r) => r.id === id)!,
  events: events.filter((e) => e.case_id === id),
  messages: messages.filter((m) => m.case_id === id),
  jobs: [...jobs, ...sendJobs].filter((j) => caseOf(j.payload) === id),
  audits: audits.filter((a) => a.object_id === id),
}));
const rowsPerReport =
  written.reduce(
    (n, w) => n + 1 + w.events.length + w.messages.length + w.jobs.length + w.audits.length,
    0,
  ) / written.length;
let seq = 1e12;
const bareAll = await withCpu(null, () =>
  closedLoop({
    connections: CONNECTIONS,
    seconds,
    task: async () => {
      // taken before any await: the other clients move k meanwhile
      const i = k++;
      const w = written[i % written.length]!;
      const id = crypto.randomUUID();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('cases')
          .values({
            ...w.c,
            id,
            number: `a${i}`,
            open311_token: null,
            attributes: JSON.stringify(w.c.attributes),
          })
          .execute();
        for (const { id: _, ...e } of w.events) {
          await trx
            .insertInto('case_events')
            .values({ ...e, case_id: id, detail: JSON.stringify(e.detail) })
            .execute();
        }
        for (const m of w.messages) {
          await trx
            .insertInto('notifications')
            .values({ ...m, id: crypto.randomUUID(), case_id: id })
            .execute();
        }
        for (const { id: _, ...j } of w.jobs) {
          await trx
            .insertInto('jobs')
            .values({ ...j, dedupe_key: null, payload: JSON.stringify(j.payload) })
            .execute();
        }
        for (const a of w.audits) {
          await trx
            .insertInto('audit_log')
            .values({ ...a, seq: seq++, object_id: id, detail: JSON.stringify(a.detail) })
            .execute();
        }
      });
      return true;
    },
  }),
);
await database.close();
await pgDb?.drop();

report(`intake (${kind})`, {
  connections: CONNECTIONS,
  'seconds per run': seconds,
  'JSON reports/s': json.perSecond,
  'JSON report p50 / p99 ms': `${json.p50} / ${json.p99}`,
  'bare INSERTs/s of the same rows (baseline)': bare.perSecond,
  'JSON intake / bare INSERT': `${((json.perSecond / bare.perSecond) * 100).toFixed(0)} %`,
  'CPU ms per JSON report: server / PostgreSQL / load': json.cpu,
  'CPU ms per bare INSERT: – / PostgreSQL / load': bare.cpu,
  'rows a report writes (not counting rollups)': rowsPerReport.toFixed(1),
  'reports/s as bare INSERTs of all those rows': bareAll.perSecond,
  'JSON intake / bare INSERTs of all its rows': `${((json.perSecond / bareAll.perSecond) * 100).toFixed(0)} %`,
  'CPU ms per report as bare INSERTs: – / PostgreSQL / load': bareAll.cpu,
  [`reports with a ${Math.round(photoBytes.length / 1024)} KB photo/s`]: withPhoto.perSecond,
  'photo report p50 / p99 ms': `${withPhoto.p50} / ${withPhoto.p99}`,
  'failed (json / photo / bare / bare, all rows)': `${json.failed} / ${withPhoto.failed} / ${bare.failed} / ${bareAll.failed}`,
  'dispatch latency under load p50 / p99 ms': `${Math.round(latJson.p50)} / ${Math.round(latJson.p99)} (${latJson.n} texts, ${latJson.unsent} unsent)`,
  'dispatch latency at 20 reports/s p50 / p99 ms': `${Math.round(latSteady.p50)} / ${Math.round(latSteady.p99)} (${latSteady.n} texts, ${latSteady.unsent} unsent)`,
  'steady 20/s report p50 / p99 ms': `${steady.p50} / ${steady.p99}`,
});
