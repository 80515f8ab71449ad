import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

/**
 * The SQL of building groups: the leaders this module keeps, and the verified residents of
 * buildings as the residents module publishes them (`resident_links`, a shared read model).
 */

export interface LeaderRow {
  building_id: string;
  account_id: string;
}

/** The leaders of these buildings, by building id. */
export async function leadersOf(
  db: Kysely<DB>,
  buildingIds: readonly string[],
): Promise<Map<string, string>> {
  const ids = [...new Set(buildingIds)];
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('building_leaders')
    .select(['building_id', 'account_id'])
    .where('building_id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.building_id, r.account_id]));
}

/** Is the account a verified resident of the building? */
export async function isVerifiedMember(
  db: Kysely<DB>,
  buildingId: string,
  accountId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('resident_links')
    .select('account_id')
    .where('account_id', '=', accountId)
    .where('building_id', '=', buildingId)
    .where('status', '=', 'verified')
    .executeTakeFirst();
  return !!row;
}

/** The number of verified residents of one building (an index-only count of its links). */
export async function memberCount(db: Kysely<DB>, buildingId: string): Promise<number> {
  const row = await db
    .selectFrom('resident_links')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('building_id', '=', buildingId)
    .where('status', '=', 'verified')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The buildings of an area (a committee, or a compound) that have verified residents, with
 * how many: one grouped read over the links' area index.
 */
export async function buildingsWithMembers(
  db: Kysely<DB>,
  areaPath: string,
): Promise<{ buildingId: string; members: number }[]> {
  const below = `${areaPath.replace(/[\\%_]/g, '\\$&')}/%`;
  const rows = await db
    .selectFrom('resident_links')
    .select(['building_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('status', '=', 'verified')
    .where((eb) => eb.or([eb('area_path', '=', areaPath), eb('area_path', 'like', below)]))
    .groupBy('building_id')
    .execute();
  return rows.map((r) => ({ buildingId: r.building_id, members: Number(r.n) }));
}

/** The verified residents of a building (at most 1,000): account, room, in room order. */
export async function membersOf(
  db: Kysely<DB>,
  buildingId: string,
): Promise<{ account_id: string; room_id: string }[]> {
  return db
    .selectFrom('resident_links')
    .select(['account_id', 'room_id'])
    .where('building_id', '=', buildingId)
    .where('status', '=', 'verified')
    .orderBy('room_id')
    .orderBy('account_id')
    .limit(1000)
    .execute();
}

/** Make `accountId` the building's leader (replacing any); returns the previous leader. */
export async function putLeader(
  trx: Kysely<DB>,
  row: {
    buildingId: string;
    accountId: string;
    committeeCode: string;
    areaPath: string;
    by: string | null;
  },
): Promise<string | null> {
  const before = await trx
    .selectFrom('building_leaders')
    .select('account_id')
    .where('building_id', '=', row.buildingId)
    .forUpdate()
    .executeTakeFirst();
  await trx
    .insertInto('building_leaders')
    .values({
      building_id: row.buildingId,
      account_id: row.accountId,
      committee_code: row.committeeCode,
      area_path: row.areaPath,
      appointed_by: row.by,
    })
    .onConflict((oc) =>
      oc.column('building_id').doUpdateSet({
        account_id: row.accountId,
        committee_code: row.committeeCode,
        area_path: row.areaPath,
        appointed_by: row.by,
        appointed_at: sql`now()`,
      }),
    )
    .execute();
  return before?.account_id ?? null;
}

/** End the building's leadership; returns whom it ended for (null: there was none). */
export async function deleteLeader(trx: Kysely<DB>, buildingId: string): Promise<string | null> {
  const row = await trx
    .deleteFrom('building_leaders')
    .where('building_id', '=', buildingId)
    .returning('account_id')
    .executeTakeFirst();
  return row?.account_id ?? null;
}

/**
 * End the leaderships of accounts no longer verified residents of their building (revoked, or
 * moved to another one): `stay` maps an account to the building it lives in now (omitted:
 * it lives in none). Returns the rows ended.
 */
export async function endLeaderships(
  trx: Kysely<DB>,
  accountIds: readonly string[],
  stay?: string,
): Promise<(LeaderRow & { area_path: string })[]> {
  const ids = [...new Set(accountIds)];
  if (ids.length === 0) return [];
  let q = trx.deleteFrom('building_leaders').where('account_id', 'in', ids);
  if (stay) q = q.where('building_id', '<>', stay);
  return q.returning(['building_id', 'account_id', 'area_path']).execute();
}
