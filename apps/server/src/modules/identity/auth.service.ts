import crypto from 'node:crypto';
import { maskPhone, normalizeMainlandMobile, type Me, type Role } from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { Actor, Ctx } from '../../platform/context.js';
import { sha256 } from '../../platform/crypto.js';
import type { Db } from '../../platform/db/database.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { addressKey } from './address-key.js';
import { sessionsEnded, type SessionsEnded } from './identity.events.js';
import * as repo from './identity.repo.js';
import { burnPasswordCheck, hashPassword, verifyPassword } from './password.js';
import { checkPasswordPolicy } from './password-policy.js';
import { useRecoveryCode } from './recovery-codes.js';
import { needsSecondFactor } from './second-factor.js';
import {
  cacheEpoch,
  cacheSession,
  forgetAccountSessions,
  forgetSession,
  getCachedSession,
} from './session-cache.js';
import {
  claimAccountAttempt,
  claimAddressAttempt,
  clearAccountFailures,
  refundAddressAttempt,
} from './sign-in-throttle.js';
import { base32Decode, matchTotp } from './totp.js';

export const SESSION_IDLE_MS = 30 * 60 * 1000;
export const SESSION_MAX_MS = 12 * 60 * 60 * 1000;
/** A session that may only enrol a second factor lasts this long at most. */
export const ENROLMENT_SESSION_MS = 10 * 60 * 1000;
/** last_seen_at is written at most this often, not on every request. */
const TOUCH_EVERY_MS = 60 * 1000;
export { LOCKOUT_MS, MAX_FAILED_LOGINS } from './sign-in-throttle.js';

/**
 * The one answer to a sign-in that fails for any reason but a missing or wrong second factor:
 * unknown user, wrong password, disabled account, account or address locked out. Same status,
 * code and message, no Retry-After, and an argon2 verification in every case (ASVS 2.2.1,
 * 3.x enumeration): nothing tells an account that exists from one that does not.
 */
const REFUSED =
  'Wrong user name or password, or too many failed attempts: try again later / 用户名或密码错误，或失败次数过多，请稍后再试';
const refused = () => AppError.unauthenticated(REFUSED);

export interface LoginInput {
  username: string;
  password: string;
  /** the 6-digit TOTP code, when the account has TOTP on */
  totp: string | null;
  /** in place of the TOTP code: one of the account's one-time recovery codes */
  recoveryCode?: string | null;
  userAgent: string | null;
  /** The session token the browser already had: ended, so a login always rotates it. */
  previousToken: string | null;
}

export interface LoginResult {
  token: string;
  me: Me;
  /** The session serves only the enrolment of TOTP (the account's roles need it, and it is off). */
  isEnrolmentOnly: boolean;
  /** Signed in with a recovery code: how many are left. */
  recoveryCodesLeft?: number;
  /** ms the session lasts at most */
  maxAgeMs: number;
}

/**
 * Check the password (and the TOTP code, or a recovery code, when the account has TOTP on)
 * within the account's and the address's limits, and open a fresh session: an enrolment-only
 * one when the account's roles need a second factor it does not have yet.
 */
