import { sql, type Compilable, type Kysely, type RawBuilder } from 'kysely';
import { isPrepared, PREPARED } from './database.js';

/** A query builder, or raw SQL such as `insertRows` makes. */
export type Statement = Compilable | RawBuilder<unknown>;

/**
 * Run several data-modifying statements (INSERT, UPDATE, DELETE builders) as one statement,
 * `with w0 as (…), w1 as (…) select 1`: one round trip, and all or nothing. Foreign keys
 * between them hold, because PostgreSQL checks them when the whole statement ends. The
 * statements must not depend on each other's effects (they all see the same snapshot).
 */
export async function executeTogether<DB>(
  db: Kysely<DB>,
  writes: readonly (Statement | null)[],
): Promise<void> {
  const all = writes.filter((w): w is Statement => w !== null);
  if (all.length === 0) return;
  const compiled = all.map((w) => ('isRawBuilder' in w ? w.compile(db) : w.compile()));
  if (compiled.length === 1) {
    await db.executeQuery(compiled[0]!);
    return;
  }
  // made of prepared statements (fixed texts), the whole is prepared too
  const prepared = compiled.every((c) => isPrepared(c.sql));
  await sql`with ${sql.join(
    all.map((w, i) => sql`${sql.raw(`w${i}`)} as (${w})`),
  )} select 1${prepared ? PREPARED : sql``}`.execute(db);
}
