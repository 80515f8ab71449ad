import type { Kysely } from 'kysely';
import type { CouncilRole } from '@cc/contracts';
import type { DB } from '../../platform/db/schema.js';

/** A council's row (with its fund's running totals), or undefined. */
export function findCouncil(db: Kysely<DB>, id: string) {
  return db.selectFrom('councils').selectAll().where('id', '=', id).executeTakeFirst();
}
export type CouncilRecord = NonNullable<Awaited<ReturnType<typeof findCouncil>>>;

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
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return row ? { memberId: row.member_id, role: row.role as CouncilRole } : null;
}