export async function logIn(ctx: Ctx, input: LoginInput): Promise<LoginResult> {
  if (input.totp && input.recoveryCode) {
    throw AppError.invalid(
      'recoveryCode',
      'exclusive',
      'recoveryCode: give the 6-digit code or a recovery code, not both / 动态口令与恢复码只需填写一个',
    );
  }
  const username = input.username.trim().toLowerCase();
  const address = addressKey(ctx.ip);
  // a mainland mobile number signs in the account that holds it (user names start with a letter)
  const phone = normalizeMainlandMobile(username);
  const account = phone
    ? await repo.findAccountByPhoneHmac(ctx.db, ctx.cipher.lookupHash(phone))
    : await repo.findAccountByUsername(ctx.db, username);
  // the audit log keeps a phone masked
  const shown = phone ? maskPhone(phone) : username;
  const audit = { action: 'auth.login', objectType: 'account', objectId: account?.id ?? null };
  const refuse = async (outcome: 'failed' | 'denied', reason: string): Promise<never> => {
    await recordAudit(ctx, { ...audit, outcome, detail: { username: shown, reason } });
    throw refused();
  };

  if (!(await claimAddressAttempt(ctx.db, address, ctx.config.loginFailuresPerAddress))) {
    await burnPasswordCheck(input.password);
    return refuse('denied', 'address locked out');
  }
  if (!account) {
    await burnPasswordCheck(input.password);
    return refuse('failed', 'unknown user');
  }
  if (!(await claimAccountAttempt(ctx.db, account.id))) {
    await burnPasswordCheck(input.password);
    return refuse('denied', 'account locked');
  }
  const isRight = await verifyPassword(account.password_hash, input.password);
  if (!isRight || account.disabled) {
    return refuse('failed', isRight ? 'disabled' : 'wrong password');
  }

  const now = Date.now();
  let recoveryCodesLeft: number | undefined;
  if (account.totp_enabled_at && input.recoveryCode) {
    const used = await useRecoveryCode(ctx.db, ctx.cipher, account.id, input.recoveryCode);
    if (!used) {
      await recordAudit(ctx, {
        ...audit,
        outcome: 'failed',
        detail: { username: shown, reason: 'wrong recovery code' },
      });
      throw new AppError(
        'UNAUTHENTICATED',
        'recoveryCode: the recovery code is wrong or used already / 恢复码错误或已使用',
        { field: 'recoveryCode', rule: 'matches' },
      );
    }
    recoveryCodesLeft = used.left;
  } else if (account.totp_enabled_at) {
    const secret = base32Decode(ctx.cipher.decrypt(account.totp_secret_enc!));
    if (!input.totp) {
      await recordAudit(ctx, {
        ...audit,
        outcome: 'failed',
        detail: { username: shown, reason: 'no code' },
      });
      throw new AppError(
        'UNAUTHENTICATED',
        'totp: enter the 6-digit code from your authenticator app / 请输入身份验证器中的 6 位动态口令',
        { field: 'totp', rule: 'required' },
      );
    }
    const step = matchTotp(secret, input.totp, now / 1000);
    if (step === null || !(await useTotpStep(ctx.db, account.id, step))) {
      await recordAudit(ctx, {
        ...audit,
        outcome: 'failed',
        detail: { username: shown, reason: 'wrong code' },
      });
      throw new AppError(
        'UNAUTHENTICATED',
        'totp: the code is wrong, expired or used already / 动态口令错误、已过期或已使用',
        { field: 'totp', rule: 'matches' },
      );
    }
  }

  await clearAccountFailures(ctx.db, account.id);
  await refundAddressAttempt(ctx.db, address);
  const actor = await loadActor(ctx.db, account.id, account.username, account.display_name);
  // an account whose roles need a second factor signs in with one, or only to enrol one
  const isEnrolmentOnly =
    !account.totp_enabled_at &&
    needsSecondFactor(
      ctx.config,
      actor.bindings.map((b) => b.role),
    );
  const opened = await ctx.db.transaction().execute(async (trx) => {
    const session = await openSession(ctx, trx, {
      accountId: account.id,
      userAgent: input.userAgent,
      ends: { previousToken: input.previousToken },
      expiresAt: now + (isEnrolmentOnly ? ENROLMENT_SESSION_MS : SESSION_MAX_MS),
      isEnrolmentOnly,
    });
    if (recoveryCodesLeft !== undefined) {
      // a recovery code stood in for the authenticator app: its own row, with how many are left
      await recordAudit(
        { ...ctx, actor },
        {
          action: 'auth.totp.recovery_code.use',
          objectType: 'account',
          objectId: account.id,
          detail: { left: recoveryCodesLeft },
        },
        trx,
      );
    }
    await recordAudit(
      { ...ctx, actor },
      {
        ...audit,
        ...(isEnrolmentOnly ? { detail: { enrolmentOnly: true } } : {}),
        ...(recoveryCodesLeft !== undefined ? { detail: { secondFactor: 'recovery code' } } : {}),
      },
      trx,
    );
    return session;
  });
  forgetPreviousSession(ctx.db, input.previousToken);
  return {
    token: opened.token,
    me: toMe(actor),
    isEnrolmentOnly,
    maxAgeMs: opened.maxAgeMs,
    ...(recoveryCodesLeft !== undefined ? { recoveryCodesLeft } : {}),
  };
}

