/**
 * The command line of the case generator (apps/server/src/demo/synthetic-cases.ts): N cases
 * with their timelines over Shanghai's committees and the last D days, for the dashboard
 * benchmark (issue 4).
 *
 *   node --import tsx bench/generate-cases.ts [--db pglite|postgres] [--url postgres://…]
 *     [--cases 100000] [--days 730] [--seed 1] [--chunk 25000] [--data-dir dir] [--keep]
 *
 * With --db postgres and no --url, a fresh database on TEST_DATABASE_URL's server is made
 * (and dropped at the end unless --keep). The CLI then vacuums, rebuilds the rollups and
 * prints the figures. Nobody else may write to the database while it loads: event ids and
 * case numbers are reserved from their sequences a chunk at a time.
 */
import { pathToFileURL } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { generateCases } from '../apps/server/src/demo/synthetic-cases.js';
import { rebuildRollups } from '../apps/server/src/modules/cases/index.js';
import type { DB } from '../apps/server/src/platform/db/schema.js';
import { arg, report } from './bench-util.js';
import { withGeneratorDatabase } from './server-process.js';

// ---- the command line ----

function options() {
  const postgres = arg('db', arg('url', '') ? 'postgres' : 'pglite') === 'postgres';
  return {
    cases: Number(arg('cases', '100000')),
    days: Number(arg('days', '730')),
    seed: Number(arg('seed', '1')),
    chunk: Number(arg('chunk', '25000')),
    // PGlite is one connection; PostgreSQL writes a chunk while the next one is written
    parallel: Number(arg('parallel', postgres ? '2' : '1')),
  };
}

/** Progress on stderr, at most every 2 s: cases/s and the time still to go. */
function progress(total: number, started: number) {
  let last = 0;
  return (d: { cases: number; events: number }) => {
    const s = (performance.now() - started) / 1000;
    if (s - last < 2 && d.cases < total) return;
    last = s;
    const rate = d.cases / s;
    const n = (x: number) => Math.round(x).toLocaleString('en');
    process.stderr.write(
      `${n(d.cases)} / ${n(total)} cases, ${n(d.events)} events, ${n(rate)} cases/s, ` +
        `ETA ${n((total - d.cases) / rate)} s\n`,
    );
  };
}

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

async function main(): Promise<void> {
  const o = options();
  await withGeneratorDatabase(o.parallel + 1, async (database) => {
    const { db } = database;
    const started = performance.now();
    const result = await generateCases(db, { ...o, onProgress: progress(o.cases, started) });
    const loadS = seconds(started);
    // fresh statistics and visibility maps, as autovacuum would leave a live database
    const t1 = performance.now();
    await sql`vacuum (analyze) cases, case_events`.execute(db);
    const vacuumS = seconds(t1);
    const t2 = performance.now();
    await rebuildRollups(db);
    const rollupS = seconds(t2);
    await sql`vacuum (analyze) case_flow_hourly, case_resolve_hist, case_status_counts`.execute(db);
    report(`generate-cases (${database.kind})`, {
      cases: result.cases,
      events: result.events,
      'load s': loadS,
      'cases/s': Math.round(result.cases / Number(loadS)),
      'events/s': Math.round(result.events / Number(loadS)),
      'vacuum analyze s (cases, events)': vacuumS,
      'rebuild rollups s': rollupS,
      ...(await sizes(db)),
    });
  });
}

async function sizes(db: Kysely<DB>): Promise<Record<string, string | number>> {
  const mb = (b: string | number) => `${Math.round(Number(b) / 1048576).toLocaleString('en')} MB`;
  const { rows } = await sql<{
    db: string;
    cases: string;
    events: string;
    rollups: string;
    flows: number;
  }>`
    select pg_database_size(current_database()) as db,
      pg_total_relation_size('cases') as cases,
      pg_total_relation_size('case_events') as events,
      pg_total_relation_size('case_flow_hourly') + pg_total_relation_size('case_resolve_hist')
        + pg_total_relation_size('case_status_counts') as rollups,
      (select count(*)::int from case_flow_hourly) as flows`.execute(db);
  const s = rows[0]!;
  return {
    'database size': mb(s.db),
    'cases (with indexes)': mb(s.cases),
    'case_events (with indexes)': mb(s.events),
    'rollups (with indexes)': mb(s.rollups),
    'case_flow_hourly rows': s.flows,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
