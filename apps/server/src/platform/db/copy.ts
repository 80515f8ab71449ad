import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/**
 * Bulk writes: PostgreSQL's COPY FROM STDIN where the database has it, batched multi-row
 * INSERTs on PGlite (whose node-postgres adapter has no COPY protocol). Rows arrive as an
 * async iterable, so a million-row file is never held in memory.
 */

export type CopyValue = string | number | boolean | null | string[];

const pools = new WeakMap<object, pg.Pool>();

/** Called by openDatabase: lets copyInto reach the pool behind a PostgreSQL Kysely. */
export function registerCopyPool(db: Kysely<any>, pool: pg.Pool): void {
  pools.set(db, pool);
}

/** Whether the database runs in processes of its own (PostgreSQL), so its work overlaps ours. */
export const runsApart = (db: Kysely<any>): boolean => pools.has(db);

export async function copyInto(
  db: Kysely<any>,
  table: string,
  columns: string[],
  rows: AsyncIterable<CopyValue[]> | Iterable<CopyValue[]>,
): Promise<number> {
  const pool = pools.get(db);
  return pool ? copyPostgres(pool, table, columns, rows) : insertBatches(db, table, columns, rows);
}

async function copyPostgres(
  pool: pg.Pool,
  table: string,
  columns: string[],
  rows: AsyncIterable<CopyValue[]> | Iterable<CopyValue[]>,
): Promise<number> {
  const client = await pool.connect();
  let count = 0;
  try {
    const target = `${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')})`;
    const stream = client.query(copyFrom(`COPY ${target} FROM STDIN`));
    async function* lines() {
      let chunk = '';
      for await (const row of rows) {
        chunk += row.map(copyText).join('\t') + '\n';
        count++;
        if (chunk.length > 256 * 1024) {
          yield chunk;
          chunk = '';
        }
      }
      if (chunk) yield chunk;
    }
    await pipeline(Readable.from(lines()), stream);
    client.release();
    return count;
  } catch (e) {
    client.release(e as Error);
    throw e;
  }
}

const BATCH = 500;

async function insertBatches(
  db: Kysely<any>,
  table: string,
  columns: string[],
  rows: AsyncIterable<CopyValue[]> | Iterable<CopyValue[]>,
): Promise<number> {
  let batch: Record<string, CopyValue>[] = [];
  let count = 0;
  const flush = async () => {
    if (batch.length) await db.insertInto(table).values(batch).execute();
    count += batch.length;
    batch = [];
  };
  for await (const row of rows) {
    batch.push(Object.fromEntries(columns.map((c, i) => [c, row[i] ?? null])));
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return count;
}

/** COPY's text format: \N for null, backslash escapes, arrays as {…} literals. */
export function copyText(v: CopyValue): string {
  if (v === null || v === undefined) return '\\N';
  if (Array.isArray(v)) return escapeCopy(`{${v.map(arrayItem).join(',')}}`);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  return escapeCopy(String(v));
}

const arrayItem = (s: string) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`;

function escapeCopy(s: string): string {
  return s.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain identifier: ${name}`);
  return `"${name}"`;
}