/** Take a TOTP time step for the account, once: a code accepted is not accepted again. */
export async function useTotpStep(db: Db, accountId: string, step: number): Promise<boolean> {
  const r = await db
    .updateTable('accounts')
    .set({ totp_last_step: step })
    .where('id', '=', accountId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export interface SessionOpening {
  accountId: string;
  userAgent: string | null;
  /**
   * The sessions that end with the new one: the browser's previous one (a sign-in or sign-up),
   * or every session of the account (a new credential: TOTP turned on, a password changed).
   */
  ends: { previousToken: string | null } | 'all';
  /** ms since the epoch; now + SESSION_MAX_MS unless given */
  expiresAt?: number;
  /** the session may only enrol TOTP */
  isEnrolmentOnly?: boolean;
}

/**
 * End every session of these accounts here, in `trx`, and tell the other modules (one sign-on
 * ends its sessions and the department systems are told, by a job after the commit). The
 * caller forgets the accounts' cached sessions once committed (`forgetAccountSessions`) and
 * may kick the job runner.
 */
export async function endAccountSessions(
  ctx: Ctx,
  trx: Kysely<DB>,
  accountIds: readonly string[],
  reason: SessionsEnded['reason'],
): Promise<void> {
  if (accountIds.length === 0) return;
  await trx
    .deleteFrom('sessions')
    .where('account_id', 'in', [...accountIds])
    .execute();
  for (const accountId of accountIds)
    await ctx.events.publish(trx, sessionsEnded, { accountId, reason });
}

/**
 * The one way a session opens (sign-in by password or code, sign-up, TOTP confirmed, password
 * changed or set): a fresh random token, stored only as its hash, written inside the caller's
 * transaction together with the end of the sessions it replaces. The caller sets the cookie;
 * once the transaction has committed it calls forgetAccountSessions after `ends: 'all'`, and
 * forgetPreviousSession after `ends: { previousToken }`.
 */
export async function openSession(
  ctx: Ctx,
  trx: Kysely<DB>,
  o: SessionOpening,
): Promise<{ token: string; maxAgeMs: number }> {
  const now = Date.now();
  const expiresAt = o.expiresAt ?? now + SESSION_MAX_MS;
  const token = crypto.randomBytes(32).toString('base64url');
  if (o.ends === 'all') {
    await endAccountSessions(ctx, trx, [o.accountId], 'sessions_reset');
  } else if (o.ends.previousToken) {
    await trx.deleteFrom('sessions').where('id', '=', sha256(o.ends.previousToken)).execute();
  }
  await trx
    .insertInto('sessions')
    .values({
      id: sha256(token),
      account_id: o.accountId,
      created_at: new Date(now),
      last_seen_at: new Date(now),
      expires_at: new Date(expiresAt),
      ip: ctx.ip,
      user_agent: o.userAgent?.slice(0, 300) ?? null,
      enrol_only: o.isEnrolmentOnly ?? false,
    })
    .execute();
  return { token, maxAgeMs: Math.max(0, expiresAt - now) };
}

export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
}

/**
 * Change the signed-in account's password: the current one is checked within the account's
 * sign-in limit, the new one against the policy; every session of the account ends and this
 * one continues under a new token (returned), with its original expiry.
 */
export async function changePassword(
  ctx: Ctx,
  token: string,
  body: PasswordChange,
  userAgent: string | null,
): Promise<{ token: string; maxAgeMs: number }> {
  const actor = ctx.actor!;
  checkPasswordPolicy(body.newPassword, 'newPassword');
  if (body.newPassword === body.currentPassword) {
    throw AppError.invalid(
      'newPassword',
      'different',
      'newPassword: the new password is the current one / 新密码不能与当前密码相同',
    );
  }
  const audit = { action: 'auth.password.change', objectType: 'account', objectId: actor.id };
  const account = await repo.findAccountById(ctx.db, actor.id);
  const wrong = async (outcome: 'failed' | 'denied', reason: string): Promise<never> => {
    await recordAudit(ctx, { ...audit, outcome, detail: { reason } });
    throw AppError.invalid(
      'currentPassword',
      'matches',
      'currentPassword: wrong password, or too many failed attempts / 当前密码错误，或失败次数过多',
    );
  };
  if (!account) throw AppError.unauthenticated();
  if (!(await claimAccountAttempt(ctx.db, account.id))) {
    await burnPasswordCheck(body.currentPassword);
    return wrong('denied', 'account locked');
  }
  if (!(await verifyPassword(account.password_hash, body.currentPassword))) {
    return wrong('failed', 'wrong password');
  }
  await clearAccountFailures(ctx.db, account.id);
  const passwordHash = await hashPassword(body.newPassword);
  const opened = await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('accounts')
      .set({ password_hash: passwordHash })
      .where('id', '=', account.id)
      .execute();
    const session = await continueSession(ctx, trx, token, userAgent);
    await recordAudit(ctx, audit, trx);
    return session;
  });
  forgetAccountSessions(ctx.db, account.id);
  return opened;
}

