/**
 * The operation centres' dashboards at city scale (issue 4), on PostgreSQL:
 *  - a district's dashboard and the city's, all their panels as the page loads them
 *    (dashboard, 交叉比对 of the children, map points), p50 / p95 over the last 30 days;
 *  - the baseline, same run and database: the same figures by plain GROUP BY over the cases
 *    and their timeline;
 *  - live: 100 open streams, a case filed every 100 ms, from the POST to the event on every
 *    stream, p50 / p99.
 *   node --import tsx bench/dashboard.bench.ts --db postgres [--cases 200000]
 *   node --import tsx bench/dashboard.bench.ts --url postgres://… --data-dir dir
 *     (a database kept by `bench/generate-cases.ts --db postgres --cases 5000000 --keep`)
 */
import { sql, type Kysely } from 'kysely';
import { readDemoFile } from '../apps/server/src/demo/seed-demo.js';
import { generateCases } from '../apps/server/src/demo/synthetic-cases.js';
import { rebuildRollups, RESOLVE_BUCKET_MINUTES } from '../apps/server/src/modules/cases/index.js';
import { openDatabase } from '../apps/server/src/platform/db/database.js';
import type { DB } from '../apps/server/src/platform/db/schema.js';
import { arg, percentile, report } from './bench-util.js';
import { freshPostgres, signIn, startServerProcess, tempDataDir } from './server-process.js';

const DISTRICT = '310115000000'; // 浦东新区: the biggest district
const CITY = '310000000000';
const ROUNDS = Number(arg('rounds', '40'));
const password = readDemoFile().password;

const givenUrl = arg('url', '') || null;
const fresh = givenUrl ? null : await freshPostgres();
const databaseUrl = givenUrl ?? fresh!.url;
const dataDir = arg('data-dir', '') || tempDataDir();
const server = await startServerProcess({ dataDir, databaseUrl, env: { DEMO_CASES: '0' } });
const database = await openDatabase({ databaseUrl, dataDir, poolSize: 8 });
const { db } = database;
if (!givenUrl) {
  const cases = Number(arg('cases', '200000'));
  const t = performance.now();
  await generateCases(db, { cases, days: 730, seed: 1, parallel: 2 });
  await sql`vacuum (analyze) cases, case_events`.execute(db);
  await rebuildRollups(db);
  await sql`vacuum (analyze) case_flow_hourly, case_resolve_hist, case_status_counts`.execute(db);
  process.stderr.write(
    `generated ${cases} cases in ${((performance.now() - t) / 1000).toFixed(0)} s\n`,
  );
}
const { rows: countRows } = await sql<{ n: string }>`select count(*) as n from cases`.execute(db);
const caseCount = Number(countRows[0]!.n);

const to = new Date();
const from = new Date(to.getTime() - 30 * 86_400_000);
const range = `from=${from.toISOString()}&to=${to.toISOString()}`;

async function timed(rounds: number, run: () => Promise<void>) {
  await run(); // warm up
  const ms: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    await run();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p95: percentile(ms, 95) };
}

/** The page's three requests, side by side, as the browser makes them. */
async function panels(cookie: string, code: string) {
  const get = async (path: string) => {
    const r = await fetch(`${server.baseUrl}${path}`, { headers: { cookie } });
    if (r.status !== 200) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    await r.arrayBuffer();
  };
  await Promise.all([
    get(`/api/dashboards/${code}?${range}`),
    get(`/api/dashboards/${code}/compare?indicator=cases.on_time_rate&${range}`),
    get(`/api/dashboards/${code}/points?${range}`),
  ]);
}

/** The same figures straight from the cases and their timeline, by GROUP BY. */
async function groupBy(db: Kysely<DB>, code: string) {
  const path = (
    await db.selectFrom('areas').select('path').where('code', '=', code).executeTakeFirstOrThrow()
  ).path;
  const depth = path.split('/').length;
  const within = sql`(c.area_path = ${path} or c.area_path like ${`${path}/%`})`;
  const inRange = sql`e.at >= ${from} and e.at < ${to}`;
  const thresholds = sql.raw(`array[${RESOLVE_BUCKET_MINUTES.map((m) => m * 60).join(',')}]`);
  await Promise.all([
    sql`select c.scenario_code, count(*) filter (where e.action = 'report'),
          count(*) filter (where e.action = 'resolve'),
          count(*) filter (where e.action = 'resolve' and (e.detail->>'onTime')::boolean),
          count(*) filter (where e.action = 'close'), count(*) filter (where e.action = 'escalate')
        from case_events e join cases c on c.id = e.case_id
        where ${within} and ${inRange} group by 1`.execute(db),
    sql`select percentile_cont(array[0.5, 0.9]) within group (order by e.at - c.created_at),
          width_bucket(extract(epoch from e.at - c.created_at), ${thresholds}::numeric[]) as b, count(*)
        from case_events e join cases c on c.id = e.case_id
        where ${within} and ${inRange} and e.action = 'resolve' group by b`.execute(db),
    sql`select c.status, c.scenario_code, count(*) from cases c where ${within} group by 1, 2`.execute(
      db,
    ),
    sql`select date_trunc('day', e.at + interval '8 hours'), count(*) filter (where e.action = 'report')
        from case_events e join cases c on c.id = e.case_id
        where ${within} and ${inRange} group by 1`.execute(db),
    // 交叉比对: the on-time rate of every child
    sql`select split_part(c.area_path, '/', ${depth + 1}) as child,
          count(*) filter (where e.action = 'resolve' and (e.detail->>'onTime')::boolean),
          count(*) filter (where e.action = 'resolve')
        from case_events e join cases c on c.id = e.case_id
        where ${within} and ${inRange} group by 1`.execute(db),
    sql`select id, lat, lng, scenario_code, status from cases c
        where ${within} and created_at >= ${from} and created_at < ${to}
        order by created_at desc limit 5001`.execute(db),
  ]);
}

