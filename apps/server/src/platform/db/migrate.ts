import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Db } from './database.js';

const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../migrations');

interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

function readMigrations(): Migration[] {
  return fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{4}-[a-z0-9-]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const text = fs.readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8');
      return {
        version: Number(file.slice(0, 4)),
        name: file,
        sql: text,
        checksum: crypto.createHash('sha256').update(text).digest('hex'),
      };
    });
}

/**
 * Apply the plain-SQL migrations not yet applied, each in its own transaction, forward only.
 * An advisory lock keeps two starting processes from migrating at once.
 * @returns the names of the migrations applied now
 */
export async function migrate(db: Db): Promise<string[]> {
  const applied: string[] = [];
  await db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(7310000)`.execute(conn);
    try {
      await sql`create table if not exists schema_migrations (
        version integer primary key, name text not null, checksum text not null,
        applied_at timestamptz not null default now())`.execute(conn);
      const done = new Map(
        (await conn.selectFrom('schema_migrations').selectAll().execute()).map((r) => [
          r.version,
          r,
        ]),
      );
      for (const m of readMigrations()) {
        const prior = done.get(m.version);
        if (prior) {
          if (prior.checksum !== m.checksum) {
            throw new Error(
              `Migration ${m.name} was changed after it was applied. Migrations are forward only: ` +
                'restore the file and add a new one.',
            );
          }
          continue;
        }
        await conn.transaction().execute(async (trx) => {
          await sql.raw(m.sql).execute(trx);
          await trx
            .insertInto('schema_migrations')
            .values({ version: m.version, name: m.name, checksum: m.checksum })
            .execute();
        });
        applied.push(m.name);
      }
    } finally {
      await sql`select pg_advisory_unlock(7310000)`.execute(conn);
    }
  });
  return applied;
}