/**
 * After a new password: every session of the account ends, and this one (`token`) continues
 * under a new token with its original expiry.
 */
export async function continueSession(
  ctx: Ctx,
  trx: Kysely<DB>,
  token: string,
  userAgent: string | null,
): Promise<{ token: string; maxAgeMs: number }> {
  const current = await repo.findSession(trx, sha256(token));
  return openSession(ctx, trx, {
    accountId: ctx.actor!.id,
    userAgent,
    ends: 'all',
    ...(current ? { expiresAt: current.expires_at.getTime() } : {}),
  });
}

export async function logOut(ctx: Ctx, token: string | null): Promise<void> {
  if (!token) return;
  await endSession(ctx.db, sha256(token));
  if (!ctx.actor) return;
  const accountId = ctx.actor.id;
  await ctx.db.transaction().execute(async (trx) => {
    await recordAudit(
      ctx,
      { action: 'auth.logout', objectType: 'account', objectId: accountId },
      trx,
    );
    // the department systems signed in through one sign-on are told (sso, by a job)
    await ctx.events.publish(trx, sessionsEnded, { accountId, reason: 'sign_out' });
  });
  ctx.jobs.kick();
}

/**
 * The actor behind a session token, or null when it is unknown, idle too long, too old, its
 * account disabled — or when it may only enrol a second factor (see `authenticateEnrolment`).
 */
export async function authenticate(db: Db, token: string): Promise<Actor | null> {
  const id = sha256(token);
  const now = Date.now();
  const cached = getCachedSession(db, id, now);
  if (cached) {
    if (cached.expiresAt <= now || now - cached.lastSeenAt >= SESSION_IDLE_MS) {
      return endSession(db, id);
    }
    if (now - cached.lastSeenAt <= TOUCH_EVERY_MS) return cached.actor;
    // time to record activity; the update also proves the session still exists
    const touched = await touchSession(db, id, now);
    if (!touched) return endSession(db, id);
    cached.lastSeenAt = now;
    return cached.actor;
  }
  const epoch = cacheEpoch(db);
  const s = await liveSession(db, id, now);
  if (!s || s.isEnrolmentOnly) return null;
  cacheSession(
    db,
    id,
    { actor: s.actor, expiresAt: s.expiresAt, lastSeenAt: s.lastSeenAt, cachedAt: now },
    epoch,
  );
  return s.actor;
}

