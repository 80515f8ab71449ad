/**
 * The synthetic community registry at load-test size: compounds, buildings, rooms, households,
 * residents and organisations for Shanghai's committees (apps/server/src/demo/synthetic-registry.ts),
 * scale 1 being the city's 25 million residents. Prints rows/s, the elapsed time and the sizes
 * of the database and of the residents and rooms tables.
 *
 *   node --import tsx bench/generate-registry.ts [--db pglite|postgres] [--url postgres://…]
 *     [--scale 0.04] [--seed 1] [--within <area code>,…] [--data-dir dir] [--keep]
 *
 * With --db postgres and no --url, a fresh database on TEST_DATABASE_URL's server is made
 * (and dropped at the end unless --keep).
 */
import { pathToFileURL } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { generateRegistry } from '../apps/server/src/demo/synthetic-registry.js';
import { createDataCipher, loadDataKey } from '../apps/server/src/platform/crypto.js';
import type { DB } from '../apps/server/src/platform/db/schema.js';
import { arg, report } from './bench-util.js';
import { withGeneratorDatabase } from './server-process.js';

function options() {
  const scale = Number(arg('scale', '0.04'));
  if (!(scale > 0)) throw new Error('--scale must be a positive number');
  return {
    scale,
    seed: Number(arg('seed', '1')),
    within: arg('within', '').split(',').filter(Boolean),
  };
}

/** Progress on stderr, at most every 5 s: residents/s and the time still to go. */
function progress(started: number) {
  let last = 0;
  return (p: { committeesDone: number; committees: number; residents: number }) => {
    const s = (performance.now() - started) / 1000;
    if (s - last < 5 && p.committeesDone < p.committees) return;
    last = s;
    const n = (x: number) => Math.round(x).toLocaleString('en');
    const eta = (s / p.committeesDone) * (p.committees - p.committeesDone);
    process.stderr.write(
      `${n(p.committeesDone)} / ${n(p.committees)} committees, ${n(p.residents)} residents, ` +
        `${n(p.residents / s)} residents/s, ETA ${n(eta)} s\n`,
    );
  };
}

async function main(): Promise<void> {
  const o = options();
  // the statistics of a batch run nine queries at once: none waits for a connection
  await withGeneratorDatabase(12, async (database, dataDir) => {
    // the data key the server made in the data directory, so a kept database stays readable
    const cipher = createDataCipher(loadDataKey(null, dataDir));
    const started = performance.now();
    const r = await generateRegistry(database.db, cipher, {
      scale: o.scale,
      seed: o.seed,
      ...(o.within.length ? { within: o.within } : {}),
      onProgress: progress(started),
    });
    const rows = r.buildings + r.rooms + r.households + r.residents + r.organisations;
    report(`generate-registry (${database.kind}, scale ${o.scale})`, {
      committees: r.committees,
      compounds: r.compounds,
      buildings: r.buildings,
      rooms: r.rooms,
      households: r.households,
      residents: r.residents,
      organisations: r.organisations,
      'elapsed s': r.seconds.toFixed(1),
      'rows/s (all tables)': Math.round(rows / r.seconds),
      'residents/s': Math.round(r.residents / r.seconds),
      ...(await sizes(database.db)),
    });
  });
}

async function sizes(db: Kysely<DB>): Promise<Record<string, string>> {
  const mb = (b: string | number) => `${Math.round(Number(b) / 1048576).toLocaleString('en')} MB`;
  const { rows } = await sql<{
    db: string;
    residents: string;
    residents_heap: string;
    residents_indexes: string;
    rooms: string;
    rooms_heap: string;
    rooms_indexes: string;
  }>`
    select pg_database_size(current_database()) as db,
      pg_total_relation_size('residents') as residents,
      pg_table_size('residents') as residents_heap,
      pg_indexes_size('residents') as residents_indexes,
      pg_total_relation_size('rooms') as rooms,
      pg_table_size('rooms') as rooms_heap,
      pg_indexes_size('rooms') as rooms_indexes`.execute(db);
  const s = rows[0]!;
  return {
    'database size': mb(s.db),
    'residents (with indexes)': mb(s.residents),
    'residents table / indexes': `${mb(s.residents_heap)} / ${mb(s.residents_indexes)}`,
    'rooms (with indexes)': mb(s.rooms),
    'rooms table / indexes': `${mb(s.rooms_heap)} / ${mb(s.rooms_indexes)}`,
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
