import type { Kysely, Selectable } from 'kysely';
import type { CouncilRole, CouncilRules } from '@cc/contracts';
import type { DB } from '../../platform/db/schema.js';
import type { CouncilMembersTable } from './councils.tables.js';

/**
 * An id from a body or a path, as the database gives ids back: lower case. A uuid may be
 * written in either case; compare and store it only after this, so the same id twice is one.
 */
export const normalizeId = (id: string): string => id.toLowerCase();

/** A council's row (with its fund's running totals), or undefined. */
export function findCouncil(db: Kysely<DB>, id: string) {
  return db.selectFrom('councils').selectAll().where('id', '=', normalizeId(id)).executeTakeFirst();
}
export type CouncilRecord = NonNullable<Awaited<ReturnType<typeof findCouncil>>>;

/**
 * The council's row, locked for this transaction (`FOR UPDATE`): one change at a time to its
 * members and its fund. Throws when there is no such council (callers found it first).
 */
export function lockCouncil(trx: Kysely<DB>, councilId: string): Promise<CouncilRecord> {
  return trx
    .selectFrom('councils')
    .selectAll()
    .where('id', '=', normalizeId(councilId))
    .forUpdate()
    .executeTakeFirstOrThrow();
}

/** The council's rules from its row (jsonb comes back parsed on one driver, as text on another). */
export function councilRules(row: { rules: unknown }): CouncilRules {
  const r = (typeof row.rules === 'string' ? JSON.parse(row.rules) : row.rules) as {
    expenseApprovals?: number;
  } | null;
  return { expenseApprovals: r?.expenseApprovals ?? 1 };
}

export type MemberRow = Selectable<CouncilMembersTable>;

/** An active member (not left) of the council, or undefined. */
export function findActiveMember(
  db: Kysely<DB>,
  councilId: string,
  memberId: string,
): Promise<MemberRow | undefined> {
  return db
    .selectFrom('council_members')
    .selectAll()
    .where('council_id', '=', normalizeId(councilId))
    .where('id', '=', normalizeId(memberId))
    .where('left_at', 'is', null)
    .executeTakeFirst();
}

/** The representative row of `accountId` in the council, or null. */
export async function representativeOf(
  db: Kysely<DB>,
  councilId: string,
  accountId: string,
): Promise<{ memberId: string; role: CouncilRole } | null> {
  const row = await db
    .selectFrom('council_representatives')
    .select(['member_id', 'role'])
    .where('council_id', '=', councilId)
    .where('account_id', '=', normalizeId(accountId))
    .executeTakeFirst();
  return row ? { memberId: row.member_id, role: row.role as CouncilRole } : null;
}
