import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

/**
 * For the property module: the households of each compound of the given committees — as the
 * one screen counts them, the distinct households of the residents present — in one grouped
 * read over the committees' residents (residents_committee_idx).
 */
export async function householdsByCompound(
  db: Kysely<DB>,
  committeeCodes: readonly string[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (committeeCodes.length === 0) return out;
  const rows = await db
    .selectFrom('residents as p')
    .innerJoin('rooms as r', 'r.id', 'p.room_id')
    .innerJoin('buildings as b', 'b.id', 'r.building_id')
    .select(['b.compound_code', sql<number>`count(distinct p.household_id)`.as('n')])
    .where('p.committee_code', '=', sql<string>`any(${sql.val([...committeeCodes])}::text[])`)
    .where('p.status', '=', 'present')
    .groupBy('b.compound_code')
    .execute();
  for (const r of rows) out.set(r.compound_code, Number(r.n));
  return out;
}
