// The server as a child process lives with the test support; benchmarks use it from here.
import fs from 'node:fs';
import { startPlatform } from '../apps/server/src/bootstrap.js';
import { loadConfig } from '../apps/server/src/platform/config.js';
import { openDatabase, type Database } from '../apps/server/src/platform/db/database.js';
import { freshPostgres, tempDataDir } from '../apps/server/src/platform/server-process.js';
import { arg } from './bench-util.js';

export * from '../apps/server/src/platform/server-process.js';

/**
 * A migrated database with the Shanghai areas and the demo accounts, as the server makes it,
 * without the demo's cases and registry: a generator fills every committee itself.
 */
export async function prepareDatabase(databaseUrl: string | null, dataDir: string): Promise<void> {
  const platform = await startPlatform({
    ...loadConfig({ NODE_ENV: 'development' }, []),
    databaseUrl,
    dataDir,
    port: 0,
    host: '127.0.0.1',
    demo: true,
    demoCases: false,
  });
  await platform.close();
}

/**
 * The database a generator's command line fills: `--url postgres://…`, or `--db postgres` for a
 * fresh one on TEST_DATABASE_URL's server, or PGlite (`--db pglite`, the default) in
 * `--data-dir` or a temporary directory; prepared as the server makes it, handed to `run`, and
 * dropped afterwards unless `--keep` (then how to start the server on it is printed).
 */
export async function withGeneratorDatabase(
  poolSize: number,
  run: (database: Database, dataDir: string) => Promise<void>,
): Promise<void> {
  const url = arg('url', '') || null;
  const kind = arg('db', url ? 'postgres' : 'pglite');
  if (kind !== 'pglite' && kind !== 'postgres') throw new Error('--db pglite|postgres');
  const givenDir = arg('data-dir', '') || null;
  const keep = process.argv.includes('--keep');
  const fresh = kind === 'postgres' && !url ? await freshPostgres() : null;
  const databaseUrl = kind === 'postgres' ? (url ?? fresh!.url) : null;
  const dataDir = givenDir ?? tempDataDir();
  try {
    await prepareDatabase(databaseUrl, dataDir);
    const database = await openDatabase({ databaseUrl, dataDir, poolSize });
    try {
      await run(database, dataDir);
    } finally {
      await database.close();
    }
    if (keep) {
      console.log(
        `\nkept: ${databaseUrl ? `DATABASE_URL=${databaseUrl} ` : ''}DATA_DIR=${dataDir}` +
          ' (start the server with both: the data directory holds the data key)',
      );
    }
  } finally {
    if (!keep) {
      await fresh?.drop();
      // only a directory made for this run: never one the caller named
      if (!givenDir) fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
}
