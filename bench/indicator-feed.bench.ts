/**
 * The departments' indicators (issue 28), on PostgreSQL, against the real server in its own
 * process:
 *  - the dashboard of the biggest district — 86 indicators (our 42 from the case rollups and
 *    the departments' 44) with 交叉比对 of a fed one — p50 / p95 over the last 30 days and
 *    today, first with no figures fed, then with two years of daily figures for every street
 *    and every fed indicator kept at street level, in the same run: the fed part's cost;
 *  - the feed: `--clients` departments' systems pushing batches of `--batch` figures (every
 *    street × the meteorology department's indicators, hour after hour) for `--seconds`:
 *    figures stored per second, then the same batches again with other values (corrections,
 *    the replaced values moved to the history).
 *   node --import tsx bench/indicator-feed.bench.ts [--cases 200000] [--seconds 10]
 *     [--url postgres://… --data-dir dir]   (a database kept by bench/generate-cases.ts --keep)
 */
import { sql } from 'kysely';
import { Agent } from 'undici';
import { readDemoFile } from '../apps/server/src/demo/seed-demo.js';
import { generateCases } from '../apps/server/src/demo/synthetic-cases.js';
import { rebuildRollups } from '../apps/server/src/modules/cases/index.js';
import { openDatabase } from '../apps/server/src/platform/db/database.js';
import { arg, percentile, report } from './bench-util.js';
import { jsonCaller, must } from './http-fixtures.js';
import { freshPostgres, signIn, startServerProcess, tempDataDir } from './server-process.js';

const DISTRICT = '310115000000'; // 浦东新区: the biggest district
const ROUNDS = Number(arg('rounds', '40'));
const seconds = Number(arg('seconds', '10'));
const clients = Number(arg('clients', '4'));
const batch = Number(arg('batch', '5000'));
const password = readDemoFile().password;

const givenUrl = arg('url', '') || null;
const fresh = givenUrl ? null : await freshPostgres();
const databaseUrl = givenUrl ?? fresh!.url;
const dataDir = arg('data-dir', '') || tempDataDir();
const server = await startServerProcess({ dataDir, databaseUrl, env: { DEMO_CASES: '0' } });
const database = await openDatabase({ databaseUrl, dataDir, poolSize: 4 });
const { db } = database;
if (!givenUrl) {
  const cases = Number(arg('cases', '200000'));
  const t = performance.now();
  await generateCases(db, { cases, days: 730, seed: 1, parallel: 2 });
  await rebuildRollups(db);
  await sql`vacuum (analyze) cases, case_events, case_flow_hourly, case_resolve_hist, case_status_counts, case_source_hourly`.execute(
    db,
  );
  process.stderr.write(
    `generated ${cases} cases in ${((performance.now() - t) / 1000).toFixed(0)} s\n`,
  );
}
const caseCount = Number(
  (await sql<{ n: string }>`select count(*) as n from cases`.execute(db)).rows[0]!.n,
);
const agent = new Agent({ connections: clients + 4 });
const call = jsonCaller(server.baseUrl, agent);
const ms = (v: number) => `${v.toFixed(1)} ms`;

async function timed(rounds: number, run: () => Promise<void>) {
  await run(); // warm up
  const t: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const s = performance.now();
    await run();
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  return { p50: percentile(t, 50), p95: percentile(t, 95) };
}

const city = await signIn(server.baseUrl, 'city', password);
const admin = await signIn(server.baseUrl, 'admin', password);
const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString();
const ranges = { '30 days': `from=${monthAgo}&to=${new Date().toISOString()}`, today: '' };

/** The dashboard and a fed indicator's 交叉比对, side by side, as the page asks for them. */
async function dashboard(range: string): Promise<void> {
  const get = async (path: string) => {
    const r = await call(path, { cookie: city });
    must(path, r, 200);
    return r.body;
  };
  const [d] = await Promise.all([
    get(`/api/dashboards/${DISTRICT}?${range}`),
    get(`/api/dashboards/${DISTRICT}/compare?indicator=weather.rainfall_1h&${range}`),
  ]);
  if ((d.indicators as unknown[]).length !== 86)
    throw new Error('the district shows 86 indicators');
}

const before = {
  month: await timed(ROUNDS, () => dashboard(ranges['30 days'])),
  today: await timed(ROUNDS, () => dashboard(ranges.today)),
};

// two years of daily figures for every street and every fed indicator kept for streets
const t = performance.now();
await sql`
  insert into indicator_figures (indicator_id, area_code, area_path, at, value, department, received_at)
  select i.id, a.code, a.path, d, round((random() * 100)::numeric, 1), i.department, now()
    from fed_indicators i
    cross join areas a
    cross join generate_series(now() - interval '730 days', now() - interval '1 hour', interval '1 day') d
   where a.level = 'street' and 'street' = any(i.levels)
  on conflict do nothing`.execute(db);
