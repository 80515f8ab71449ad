import crypto from 'node:crypto';
import {
  maskPhone,
  type CodeLoginBody,
  type Me,
  type MyProfile,
  type PasswordResetBody,
  type PhoneChangeBody,
  type SignUpBody,
} from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { sha256 } from '../../platform/crypto.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { consumeCode, requireMobile } from '../otp/index.js';
import { insertSession, loadActor, SESSION_MAX_MS, toMe } from './auth.service.js';
import { accountByPhone } from './directory.js';
import { hashPassword } from './password.js';
import { checkPasswordPolicy } from './password-policy.js';
import { forgetAccountSessions, forgetSession } from './session-cache.js';
import { clearAccountFailures } from './sign-in-throttle.js';

/**
 * Residents' accounts by phone (issue 19): sign-up with an SMS code, sign-in by code, password
 * reset by code, a new phone proven by a code. An account made here has the user name `r-` and
 * ten random characters, its phone under the data key, and no role until it is verified.
 * An account that signed up without a password has an empty password hash: no password
 * matches it, so it signs in by code until it sets one (by reset).
 *
 * Staff (any role but `resident`) never sign in by code: an administrator's TOTP, or any staff
 * member's password, cannot be bypassed by whoever holds their phone. Their codes are not sent
 * (codes.service.ts), and a code sign-in to such an account is refused here as well.
 */

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** `r-` and ten characters of [a-z0-9]: about 52 bits, drawn without bias. */
export function residentUsername(): string {
  let out = 'r-';
  for (let i = 0; i < 10; i++) out += ALPHABET[crypto.randomInt(ALPHABET.length)];
  return out;
}

/** The password hash of an account without a password: no password verifies against it. */
const NO_PASSWORD = '';

export interface SessionOpened {
  token: string;
  me: Me;
  maxAgeMs: number;
}

/** A full session for an account that has proved itself (the browser's old one ends). */
async function openSession(
  ctx: Ctx,
  trx: Kysely<DB>,
  account: { id: string; username: string; displayName: string },
  userAgent: string | null,
  previousToken: string | null,
): Promise<SessionOpened & { actor: Awaited<ReturnType<typeof loadActor>> }> {
  const now = Date.now();
  const token = crypto.randomBytes(32).toString('base64url');
  if (previousToken) {
    forgetSession(ctx.db, sha256(previousToken));
    await trx.deleteFrom('sessions').where('id', '=', sha256(previousToken)).execute();
  }
  await insertSession(trx, {
    token,
    accountId: account.id,
    now,
    expiresAt: now + SESSION_MAX_MS,
    ip: ctx.ip,
    userAgent,
    isEnrolmentOnly: false,
  });
  const actor = await loadActor(trx, account.id, account.username, account.displayName);
  return { token, me: toMe(actor), maxAgeMs: SESSION_MAX_MS, actor };
}

/**
 * POST /api/auth/sign-up: a new account for a phone that proved itself with a sign-up code,
 * signed in at once. One account per phone (a unique index): a 409 naming `phone` otherwise.
 */
export async function signUp(
  ctx: Ctx,
  body: SignUpBody,
  client: { userAgent: string | null; previousToken: string | null },
): Promise<SessionOpened> {
  const phone = requireMobile(body.phone);
  const displayName = body.displayName?.trim() || `居民${phone.slice(-4)}`;
  if (body.password !== undefined) checkPasswordPolicy(body.password, 'password');
  const phoneHmac = ctx.cipher.lookupHash(phone);
  const taken = () =>
    AppError.conflict(
      'phone: this number has an account already; sign in or reset the password / 该手机号已注册，请直接登录或找回密码',
      'phone',
    );
  if (await accountByPhone(ctx.db, phoneHmac)) throw taken();
  await consumeCode(ctx, { phone, purpose: 'sign-up', code: body.code });
  const passwordHash = body.password ? await hashPassword(body.password) : NO_PASSWORD;
  const id = crypto.randomUUID();
  const username = residentUsername();
  return ctx.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('accounts')
      .values({
        id,
        username,
        display_name: displayName,
        password_hash: passwordHash,
        phone_enc: ctx.cipher.encrypt(phone),
        phone_hmac: phoneHmac,
        phone_masked: maskPhone(phone),
        created_by: null,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) throw taken();
    const opened = await openSession(
      ctx,
      trx,
      { id, username, displayName },
      client.userAgent,
      client.previousToken,
    );
    await recordAudit(
      { ...ctx, actor: opened.actor },
      {
        action: 'account.sign-up',
        objectType: 'account',
        objectId: id,
        detail: { username, phone: maskPhone(phone), hasPassword: body.password !== undefined },
      },
      trx,
    );
    return { token: opened.token, me: opened.me, maxAgeMs: opened.maxAgeMs };
  });
}

/**
 * POST /api/auth/code-login: sign in with a sign-in code. A disabled account or one that holds
 * a staff role is refused with the same answer as a wrong code.
 */
