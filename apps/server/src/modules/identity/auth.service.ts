import crypto from 'node:crypto';
import type { Me, Role } from '@cc/contracts';
import type { Actor, Ctx } from '../../platform/context.js';
import { sha256 } from '../../platform/crypto.js';
import type { Db } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import * as repo from './identity.repo.js';
import { cacheSession, forgetSession, getCachedSession } from './session-cache.js';
import { burnPasswordCheck, verifyPassword } from './password.js';

export const SESSION_IDLE_MS = 30 * 60 * 1000;
export const SESSION_MAX_MS = 12 * 60 * 60 * 1000;
/** last_seen_at is written at most this often, not on every request. */
const TOUCH_EVERY_MS = 60 * 1000;
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

const WRONG = 'Wrong user name or password / 用户名或密码错误';

export interface LoginInput {
  username: string;
  password: string;
  userAgent: string | null;
  /** The session token the browser already had: ended, so a login always rotates it. */
  previousToken: string | null;
}

/** Check the password, lock the account after repeated failures, open a fresh session. */
export async function logIn(ctx: Ctx, input: LoginInput): Promise<{ token: string; me: Me }> {
  const username = input.username.trim().toLowerCase();
  const account = await repo.findAccountByUsername(ctx.db, username);
  const audit = {
    action: 'auth.login',
    objectType: 'account',
    objectId: account?.id ?? null,
  };
  const now = Date.now();
  if (!account) {
    await burnPasswordCheck(input.password);
    await recordAudit(ctx, {
      ...audit,
      outcome: 'failed',
      detail: { username, reason: 'unknown user' },
    });
    throw AppError.unauthenticated(WRONG);
  }
  if (account.locked_until && account.locked_until.getTime() > now) {
    const retryAfter = Math.ceil((account.locked_until.getTime() - now) / 1000);
    await recordAudit(ctx, {
      ...audit,
      outcome: 'denied',
      detail: { username, reason: 'locked' },
    });
    throw new AppError(
      'TOO_MANY_REQUESTS',
      `Too many failed sign-ins for this account; try again in ${retryAfter} s / 登录失败次数过多，请 ${retryAfter} 秒后再试`,
      { retryAfter },
    );
  }
  const ok = !account.disabled && (await verifyPassword(account.password_hash, input.password));
  if (!ok) {
    const failed = account.failed_logins + 1;
    const lock = failed >= MAX_FAILED_LOGINS;
    await ctx.db
      .updateTable('accounts')
      .set({
        failed_logins: lock ? 0 : failed,
        locked_until: lock ? new Date(now + LOCKOUT_MS) : account.locked_until,
      })
      .where('id', '=', account.id)
      .execute();
    await recordAudit(ctx, {
      ...audit,
      outcome: 'failed',
      detail: {
        username,
        reason: account.disabled ? 'disabled' : 'wrong password',
        locked: lock,
      },
    });
    throw AppError.unauthenticated(WRONG);
  }

  const token = crypto.randomBytes(32).toString('base64url');
  await ctx.db.transaction().execute(async (trx) => {
    if (input.previousToken) {
      forgetSession(ctx.db, sha256(input.previousToken));
      await trx.deleteFrom('sessions').where('id', '=', sha256(input.previousToken)).execute();
    }
    await trx
      .updateTable('accounts')
      .set({ failed_logins: 0, locked_until: null })
      .where('id', '=', account.id)
      .execute();
    await trx
      .insertInto('sessions')
      .values({
        id: sha256(token),
        account_id: account.id,
        created_at: new Date(now),
        last_seen_at: new Date(now),
        expires_at: new Date(now + SESSION_MAX_MS),
        ip: ctx.ip,
        user_agent: input.userAgent?.slice(0, 300) ?? null,
      })
      .execute();
    await recordAudit(
      {
        ...ctx,
        actor: {
          id: account.id,
          username,
          displayName: account.display_name,
          bindings: [],
        },
      },
      audit,
      trx,
    );
  });
  const actor = await loadActor(ctx.db, account.id, account.username, account.display_name);
  return { token, me: toMe(actor) };
}

export async function logOut(ctx: Ctx, token: string | null): Promise<void> {
  if (!token) return;
  await endSession(ctx.db, sha256(token));
  if (ctx.actor)
    await recordAudit(ctx, {
      action: 'auth.logout',
      objectType: 'account',
      objectId: ctx.actor.id,
    });
}

/** The actor behind a session token, or null when it is unknown, idle too long or too old. */
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
  const actor: Actor = {
    id: s.account_id,
    username: s.username,
    displayName: s.display_name,
    bindings: s.bindings.map((b) => ({ ...b, role: b.role as Role })),
  };
  cacheSession(db, id, { actor, expiresAt: s.expires_at.getTime(), lastSeenAt, cachedAt: now });
  return actor;
}

async function touchSession(db: Db, id: string, now: number): Promise<boolean> {
  const r = await db
    .updateTable('sessions')
    .set({ last_seen_at: new Date(now) })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

async function endSession(db: Db, id: string): Promise<null> {
  forgetSession(db, id);
  await db.deleteFrom('sessions').where('id', '=', id).execute();
  return null;
}

/** The actor for an account, by user name (the demo seeder and scripts act as people). */
export async function loadActorByUsername(db: Db, username: string): Promise<Actor> {
  const a = await repo.findAccountByUsername(db, username);
  if (!a) throw new Error(`no account ${username}`);
  return loadActor(db, a.id, a.username, a.display_name);
}

async function loadActor(
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
