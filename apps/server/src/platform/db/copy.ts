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

/** One row in COPY's text format, with its newline. */
export const copyLine = (values: CopyValue[]): string => `${values.map(copyText).join('\t')}\n`;

/** COPY text → each line's fields as the text PostgreSQL would read (arrays as {…} literals). */
function parseLines(text: string): (string | null)[][] {
  const lines = text.split('\n');
  lines.pop(); // the text ends with a newline
  return lines.map((line) => line.split('\t').map(unescapeCopy));
}

/** COPY's text format: \N for null, backslash escapes, arrays as {…} literals. */
function copyText(v: CopyValue): string {
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

const UNESCAPED: Record<string, string> = { '\\': '\\', t: '\t', n: '\n', r: '\r' };
function unescapeCopy(field: string): string | null {
  if (field === '\\N') return null;
  return field.replace(/\\([\\tnr])/g, (_, c: string) => UNESCAPED[c]!);
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain identifier: ${name}`);
  return `"${name}"`;
}
