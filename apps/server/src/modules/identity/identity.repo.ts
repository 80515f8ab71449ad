import type { Role } from '@cc/contracts';
import type { Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Binding } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';

export function findAccountByUsername(db: Kysely<DB>, username: string) {
  return db.selectFrom('accounts').selectAll().where('username', '=', username).executeTakeFirst();
}

/** The account that holds a phone, by the phone's keyed hash (one at most: a unique index). */
export function findAccountByPhoneHmac(db: Kysely<DB>, phoneHmac: string) {
  return db
    .selectFrom('accounts')
    .selectAll()
    .where('phone_hmac', '=', phoneHmac)
    .executeTakeFirst();
}

export function findAccountById(db: Kysely<DB>, id: string) {
  return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Role bindings with their area's name, for many accounts in one query. */
export async function findBindings(
  db: Kysely<DB>,
  accountIds: string[],
): Promise<Map<string, Binding[]>> {
  const out = new Map<string, Binding[]>(accountIds.map((id) => [id, []]));
  if (accountIds.length === 0) return out;
  const rows = await db
    .selectFrom('role_bindings as rb')
    .innerJoin('areas as a', 'a.code', 'rb.area_code')
    .select([
      'rb.id',
      'rb.account_id',
      'rb.role',
      'rb.area_code',
      'rb.area_path',
      'a.name as area_name',
      'a.level as area_level',
    ])
    .where('rb.account_id', 'in', accountIds)
    .orderBy('rb.created_at')
    .orderBy('rb.id')
    .execute();
  for (const r of rows) {
    out.get(r.account_id)!.push({
      id: r.id,
      role: r.role as Role,
      areaCode: r.area_code,
      areaPath: r.area_path,
      areaName: r.area_name,
      areaLevel: r.area_level,
    });
  }
  return out;
}

/** The session, its account and the account's role bindings: one query per request. */
export function findSession(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .select((eb) => [
      's.id',
      's.account_id',
      's.last_seen_at',
      's.expires_at',
      's.enrol_only',
      'a.username',
      'a.display_name',
      'a.disabled',
      jsonArrayFrom(
        eb
          .selectFrom('role_bindings as rb')
          .innerJoin('areas as ar', 'ar.code', 'rb.area_code')
          .select([
            'rb.id',
            'rb.role',
            'rb.area_code as areaCode',
            'rb.area_path as areaPath',
            'ar.name as areaName',
            'ar.level as areaLevel',
          ])
          .whereRef('rb.account_id', '=', 's.account_id')
          .orderBy('rb.created_at')
          .orderBy('rb.id'),
      ).as('bindings'),
    ])
    .where('s.id', '=', id)
    .executeTakeFirst();
}
