import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';

/**
 * Sign-in limits, counted in the database in single statements, so concurrent attempts and
 * several app processes cannot slip past them (issue 18: 19 concurrent wrong passwords used to
 * read the same counter and never lock).
 *
 * An attempt claims its place *before* the password is checked: an account allows
 * MAX_FAILED_LOGINS checks, then locks for LOCKOUT_MS; an address allows `perAddress` failed
 * attempts in a window of ADDRESS_WINDOW_MS, then is locked out for LOCKOUT_MS. A success gives
 * the account a clean slate and the address its one claim back. Neither answer says which
 * limit struck (auth.service.ts gives one answer for every refusal).
 */
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;
export const ADDRESS_WINDOW_MS = 15 * 60 * 1000;

const interval = (ms: number) => sql`${`${ms} milliseconds`}::interval`;

/**
 * One password check for the account, or false while it is locked. The claim that reaches
 * MAX_FAILED_LOGINS sets the lock at once (lifted again if that attempt succeeds), so a process
 * that dies mid-check cannot leave the account open or locked for good.
 */
export async function claimAccountAttempt(db: Db, accountId: string): Promise<boolean> {
  const { rows } = await sql<{ failed_logins: number }>`
    update accounts set
      failed_logins = case when locked_until is null then failed_logins + 1 else 1 end,
      locked_until = case
        when (case when locked_until is null then failed_logins + 1 else 1 end) >= ${MAX_FAILED_LOGINS}
        then now() + ${interval(LOCKOUT_MS)}
        else null end
    where id = ${accountId} and (locked_until is null or locked_until <= now())
    returning failed_logins`.execute(db);
  return rows.length > 0;
}

/** After a successful sign-in: the account's count starts again. */
export async function clearAccountFailures(db: Db, accountId: string): Promise<void> {
  await db
    .updateTable('accounts')
    .set({ failed_logins: 0, locked_until: null })
    .where('id', '=', accountId)
    .execute();
}

/** One attempt from the address, or false while it is locked out. */
export async function claimAddressAttempt(
  db: Db,
  address: string,
  perAddress: number,
): Promise<boolean> {
  const { rows } = await sql<{ failures: number }>`
    insert into sign_in_failures as f (address, failures, window_ends_at)
    values (${address}, 1, now() + ${interval(ADDRESS_WINDOW_MS)})
    on conflict (address) do update set
      failures = case when f.window_ends_at <= now() then 1 else f.failures + 1 end,
      window_ends_at = case
        when f.window_ends_at <= now() then now() + ${interval(ADDRESS_WINDOW_MS)}
        when f.failures + 1 >= ${perAddress} then now() + ${interval(LOCKOUT_MS)}
        else f.window_ends_at end
    where f.window_ends_at <= now() or f.failures < ${perAddress}
    returning failures`.execute(db);
  return rows.length > 0;
}

/** A successful sign-in does not count against its address. */
export async function refundAddressAttempt(db: Db, address: string): Promise<void> {
  await sql`update sign_in_failures set failures = greatest(failures - 1, 0)
    where address = ${address}`.execute(db);
}

/** Windows long past: nothing left to count. */
export async function purgeAddressFailures(db: Db): Promise<void> {
  await sql`delete from sign_in_failures where window_ends_at < now() - interval '1 day'`.execute(
    db,
  );
}