await sql`
  insert into indicator_fed_areas (indicator_id, area_code, area_path)
  select distinct indicator_id, area_code, area_path from indicator_figures
  on conflict do nothing`.execute(db);
// summed up per day, as the feed does when it stores figures (migration 0046)
await sql`
  insert into indicator_figure_days (indicator_id, area_code, day, sum, max, count, latest, latest_at)
  select indicator_id, area_code, shanghai_day(at), sum(value), max(value), count(*)::int,
         (array_agg(value order by at desc))[1], max(at)
    from indicator_figures
   group by indicator_id, area_code, shanghai_day(at)
  on conflict do nothing`.execute(db);
await sql`update fed_indicators set last_figure_at = now()`.execute(db);
await sql`vacuum (analyze) indicator_figures, indicator_fed_areas, indicator_figure_days`.execute(
  db,
);
const fillSeconds = (performance.now() - t) / 1000;
const figureRows = Number(
  (await sql<{ n: string }>`select count(*) as n from indicator_figures`.execute(db)).rows[0]!.n,
);
const after = {
  month: await timed(ROUNDS, () => dashboard(ranges['30 days'])),
  today: await timed(ROUNDS, () => dashboard(ranges.today)),
};

// ---- the feed: batches of figures from the meteorology department's system ----
const key = must(
  'key',
  await call('/api/departments/meteorology/key', { method: 'POST', cookie: admin }),
  200,
).apiKey as string;
const streets = (
  await db
    .selectFrom('areas')
    .select('code')
    .where('level', '=', 'street')
    .orderBy('code')
    .execute()
).map((r) => r.code);
const weather = (
  await db
    .selectFrom('fed_indicators')
    .select(['id', 'unit_en'])
    .where('department', '=', 'meteorology')
    .where(sql<boolean>`'street' = any(levels)`)
    .execute()
).map((r) => ({ id: r.id, unit: r.unit_en }));
const hourMs = 3_600_000;
const base = Math.floor(Date.now() / hourMs) * hourMs - 2 * hourMs;

/** Batch `n`: every street × indicator at hours going back from now, `batch` figures. */
function figuresOf(n: number, shift: number) {
  const figures: { indicator: string; area: string; at: string; value: number; unit: string }[] =
    [];
  while (figures.length < batch) {
    const k = n * batch + figures.length;
    const street = streets[k % streets.length]!;
    const ind = weather[Math.floor(k / streets.length) % weather.length]!;
    const hour = Math.floor(k / (streets.length * weather.length));
    figures.push({
      indicator: ind.id,
      area: street,
      at: new Date(base - hour * hourMs).toISOString(),
      value: ((k * 7) % 500) / 10 + shift,
      unit: ind.unit,
    });
  }
  return figures;
}

async function pushFor(durationS: number, shift: number, batches?: number) {
  let next = 0;
  let stored = 0;
  const start = performance.now();
  const end = start + durationS * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (;;) {
        const n = next++;
        if (batches !== undefined ? n >= batches : performance.now() > end) return;
        const r = await call('/api/indicators/figures', {
          body: { figures: figuresOf(n, shift) },
          bearer: key,
        });
        const a = must('figures', r, 200);
        stored += (a.added as number) + (a.corrected as number);
      }
    }),
  );
  return { stored, seconds: (performance.now() - start) / 1000 };
}

const added = await pushFor(seconds, 0);
const corrected = await pushFor(seconds * 4, 0.5, Math.max(1, Math.floor(added.stored / batch)));
const history = Number(
  (await sql<{ n: string }>`select count(*) as n from indicator_figure_history`.execute(db))
    .rows[0]!.n,
);

report('indicator feed (postgres)', {
  cases: caseCount,
  'fed figures (two years, daily, every street)': figureRows,
  'filled in': `${fillSeconds.toFixed(0)} s`,
  'district dashboard + 交叉比对, 30 days: before figures p50 / p95': `${ms(before.month.p50)} / ${ms(before.month.p95)}`,
  'district dashboard + 交叉比对, 30 days: with figures p50 / p95': `${ms(after.month.p50)} / ${ms(after.month.p95)}`,
  'district dashboard + 交叉比对, today: before / with figures p95': `${ms(before.today.p95)} / ${ms(after.today.p95)}`,
  'push: batch × clients': `${batch} × ${clients}`,
  'new figures stored per second': Math.round(added.stored / added.seconds),
  'corrections per second (old value to history)': Math.round(corrected.stored / corrected.seconds),
  'history rows': history,
});

await database.close();
await server.stop();
await fresh?.drop();
