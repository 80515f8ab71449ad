import { sql, type Compilable, type Kysely } from 'kysely';

/**
 * Run several data-modifying statements (INSERT, UPDATE, DELETE builders) as one statement,
 * `with w0 as (…), w1 as (…) select 1`: one round trip, and all or nothing. Foreign keys
 * between them hold, because PostgreSQL checks them when the whole statement ends. The
 * statements must not depend on each other's effects (they all see the same snapshot).
 */
export async function executeTogether<DB>(
  db: Kysely<DB>,
  writes: readonly (Compilable | null)[],
): Promise<void> {
  const all = writes.filter((w): w is Compilable => w !== null);
  if (all.length === 0) return;
  if (all.length === 1) {
    await db.executeQuery(all[0]!.compile());
    return;
  }
  await sql`with ${sql.join(
    all.map((w, i) => sql`${sql.raw(`w${i}`)} as (${w})`),
  )} select 1`.execute(db);
}
