import type { VolunteerAreaRef, VolunteerStatus, VolunteerSummary } from '@cc/contracts';
import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { findAreaCached } from '../areas/index.js';
import type { VolunteersTable } from './volunteers.tables.js';

/** A volunteer as stored (names and phones under the data key, masked copies beside them). */
export type VolunteerRow = Selectable<VolunteersTable>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (id: string): boolean => UUID.test(id);

/** One volunteer by id (none for an id that is no uuid). */
export async function findVolunteer(db: Kysely<DB>, id: string): Promise<VolunteerRow | undefined> {
  if (!isUuid(id)) return undefined;
  return db.selectFrom('volunteers').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The volunteer profile of an account (whatever its status), if it has one. */
export async function volunteerOfAccount(
  db: Kysely<DB>,
  accountId: string,
): Promise<VolunteerRow | undefined> {
  return db
    .selectFrom('volunteers')
    .selectAll()
    .where('account_id', '=', accountId)
    .executeTakeFirst();
}

/** Areas by code as { code, name } (names from the cached area catalog); unknown codes named by code. */
export async function areaRefs(
  db: Kysely<DB>,
  codes: readonly string[],
): Promise<Map<string, VolunteerAreaRef>> {
  const out = new Map<string, VolunteerAreaRef>();
  for (const code of new Set(codes)) {
    const a = await findAreaCached(db, code);
    out.set(code, { code, name: a?.name ?? code });
  }
  return out;
}

/** The summary of a row, its committee named; `name` overrides the masked name (the volunteer's own view). */
export function summaryOf(
  row: VolunteerRow,
  committee: VolunteerAreaRef,
  name?: string,
): VolunteerSummary {
  return {
    id: row.id,
    name: name ?? row.name_masked,
    phone: row.phone_masked,
    hasAccount: row.account_id !== null,
    committee,
    skills: row.skills,
    status: row.status as VolunteerStatus,
    totalMinutes: Number(row.total_minutes),
    joinedAt: new Date(row.joined_at).toISOString(),
  };
}

/** The summary of one volunteer (masked name and phone). */
export async function toVolunteerSummary(
  db: Kysely<DB>,
  row: VolunteerRow,
): Promise<VolunteerSummary> {
  const refs = await areaRefs(db, [row.committee_code]);
  return summaryOf(row, refs.get(row.committee_code)!);
}

/** The summaries of many volunteers, in order (area names read once per committee). */
export async function toVolunteerSummaries(
  db: Kysely<DB>,
  rows: readonly VolunteerRow[],
): Promise<VolunteerSummary[]> {
  const refs = await areaRefs(
    db,
    rows.map((r) => r.committee_code),
  );
  return rows.map((r) => summaryOf(r, refs.get(r.committee_code)!));
}