/**
 * Whether a token's session still holds, and whose it is, without counting as activity and
 * without the cache: for a long-lived stream's re-checks, so an open stream neither keeps its
 * session from idling out nor outlives a revocation the cache has not seen.
 */
export async function checkSession(db: Db, token: string): Promise<Actor | null> {
  const s = await repo.findSession(db, sha256(token));
  const now = Date.now();
  if (
    !s ||
    s.disabled ||
    s.enrol_only ||
    s.expires_at.getTime() <= now ||
    now - s.last_seen_at.getTime() >= SESSION_IDLE_MS
  ) {
    return null;
  }
  return actorOf(s);
}

function actorOf(s: NonNullable<Awaited<ReturnType<typeof repo.findSession>>>): Actor {
  return {
    id: s.account_id,
    username: s.username,
    displayName: s.display_name,
    bindings: s.bindings.map((b) => ({ ...b, role: b.role as Role })),
  };
}

/**
 * For the TOTP enrolment: the session behind a token, full or enrolment-only, never cached.
 */
export async function authenticateEnrolment(
  db: Db,
  token: string,
): Promise<{ actor: Actor; sessionId: string; isEnrolmentOnly: boolean } | null> {
  const id = sha256(token);
  const s = await liveSession(db, id, Date.now());
  return s ? { actor: s.actor, sessionId: id, isEnrolmentOnly: s.isEnrolmentOnly } : null;
}

async function liveSession(db: Db, id: string, now: number) {
  const s = await repo.findSession(db, id);
  if (!s) return null;
  if (
    s.disabled ||
    s.expires_at.getTime() <= now ||
    now - s.last_seen_at.getTime() >= SESSION_IDLE_MS
  ) {
    return endSession(db, id);
  }
  let lastSeenAt = s.last_seen_at.getTime();
  if (now - lastSeenAt > TOUCH_EVERY_MS) {
    await touchSession(db, id, now);
    lastSeenAt = now;
  }
  const actor = actorOf(s);
  return { actor, expiresAt: s.expires_at.getTime(), lastSeenAt, isEnrolmentOnly: s.enrol_only };
}

async function touchSession(db: Db, id: string, now: number): Promise<boolean> {
  const r = await db
    .updateTable('sessions')
    .set({ last_seen_at: new Date(now) })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** After a sign-in replaced the browser's session, committed: every process lets it go. */
export function forgetPreviousSession(db: Db, previousToken: string | null): void {
  if (previousToken) forgetSession(db, sha256(previousToken));
}

export async function endSession(db: Db, id: string): Promise<null> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
  // after the delete: the other processes' streams check again on this news
  forgetSession(db, id);
  return null;
}

/** The actor for an account, by user name (the demo seeder and scripts act as people). */
export async function loadActorByUsername(db: Db, username: string): Promise<Actor> {
  const a = await repo.findAccountByUsername(db, username);
  if (!a) throw new Error(`no account ${username}`);
  return loadActor(db, a.id, a.username, a.display_name);
}

export async function loadActor(
  db: Db,
  id: string,
  username: string,
  displayName: string,
): Promise<Actor> {
  const bindings = (await repo.findBindings(db, [id])).get(id) ?? [];
  return { id, username, displayName, bindings };
}

export function toMe(actor: Actor): Me {
  return {
    id: actor.id,
    username: actor.username,
    displayName: actor.displayName,
    roles: actor.bindings.map((b) => ({
      id: b.id,
      role: b.role,
      areaCode: b.areaCode,
      areaName: b.areaName,
      areaLevel: b.areaLevel,
    })),
  };
}
