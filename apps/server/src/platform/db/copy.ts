import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { copyLine, parseLines, type CopyValue } from './copy-text.js';

/**
 * Bulk writes: PostgreSQL's COPY FROM STDIN where the database has it, batched multi-row
 * INSERTs on PGlite (whose node-postgres adapter has no COPY protocol). Rows arrive as an
 * async iterable, so a million-row file is never held in memory.
 */

const pools = new WeakMap<object, pg.Pool>();

/** Called by openDatabase: lets copyInto reach the pool behind a PostgreSQL Kysely. */
export function registerCopyPool(db: Kysely<any>, pool: pg.Pool): void {
  pools.set(db, pool);
}

/** Whether the database runs in processes of its own (PostgreSQL), so its work overlaps ours. */
export const runsApart = (db: Kysely<any>): boolean => pools.has(db);

/** Rows → COPY: returns how many were written. */
export async function copyInto(
  db: Kysely<any>,
  table: string,
  columns: string[],
  rows: AsyncIterable<CopyValue[]> | Iterable<CopyValue[]>,
): Promise<number> {
  let count = 0;
  async function* chunks() {
    let chunk = '';
    for await (const row of rows) {
      chunk += copyLine(row);
      count++;
      if (chunk.length > 256 * 1024) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
  await copyLines(db, table, columns, chunks());
  return count;
}

/**
 * Text already in COPY's format (whole lines, from copyLine; as a string or in UTF-8 bytes) →
 * the table: COPY on PostgreSQL; on PGlite the lines are read back into values for multi-row
 * INSERTs.
 */
export async function copyLines(
  db: Kysely<any>,
  table: string,
  columns: string[],
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
): Promise<void> {
  const pool = pools.get(db);
  if (!pool) {
    const utf8 = new TextDecoder();
    for await (const chunk of chunks) {
      const text = typeof chunk === 'string' ? chunk : utf8.decode(chunk);
      await insertBatches(db, table, columns, parseLines(text));
    }
    return;
  }
  const client = await pool.connect();
  try {
    const target = `${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')})`;
    await pipeline(Readable.from(chunks), client.query(copyFrom(`COPY ${target} FROM STDIN`)));
    client.release();
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
  rows: (string | null)[][],
): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows
      .slice(i, i + BATCH)
      .map((row) => Object.fromEntries(columns.map((c, k) => [c, row[k] ?? null])));
    await db.insertInto(table).values(batch).execute();
  }
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain identifier: ${name}`);
  return `"${name}"`;
}
