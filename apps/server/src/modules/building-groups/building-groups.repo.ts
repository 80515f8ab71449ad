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

/** The buildings the account leads (楼组长): moderation's provider (its queue and canDecide). */
export async function buildingsLedBy(db: Kysely<DB>, accountId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('building_leaders')
    .select('building_id')
    .where('account_id', '=', accountId)
    .execute();
  return rows.map((r) => r.building_id);
}

/** The building's leader as a list (moderation tells them when a post there is hidden). */
export async function leaderOfBuilding(db: Kysely<DB>, buildingId: string): Promise<string[]> {
  const leader = (await leadersOf(db, [buildingId])).get(buildingId);
  return leader ? [leader] : [];
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

/** The number of verified residents of each of these buildings: one grouped read of a page's. */
export async function memberCounts(
  db: Kysely<DB>,
  buildingIds: readonly string[],
): Promise<Map<string, number>> {
  if (buildingIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('resident_links')
    .select(['building_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('building_id', 'in', [...new Set(buildingIds)])
    .where('status', '=', 'verified')
    .groupBy('building_id')
    .execute();
  return new Map(rows.map((r) => [r.building_id, Number(r.n)]));
}

/** The committees at or below an area (a street's, or the committee itself). */
export async function committeesAt(
  db: Kysely<DB>,
  area: { code: string; path: string; level: string },
): Promise<string[]> {
  if (area.level === 'committee') return [area.code];
  const below = `${area.path.replace(/[\\%_]/g, '\\$&')}/%`;
  const rows = await db
    .selectFrom('areas')
    .select('code')
    .where('level', '=', 'committee')
    .where('path', 'like', below)
    .execute();
  return rows.map((r) => r.code);
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