// the city operator opens the biggest district and the city
const city = await signIn(server.baseUrl, 'city', password);
const districtApi = await timed(ROUNDS, () => panels(city, DISTRICT));
const cityApi = await timed(ROUNDS, () => panels(city, CITY));
const baselineRounds = Math.max(3, Math.round(ROUNDS / 8));
const districtSql = await timed(baselineRounds, () => groupBy(db, DISTRICT));
const citySql = await timed(baselineRounds, () => groupBy(db, CITY));

// ---- live: 100 open streams, a case every 100 ms ----
const STREAMS = 100;
const received = new Map<string, number[]>();
const controllers: AbortController[] = [];
await Promise.all(
  Array.from({ length: STREAMS }, async () => {
    const ac = new AbortController();
    controllers.push(ac);
    const res = await fetch(`${server.baseUrl}/api/dashboards/${CITY}/stream`, {
      headers: { cookie: city },
      signal: ac.signal,
    });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    void (async () => {
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (data) {
            const id = (JSON.parse(data) as { id: string }).id;
            received.set(id, [...(received.get(id) ?? []), performance.now()]);
          }
        }
      }
    })();
  }),
);
const inspector = await signIn(server.baseUrl, 'inspector', password);
const centre = await db
  .selectFrom('areas')
  .select(['centre_lat', 'centre_lng'])
  .where('code', '=', '310101002001')
  .executeTakeFirstOrThrow();
const posted = new Map<string, number>();
for (let i = 0; i < 50; i++) {
  const t = performance.now();
  const r = await fetch(`${server.baseUrl}/api/cases`, {
    method: 'POST',
    headers: { cookie: inspector, 'content-type': 'application/json' },
    body: JSON.stringify({
      scenarioCode: 'noise-nuisance',
      description: '看板实时',
      attributes: { source: 'renovation' },
      lat: centre.centre_lat,
      lng: centre.centre_lng,
    }),
  });
  posted.set(((await r.json()) as { id: string }).id, t);
  await new Promise((r) => setTimeout(r, Math.max(0, 100 - (performance.now() - t))));
}
await new Promise((r) => setTimeout(r, 3000));
const latencies: number[] = [];
let missing = 0;
for (const [id, t] of posted) {
  const got = received.get(id) ?? [];
  missing += STREAMS - got.length;
  for (const at of got) latencies.push(at - t);
}
latencies.sort((a, b) => a - b);
for (const c of controllers) c.abort();

const ms = (x: number) => `${x.toFixed(1)} ms`;
report('dashboards (postgres)', {
  cases: caseCount,
  range: '30 days',
  'district dashboard, all panels p50 / p95': `${ms(districtApi.p50)} / ${ms(districtApi.p95)}`,
  'same figures by GROUP BY p50 / p95': `${ms(districtSql.p50)} / ${ms(districtSql.p95)}`,
  'district: GROUP BY / dashboard (p95)': `${(districtSql.p95 / districtApi.p95).toFixed(1)}×`,
  'city dashboard, all panels p50 / p95': `${ms(cityApi.p50)} / ${ms(cityApi.p95)}`,
  'city same figures by GROUP BY p50 / p95': `${ms(citySql.p50)} / ${ms(citySql.p95)}`,
  'city: GROUP BY / dashboard (p95)': `${(citySql.p95 / cityApi.p95).toFixed(1)}×`,
  'live: streams × cases': `${STREAMS} × ${posted.size}`,
  'live: POST → event p50 / p99': `${ms(percentile(latencies, 50))} / ${ms(percentile(latencies, 99))}`,
  'live: events missing': missing,
});

await database.close();
await server.stop();
await fresh?.drop();
