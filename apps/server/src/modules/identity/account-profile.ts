import type { Kysely } from 'kysely';
import type { Binding } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { SESSION_IDLE_MS } from './auth.service.js';
import * as repo from './identity.repo.js';

/**
 * What one sign-on (the sso module) asks of an account: who it is, whether it is disabled, its
 * role bindings with their areas' names and its phone under the data key — the makings of the
 * claims a department system is given; and whether the person is still signed in here.
 */
export interface AccountProfile {
  id: string;
  username: string;
  displayName: string;
  disabled: boolean;
  /** the mobile under the data key, or null */
  phoneEnc: string | null;
  bindings: Binding[];
}

/** The account's profile, or null when there is no such account. */
export async function accountProfile(db: Kysely<DB>, id: string): Promise<AccountProfile | null> {
  const a = await repo.findAccountById(db, id);
  if (!a) return null;
  const bindings = (await repo.findBindings(db, [id])).get(id) ?? [];
  return {
    id: a.id,
    username: a.username,
    displayName: a.display_name,
    disabled: a.disabled,
    phoneEnc: a.phone_enc,
    bindings,
  };
}

/**
 * Has the account a full session here that has neither expired nor idled out (an
 * enrolment-only one does not count)? A department system's sign-on lasts no longer.
 */
export async function hasLiveSession(db: Kysely<DB>, accountId: string): Promise<boolean> {
  const now = Date.now();
  const row = await db
    .selectFrom('sessions')
    .select('id')
    .where('account_id', '=', accountId)
    .where('enrol_only', '=', false)
    .where('expires_at', '>', new Date(now))
    .where('last_seen_at', '>', new Date(now - SESSION_IDLE_MS))
    .limit(1)
    .executeTakeFirst();
  return !!row;
}
