import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { DB } from '../../platform/db/schema.js';
import { forgetAccountSessions } from './session-cache.js';

/**
 * The `resident` role of a verified account, bound and unbound by the residents module inside
 * its own transaction (a verification approved, a link revoked). After the commit, call
 * `forgetResidentSessions` so that the accounts' sessions read their roles again.
 */

/** Bind `resident` at the area (a compound) for the account; nothing if it is already bound. */
export async function bindResidentRole(
  trx: Kysely<DB>,
  o: { accountId: string; areaCode: string; areaPath: string; by: string | null },
): Promise<void> {
  await trx
    .insertInto('role_bindings')
    .values({
      id: crypto.randomUUID(),
      account_id: o.accountId,
      role: 'resident',
      area_code: o.areaCode,
      area_path: o.areaPath,
      created_by: o.by,
    })
    .onConflict((oc) => oc.columns(['account_id', 'role', 'area_code']).doNothing())
    .execute();
}

/** Unbind `resident` at each account's area; gives back how many bindings went. */
export async function unbindResidentRoles(
  trx: Kysely<DB>,
  bindings: readonly { accountId: string; areaCode: string }[],
): Promise<number> {
  if (bindings.length === 0) return 0;
  const r = await trx
    .deleteFrom('role_bindings')
    .where('role', '=', 'resident')
    .where((eb) =>
      eb(
        eb.refTuple('account_id', 'area_code'),
        'in',
        bindings.map((b) => eb.tuple(b.accountId, b.areaCode)),
      ),
    )
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** The accounts' sessions read their roles again (in this process at once; elsewhere soon). */
export function forgetResidentSessions(db: Db, accountIds: readonly string[]): void {
  for (const id of accountIds) forgetAccountSessions(db, id);
}
