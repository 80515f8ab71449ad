import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { DataCipher } from './crypto.js';
import type { DB } from './db/schema.js';

/**
 * Rotating the data key: every ciphertext is decrypted with the old key and encrypted with the
 * new one, and every keyed hash recomputed, in one transaction, so the database is wholly under
 * one key or the other. With a key file the new key is written beside it first
 * (`data.key.next`) and takes its place after the commit; a server refuses to start while a
 * `data.key.next` is left over from a rotation cut off in that moment (`--resume` settles it).
 */

/** Re-encrypt one table's personal columns; returns the rows rewritten. */
export type Rekeyer = (trx: Kysely<DB>, from: DataCipher, to: DataCipher) => Promise<number>;

const PAGE = 1000;

type Row = Record<string, unknown> & { id: string };
type Value = string | number | boolean | null | string[];

/**
 * Page through a table by id and write back, per row, what `rewrite` makes of it under the
 * new key: one UPDATE … FROM (VALUES …) per page. `read` holds SQL expressions written in this
 * code (never input); `types` casts the written columns.
 */
export function rekeyTable(
  table: keyof DB & string,
  read: string[],
  types: Record<string, string>,
  rewrite: (row: Row, from: DataCipher, to: DataCipher) => Record<string, Value>,
): Rekeyer {
  const written = Object.keys(types);
  return async (trx, from, to) => {
    let after: string | null = null;
    let total = 0;
    for (;;) {
      const { rows } = await sql<Row>`select id::text as id, ${sql.raw(read.join(', '))}
        from ${sql.table(table)} ${after === null ? sql`` : sql`where id::text > ${after}`}
        order by id::text limit ${PAGE}`.execute(trx);
      if (rows.length === 0) return total;
      const values = rows.map((r) => {
        const next = rewrite(r, from, to);
        return sql`(${sql.join([
          sql`${r.id}`,
          ...written.map((c) => sql`${next[c] ?? null}::${sql.raw(types[c]!)}`),
        ])})`;
      });
      await sql`update ${sql.table(table)} t
        set ${sql.join(written.map((c) => sql`${sql.ref(c)} = v.${sql.ref(c)}`))}
        from (values ${sql.join(values)}) as v (id, ${sql.join(written.map((c) => sql.ref(c)))})
        where t.id::text = v.id`.execute(trx);
      total += rows.length;
      after = rows[rows.length - 1]!.id;
    }
  };
}

/**
 * A table whose encrypted columns are re-encrypted as they are, and whose keyed hashes become
 * the new key's hash of another column's plaintext (`hmacOf`: hash column → encrypted column).
 */
export function rekeyColumns(
  table: keyof DB & string,
  encrypted: string[],
  hmacOf: Record<string, string> = {},
): Rekeyer {
  const types = Object.fromEntries([...encrypted, ...Object.keys(hmacOf)].map((c) => [c, 'text']));
  return rekeyTable(table, encrypted, types, (r, from, to) => {
    const plain = (c: string) => (r[c] ? from.decrypt(r[c] as string) : null);
    const out: Record<string, Value> = {};
    for (const c of encrypted) {
      const p = plain(c);
      out[c] = p === null ? null : to.encrypt(p);
    }
    for (const [h, c] of Object.entries(hmacOf)) {
      const p = plain(c);
      out[h] = p === null ? null : to.lookupHash(p);
    }
    return out;
  });
}

export async function rotateData(
  db: Kysely<DB>,
  from: DataCipher,
  to: DataCipher,
  rekeyers: Record<string, Rekeyer>,
): Promise<Record<string, number>> {
  return db.transaction().execute(async (trx) => {
    const counts: Record<string, number> = {};
    for (const [name, rekey] of Object.entries(rekeyers)) counts[name] = await rekey(trx, from, to);
    return counts;
  });
}

// ---- the key file ----

export const keyFile = (dataDir: string) => path.join(dataDir, 'keys', 'data.key');
export const pendingKeyFile = (dataDir: string) => `${keyFile(dataDir)}.next`;

/** A new random key written as the pending key (0600), before the data are rewritten. */
export function writePendingKey(dataDir: string): Buffer {
  const key = crypto.randomBytes(32);
  fs.writeFileSync(pendingKeyFile(dataDir), key.toString('hex'), { mode: 0o600 });
  return key;
}

/** After the commit: the old key is kept as data.key.old-<time>, the new one takes its place. */
export function promotePendingKey(dataDir: string): string {
  const old = `${keyFile(dataDir)}.old-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  fs.copyFileSync(keyFile(dataDir), old);
  fs.renameSync(pendingKeyFile(dataDir), keyFile(dataDir));
  return old;
}
