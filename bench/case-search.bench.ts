/**
 * 工单中心's search box and the wall's opening events at city scale (issue 26), on PostgreSQL:
 *  - `GET /api/cases?q=` for a case number (the unique index), a common keyword and a rare
 *    one (bounded: the newest 20,000 cases of the reader's scope), as the city operator and as
 *    a street operator, p50 / p95 with the list's count;
 *  - `GET /api/dashboards/:code/events` (the newest 30 steps, bounded by a range of the events'
 *    key) for the city and a committee.
 *   node --import tsx bench/case-search.bench.ts --db postgres [--cases 200000]
 *   node --import tsx bench/case-search.bench.ts --url postgres://… --data-dir dir
 */
import { sql } from 'kysely';
import { readDemoFile } from '../apps/server/src/demo/seed-demo.js';
import { generateCases } from '../apps/server/src/demo/synthetic-cases.js';
import { rebuildRollups } from '../apps/server/src/modules/cases/index.js';
import { openDatabase } from '../apps/server/src/platform/db/database.js';
import { arg, percentile, report } from './bench-util.js';
import { freshPostgres, signIn, startServerProcess, tempDataDir } from './server-process.js';

const ROUNDS = Number(arg('rounds', '40'));
const CITY = '310000000000';
const COMMITTEE = '310101002001';
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
  await sql`vacuum (analyze) cases, case_events`.execute(db);
  await rebuildRollups(db);
  process.stderr.write(
    `generated ${cases} cases in ${((performance.now() - t) / 1000).toFixed(0)} s\n`,
  );
}
const { rows: countRows } = await sql<{ n: string }>`select count(*) as n from cases`.execute(db);
const caseCount = Number(countRows[0]!.n);
// a number in the middle of the city's history
const { rows: numberRows } = await sql<{
  number: string;
}>`select number from cases order by created_at offset ${Math.floor(caseCount / 2)} limit 1`.execute(
  db,
);
const someNumber = numberRows[0]!.number;

async function timed(cookie: string, path: string) {
  const get = async () => {
    const r = await fetch(`${server.baseUrl}${path}`, { headers: { cookie } });
    if (r.status !== 200) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    return (await r.json()) as { total?: number; items: unknown[] };
  };
  const first = await get(); // warm up
  const ms: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    await get();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const fmt = (x: number) => `${x.toFixed(1)} ms`;
  return `${fmt(percentile(ms, 50))} / ${fmt(percentile(ms, 95))} (${first.total ?? first.items.length} found)`;
}

const city = await signIn(server.baseUrl, 'city', password);
const street = await signIn(server.baseUrl, 'nanjingdong', password);
const q = (text: string) => `/api/cases?q=${encodeURIComponent(text)}&pageSize=50`;

report('case search and the wall opening events (postgres)', {
  cases: caseCount,
  'city: q=case number p50 / p95': await timed(city, q(someNumber)),
  'city: q=common keyword (噪声) p50 / p95': await timed(city, q('噪声')),
  'city: q=rare keyword p50 / p95': await timed(city, q('没有这个词')),
  'street: q=common keyword (噪声) p50 / p95': await timed(street, q('噪声')),
  'city: list without q p50 / p95': await timed(city, '/api/cases?pageSize=50'),
  'city wall: latest 30 events p50 / p95': await timed(
    city,
    `/api/dashboards/${CITY}/events?limit=30`,
  ),
  'committee wall: latest 30 events p50 / p95': await timed(
    city,
    `/api/dashboards/${COMMITTEE}/events?limit=30`,
  ),
});

await database.close();
await server.stop();
await fresh?.drop();