export async function codeLogIn(
  ctx: Ctx,
  body: CodeLoginBody,
  client: { userAgent: string | null; previousToken: string | null },
): Promise<SessionOpened> {
  const phone = await consumeCode(ctx, { phone: body.phone, purpose: 'sign-in', code: body.code });
  const holder = await accountByPhone(ctx.db, ctx.cipher.lookupHash(phone));
  const account = holder
    ? await ctx.db
        .selectFrom('accounts')
        .select(['id', 'username', 'display_name'])
        .where('id', '=', holder.id)
        .executeTakeFirst()
    : undefined;
  if (!holder || !account || holder.disabled || holder.isStaff) {
    await recordAudit(ctx, {
      action: 'auth.login.code',
      objectType: 'account',
      objectId: holder?.id ?? null,
      outcome: 'denied',
      detail: { reason: !holder ? 'unknown' : holder.disabled ? 'disabled' : 'staff' },
    });
    throw AppError.invalid(
      'code',
      'matches',
      'code: the code is wrong, expired or used already; ask for a new one / 验证码错误、已过期或已使用，请重新获取',
    );
  }
  return ctx.db.transaction().execute(async (trx) => {
    const opened = await openSession(
      ctx,
      trx,
      { id: account.id, username: account.username, displayName: account.display_name },
      client.userAgent,
      client.previousToken,
    );
    await recordAudit(
      { ...ctx, actor: opened.actor },
      { action: 'auth.login.code', objectType: 'account', objectId: account.id },
      trx,
    );
    return { token: opened.token, me: opened.me, maxAgeMs: opened.maxAgeMs };
  });
}

/**
 * POST /api/auth/password-reset: a new password for the account of a phone that proved itself
 * with a reset code. Every session of the account ends; its sign-in lockout is lifted.
 */
export async function resetPassword(ctx: Ctx, body: PasswordResetBody): Promise<void> {
  const phone = requireMobile(body.phone);
  checkPasswordPolicy(body.newPassword, 'newPassword');
  await consumeCode(ctx, { phone, purpose: 'reset', code: body.code });
  const holder = await accountByPhone(ctx.db, ctx.cipher.lookupHash(phone));
  if (!holder || holder.disabled) {
    // no reset code goes to such a number: reaching here means it changed in the meantime
    throw AppError.invalid(
      'code',
      'matches',
      'code: the code is wrong, expired or used already; ask for a new one / 验证码错误、已过期或已使用，请重新获取',
    );
  }
  const passwordHash = await hashPassword(body.newPassword);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('accounts')
      .set({ password_hash: passwordHash })
      .where('id', '=', holder.id)
      .execute();
    await trx.deleteFrom('sessions').where('account_id', '=', holder.id).execute();
    await recordAudit(
      ctx,
      { action: 'auth.password.reset', objectType: 'account', objectId: holder.id },
      trx,
    );
  });
  forgetAccountSessions(ctx.db, holder.id);
  await clearAccountFailures(ctx.db, holder.id);
}

/** GET /api/me: the signed-in account's name and masked phone. */
export async function myProfile(ctx: Ctx): Promise<MyProfile> {
  const row = await ctx.db
    .selectFrom('accounts')
    .select(['id', 'username', 'display_name', 'phone_masked', 'password_hash'])
    .where('id', '=', ctx.actor!.id)
    .executeTakeFirst();
  if (!row) throw AppError.unauthenticated();
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    phone: row.phone_masked,
    hasPassword: row.password_hash !== NO_PASSWORD,
  };
}

/**
 * PUT /api/me/phone: the signed-in account's phone becomes `phone`, proved by a code sent
 * to it (purpose 'phone', asked for by this account). 409 when another account holds it.
 */
export async function changeMyPhone(ctx: Ctx, body: PhoneChangeBody): Promise<MyProfile> {
  const actor = ctx.actor!;
  const phone = requireMobile(body.phone);
  const phoneHmac = ctx.cipher.lookupHash(phone);
  const taken = () =>
    AppError.conflict('phone: another account has this number / 该手机号已被其他账号使用', 'phone');
  // the code first: only who holds the number learns that another account has it
  await consumeCode(ctx, { phone, purpose: 'phone', code: body.code, accountId: actor.id });
  const holder = await accountByPhone(ctx.db, phoneHmac);
  if (holder && holder.id !== actor.id) throw taken();
  const before = await ctx.db
    .selectFrom('accounts')
    .select('phone_masked')
    .where('id', '=', actor.id)
    .executeTakeFirst();
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('accounts')
        .set({
          phone_enc: ctx.cipher.encrypt(phone),
          phone_hmac: phoneHmac,
          phone_masked: maskPhone(phone),
        })
        .where('id', '=', actor.id)
        .execute();
      await recordAudit(
        ctx,
        {
          action: 'account.phone.change',
          objectType: 'account',
          objectId: actor.id,
          detail: { from: before?.phone_masked ?? null, to: maskPhone(phone) },
        },
        trx,
      );
    });
  } catch (e) {
    // another account took the number between the check and the write (the unique index)
    if ((e as { code?: string }).code === '23505') throw taken();
    throw e;
  }
  return myProfile(ctx);
}
