import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect, sql, type LogEvent } from 'kysely';
import pg from 'pg';
import { registerCopyPool } from './copy.js';
import type { DB } from './schema.js';

// bigint (int8) and numeric counts as JS numbers: our counters stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

export type Db = Kysely<DB>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres://… for a server; otherwise PGlite in `dataDir`. */
  databaseUrl: string | null;
  dataDir: string;
  production?: boolean;
  allowPgliteInProduction?: boolean;
  /** PGlite in memory (tests): no lock file, nothing on disk. */
  inMemory?: boolean;
  poolSize?: number;
  /**
   * Told the text of every statement Kysely runs (tests: the sharding check records them).
   * Unset in production: Kysely then has no log hook at all.
   */
  onQuery?: QueryListener | undefined;
}

/** A statement's SQL text, as Kysely ran it (COPY, which bypasses Kysely, is not told). */
export type QueryListener = (sql: string) => void;

/** Kysely's log option for `onQuery`: nothing when there is none. */
const logTo = (onQuery: QueryListener | undefined) =>
  onQuery
    ? {
        log: (event: LogEvent) => {
          onQuery(event.query.sql);
        },
      }
    : {};

export class StartupError extends Error {}

/** Open the database: one code path over `pg`, PGlite through its node-postgres adapter. */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts);
  if (opts.production && !opts.allowPgliteInProduction) {
    throw new StartupError(
      'NODE_ENV=production refuses the embedded database (PGlite): set DATABASE_URL=postgres://… ' +
        'or pass --allow-pglite-in-production if you accept a single-process embedded store.',
    );
  }
  return openPglite(opts);
}

async function openPostgres(opts: OpenOptions): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: opts.databaseUrl!,
    max: opts.poolSize ?? 20,
    // a database that does not answer is a 503 after 3 s (also the longest wait for a free
    // connection), not a request that hangs
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    // The JIT compiler spends hundreds of milliseconds compiling the dashboards' short
    // aggregates over rollups (measured: 578 ms of JIT for a 300 ms query); they never pay it back.
    options: '-c jit=off',
  });
  // A dropped connection (57P01 when PostgreSQL restarts) must not crash the process. The pool
  // handles the 'error' of an idle connection; one checked out (a transaction between two
  // statements, a COPY) has no listener of the pool's, and an unhandled 'error' event ends the
  // process: every connection gets its own. Its next query fails, the error is a 503, and the
  // pool drops the connection when it is released; the next query connects anew.
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    client.on('error', () => {});
    prepareMarked(client);
  });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), ...logTo(opts.onQuery) });
  registerCopyPool(db, pool);
  if (opts.production)
    await assertDurablePostgres(db).catch(async (e) => {
      await db.destroy();
      throw e;
    });
  return { db, kind: 'postgres', close: () => db.destroy() };
}

/**
 * Ends a hot query whose shape is fixed (`.modifyEnd(PREPARED)`): on PostgreSQL it is prepared
 * once per connection, under a name taken from its text, so later runs skip parsing and, once
 * PostgreSQL settles on a generic plan, planning (about 1 ms of a 2 ms lookup by ID number).
 * Only for a bounded set of texts: every distinct text is kept by every connection.
 */
const PREPARED_END = ' /* prepared */';
export const PREPARED = sql.raw(PREPARED_END);
export const isPrepared = (text: string) => text.endsWith(PREPARED_END);

/** statement names by text, shared by every connection (the texts are few: see PREPARED) */
const preparedNames = new Map<string, string>();
const preparedName = (text: string) => {
  let name = preparedNames.get(text);
  if (!name) {
    name = `p_${crypto.createHash('sha1').update(text).digest('hex')}`;
    preparedNames.set(text, name);
  }
  return name;
};

function prepareMarked(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (text: unknown, values?: unknown, ...rest: unknown[]) =>
    typeof text === 'string' && isPrepared(text) && Array.isArray(values)
      ? query({ name: preparedName(text), text, values }, ...rest)
      : query(text, values, ...rest);
}

/** Production refuses a PostgreSQL that could lose acknowledged writes. */
async function assertDurablePostgres(db: Db): Promise<void> {
  const off: string[] = [];
  for (const setting of ['fsync', 'synchronous_commit', 'full_page_writes']) {
    const { rows } = await sql<{
      v: string;
    }>`select current_setting(${setting}) as v`.execute(db);
    if (rows[0]?.v === 'off') off.push(setting);
  }
  if (off.length) {
    throw new StartupError(
      `PostgreSQL runs with ${off.join(', ')} = off: acknowledged writes could be lost. ` +
        'Turn them on (postgresql.conf) before starting in production.',
    );
  }
}

async function openPglite(opts: OpenOptions): Promise<Database> {
  let releaseLock = () => {};
  let lite: PGlite;
  if (opts.inMemory) {
    lite = await PGlite.create();
  } else {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    releaseLock = takeLock(path.join(opts.dataDir, '.lock'));
    try {
      lite = await PGlite.create(path.join(opts.dataDir, 'db'));
    } catch (e) {
      releaseLock();
      throw e;
    }
  }
  const pool = new pg.Pool(createPgConfig(lite));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), ...logTo(opts.onQuery) });
  return {
    db,
    kind: 'pglite',
    async close() {
      await db.destroy();
      await lite.close();
      releaseLock();
    },
  };
}

/** One process per PGlite data directory: a second one stops with a clear message. */
function takeLock(lockPath: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lockPath, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(fs.readFileSync(lockPath, 'utf8'));
      if (pid && isAlive(pid)) {
        throw new StartupError(
          `The data directory ${path.dirname(lockPath)} is in use by process ${pid}. ` +
            'Stop that process, or start this one with another DATA_DIR / --data-dir.',
        );
      }
      fs.rmSync(lockPath, { force: true }); // stale lock from a crashed process
    }
  }
  throw new StartupError(`Could not take the lock ${lockPath}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
