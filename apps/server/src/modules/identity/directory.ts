import { maskName } from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import { pathWithin } from '../../platform/db/path-within.js';
import { AppError } from '../../platform/errors.js';
import type { DB } from '../../platform/db/schema.js';

/**
 * What other modules may know of accounts, asked through these functions instead of reading
 * `accounts` and `role_bindings` themselves: display names, who holds a role at an area, and
 * the encrypted phone a text goes to. Each takes many ids at once (one query, never one per row).
 */

/** Display names by account id; ids with no account are left out. */
export async function accountNames(
  db: Kysely<DB>,
  ids: readonly (string | null | undefined)[],
): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .selectFrom('accounts')
    .select(['id', 'display_name'])
    .where('id', 'in', wanted)
    .execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/** The display name of an active account, or a 400 that names `field`. */
export async function requireActiveAccount(
  db: Kysely<DB>,
  id: string,
  field: string,
): Promise<string> {
  const a = await db
    .selectFrom('accounts')
    .select(['display_name', 'disabled'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!a || a.disabled)
    throw AppError.invalid(field, 'exists', `${field}: no active account ${id}`);
  return a.display_name;
}

/**
 * Does the account hold a role (one of `roles`, or any) bound at the area at `areaPath` or
 * above it, so that its work reaches that area? Whom a case may be put on.
 */
export async function holdsRoleWithin(
  db: Kysely<DB>,
  accountId: string,
  areaPath: string,
  roles?: readonly string[],
): Promise<boolean> {
  const codes = areaPath.split('/');
  const above = codes.map((_, i) => codes.slice(0, i + 1).join('/'));
  let q = db
    .selectFrom('role_bindings')
    .select('id')
    .where('account_id', '=', accountId)
    .where('area_path', 'in', above);
  if (roles) q = q.where('role', 'in', roles);
  return !!(await q.limit(1).executeTakeFirst());
}

/** Accounts bound as `roles` at exactly these areas, by area code: whom to tell about a queue. */
export async function accountsBoundAt(
  db: Kysely<DB>,
  areaCodes: readonly string[],
  roles: readonly string[],
): Promise<Map<string, string[]>> {
  const byArea = new Map<string, string[]>();
  if (areaCodes.length === 0) return byArea;
  const rows = await db
    .selectFrom('role_bindings')
    .select(['area_code', 'account_id'])
    .distinct()
    .where('area_code', 'in', [...new Set(areaCodes)])
    .where('role', 'in', roles)
    .execute();
  for (const r of rows) byArea.set(r.area_code, [...(byArea.get(r.area_code) ?? []), r.account_id]);
  return byArea;
}

export interface SmsContact {
  /** the phone under the data key, or null when the account has none */
  phoneEnc: string | null;
  phoneMasked: string | null;
}

/** Where a text to each account goes (encrypted), by account id. */
export async function smsContacts(
  db: Kysely<DB>,
  ids: readonly string[],
): Promise<Map<string, SmsContact>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('accounts')
    .select(['id', 'phone_enc', 'phone_masked'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, { phoneEnc: r.phone_enc, phoneMasked: r.phone_masked }]));
}

export interface PhoneHolder {
  id: string;
  disabled: boolean;
  /** holds a role other than `resident`: signs in by password (and TOTP), never by SMS code */
  isStaff: boolean;
}

/** The account that holds a phone (by its keyed hash), if any: at most one (a unique index). */
export async function accountByPhone(
  db: Kysely<DB>,
  phoneHmac: string,
): Promise<PhoneHolder | null> {
  const row = await db
    .selectFrom('accounts as a')
    .select((eb) => [
      'a.id',
      'a.disabled',
      eb
        .exists(
          eb
            .selectFrom('role_bindings as rb')
            .select('rb.id')
            .whereRef('rb.account_id', '=', 'a.id')
            .where('rb.role', '<>', 'resident'),
        )
        .as('is_staff'),
    ])
    .where('a.phone_hmac', '=', phoneHmac)
    .executeTakeFirst();
  return row ? { id: row.id, disabled: row.disabled, isStaff: Boolean(row.is_staff) } : null;
}

export interface AreaAccount {
  id: string;
  username: string;
  displayName: string;
  /** holds a role other than `resident` bound at the area or below it */
  staff: boolean;
}

/**
 * Active accounts with a role bound at the area at `areaPath` or below it (its staff, and its
 * verified residents, whose `resident` role is bound at their compound), in user-name order:
 * whose user name or display name starts with `prefix`, or those of `ids`; at most `limit`.
 * Whom a committee may hand work to (an owners' vote's campaign visits).
 */
export async function accountsWithin(
  db: Kysely<DB>,
  areaPath: string,
  o: { prefix?: string; ids?: readonly string[]; limit: number },
): Promise<AreaAccount[]> {
  if (o.ids && o.ids.length === 0) return [];
  const prefix = o.prefix?.trim();
  const like = prefix ? `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const rows = await db
    .selectFrom('accounts as a')
    .innerJoin('role_bindings as rb', 'rb.account_id', 'a.id')
    .select((eb) => [
      'a.id',
      'a.username',
      'a.display_name',
      eb.fn.max(sql<number>`case when rb.role <> 'resident' then 1 else 0 end`).as('staff'),
    ])
    .where('a.disabled', '=', false)
    .where(pathWithin('rb.area_path', [areaPath]))
    .$if(!!o.ids, (q) => q.where('a.id', 'in', [...o.ids!]))
    .$if(!!like, (q) =>
      q.where((eb) =>
        eb.or([eb('a.username', 'ilike', like!), eb('a.display_name', 'like', like!)]),
      ),
    )
    .groupBy(['a.id', 'a.username', 'a.display_name'])
    .orderBy('a.username')
    .limit(o.limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    staff: Number(r.staff) === 1,
  }));
}

export interface CommitteeAccount {
  id: string;
  /** the display name; a resident's masked */
  name: string;
  kind: 'staff' | 'resident';
}

/**
 * Whom a committee may hand work to (an owners' vote's campaign visits, an elevator project's
 * volunteers): its staff and its verified residents, active, by user or display name prefix
 * `q` or exactly `ids`; at most `limit`, residents' names masked.
 */
export async function committeeAccounts(
  db: Kysely<DB>,
  o: { committeePath: string; q?: string | undefined; ids?: readonly string[]; limit: number },
): Promise<CommitteeAccount[]> {
  const accounts = await accountsWithin(db, o.committeePath, {
    ...(o.q !== undefined ? { prefix: o.q } : {}),
    ...(o.ids ? { ids: o.ids } : {}),
    limit: o.limit,
  });
  return accounts.map((a) => ({
    id: a.id,
    name: a.staff ? a.displayName : maskName(a.displayName),
    kind: a.staff ? 'staff' : 'resident',
  }));
}
