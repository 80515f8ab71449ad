import crypto from 'node:crypto';
import {
  maskPhone,
  type CodeLoginBody,
  type CodeRequestAnswer,
  type Me,
  type MyProfile,
  type PasswordResetBody,
  type PasswordSetBody,
  type PhoneChangeBody,
  type SignUpBody,
} from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { consumeCode, issueCode, requireMobile, wrongCode } from '../otp/index.js';
import {
  continueSession,
  endAccountSessions,
  forgetPreviousSession,
  loadActor,
  openSession,
  toMe,
} from './auth.service.js';
import { accountByPhone } from './directory.js';
import { hashPassword } from './password.js';
import { checkPasswordPolicy } from './password-policy.js';
import { forgetAccountSessions } from './session-cache.js';
import { clearAccountFailures } from './sign-in-throttle.js';

/**
 * Residents' accounts by phone (issue 19): sign-up with an SMS code, sign-in by code, password
 * reset by code, a first password set by code while signed in, a new phone proven by a code.
 * An account made here has the user name `r-` and ten random characters, its phone under the
 * data key, and no role until it is verified. An account that signed up without a password has
 * an empty password hash: no password matches it, so it signs in by code until it sets one.
 *
 * Staff (any role but `resident`) have no SMS way into their account: an administrator's TOTP,
 * or any staff member's password, cannot be bypassed by whoever holds their phone (non-admin
 * staff have no second factor). Their sign-in and reset codes are not sent (codes.service.ts),
 * and a code sign-in, a reset or a password set by code for such an account is refused here as
 * well; an administrator resets a staff member's password.
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

interface Client {
  userAgent: string | null;
  previousToken: string | null;
}

/** A full session for an account that has proved itself (the browser's old one ends). */
async function signIn(
  ctx: Ctx,
  trx: Kysely<DB>,
  account: { id: string; username: string; displayName: string },
  client: Client,
) {
  const { token, maxAgeMs } = await openSession(ctx, trx, {
    accountId: account.id,
    userAgent: client.userAgent,
    ends: { previousToken: client.previousToken },
  });
  const actor = await loadActor(trx, account.id, account.username, account.displayName);
  return { token, me: toMe(actor), maxAgeMs, actor };
}

/**
 * POST /api/auth/sign-up: a new account for a phone that proved itself with a sign-up code,
 * signed in at once. The person must accept the personal information notice (`consent: true`,
 * a 400 naming `consent` otherwise). The code is used before anything is said about the number:
 * a number with an account is never sent a sign-up code, so a wrong code gets the same answer
 * for every number; a 409 naming `phone` only when the number gained an account after the code
 * was sent (one account per phone: a unique index).
 */
export async function signUp(ctx: Ctx, body: SignUpBody, client: Client): Promise<SessionOpened> {
  const phone = requireMobile(body.phone);
  if (body.consent !== true) {
    throw AppError.invalid(
      'consent',
      'required',
      'consent: read and accept the personal information notice to sign up / 请阅读并同意《个人信息保护说明》后再注册',
    );
  }
  const displayName = body.displayName?.trim() || `居民${phone.slice(-4)}`;
  if (body.password !== undefined) checkPasswordPolicy(body.password, 'password');
  const phoneHmac = ctx.cipher.lookupHash(phone);
  const taken = () =>
    AppError.conflict(
      'phone: this number has an account already; sign in or reset the password / 该手机号已注册，请直接登录或找回密码',
      'phone',
    );
  await consumeCode(ctx, { phone, purpose: 'sign-up', code: body.code });
  if (await accountByPhone(ctx.db, phoneHmac)) throw taken();
  const passwordHash = body.password ? await hashPassword(body.password) : NO_PASSWORD;
  const id = crypto.randomUUID();
  const username = residentUsername();
  const opened = await ctx.db.transaction().execute(async (trx) => {
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
    const opened = await signIn(ctx, trx, { id, username, displayName }, client);
    await recordAudit(
      { ...ctx, actor: opened.actor },
      {
        action: 'account.sign-up',
        objectType: 'account',
        objectId: id,
        detail: {
          username,
          phone: maskPhone(phone),
          hasPassword: body.password !== undefined,
          consent: true,
        },
      },
      trx,
    );
    return { token: opened.token, me: opened.me, maxAgeMs: opened.maxAgeMs };
  });
  forgetPreviousSession(ctx.db, client.previousToken);
  return opened;
}

/**
 * POST /api/auth/code-login: sign in with a sign-in code. A disabled account, one that holds
 * a staff role or one with TOTP on is refused with the same answer as a wrong code.
 */
export async function codeLogIn(
  ctx: Ctx,
  body: CodeLoginBody,
  client: Client,
): Promise<SessionOpened> {
  const phone = await consumeCode(ctx, { phone: body.phone, purpose: 'sign-in', code: body.code });
  const holder = await accountByPhone(ctx.db, ctx.cipher.lookupHash(phone));
  const account = holder
    ? await ctx.db
        .selectFrom('accounts')
        .select(['id', 'username', 'display_name', 'totp_enabled_at'])
        .where('id', '=', holder.id)
        .executeTakeFirst()
    : undefined;
  // an account with a second factor signs in with it (password and TOTP), never by SMS alone
  const hasSecondFactor = !!account?.totp_enabled_at;
  if (!holder || !account || holder.disabled || holder.isStaff || hasSecondFactor) {
    await recordAudit(ctx, {
      action: 'auth.login.code',
      objectType: 'account',
      objectId: holder?.id ?? null,
      outcome: 'denied',
      detail: {
        reason: !holder
          ? 'unknown'
          : holder.disabled
            ? 'disabled'
            : holder.isStaff
              ? 'staff'
              : 'second factor',
      },
    });
    throw wrongCode();
  }
  const opened = await ctx.db.transaction().execute(async (trx) => {
    const opened = await signIn(
      ctx,
      trx,
      { id: account.id, username: account.username, displayName: account.display_name },
      client,
    );
    await recordAudit(
      { ...ctx, actor: opened.actor },
      { action: 'auth.login.code', objectType: 'account', objectId: account.id },
      trx,
    );
    return { token: opened.token, me: opened.me, maxAgeMs: opened.maxAgeMs };
  });
  forgetPreviousSession(ctx.db, client.previousToken);
  return opened;
}

/**
 * POST /api/auth/password-reset: a new password for the account of a phone that proved itself
 * with a reset code. Every session of the account ends; its sign-in lockout is lifted. A
 * disabled or staff account is refused like a wrong code (staff reset through an administrator).
 */
export async function resetPassword(ctx: Ctx, body: PasswordResetBody): Promise<void> {
  const phone = requireMobile(body.phone);
  checkPasswordPolicy(body.newPassword, 'newPassword');
  await consumeCode(ctx, { phone, purpose: 'reset', code: body.code });
  const holder = await accountByPhone(ctx.db, ctx.cipher.lookupHash(phone));
  if (!holder || holder.disabled || holder.isStaff) {
    // no reset code goes to such a number: reaching here means it changed in the meantime
    await recordAudit(ctx, {
      action: 'auth.password.reset',
      objectType: 'account',
      objectId: holder?.id ?? null,
      outcome: 'denied',
      detail: { reason: !holder ? 'unknown' : holder.disabled ? 'disabled' : 'staff' },
    });
    throw wrongCode();
  }
  const passwordHash = await hashPassword(body.newPassword);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('accounts')
      .set({ password_hash: passwordHash })
      .where('id', '=', holder.id)
      .execute();
    await endAccountSessions(ctx, trx, [holder.id], 'sessions_reset');
    await recordAudit(
      ctx,
      { action: 'auth.password.reset', objectType: 'account', objectId: holder.id },
      trx,
    );
  });
  forgetAccountSessions(ctx.db, holder.id);
  await clearAccountFailures(ctx.db, holder.id);
}

/**
 * The signed-in account as far as setting a first password goes: it has none, holds no staff
 * role, and has a phone (the 11 digits, decrypted to send or check a code).
 */
async function accountWithoutPassword(ctx: Ctx): Promise<{ id: string; phone: string }> {
  const actor = ctx.actor!;
  const row = await ctx.db
    .selectFrom('accounts')
    .select(['id', 'password_hash', 'phone_enc'])
    .where('id', '=', actor.id)
    .executeTakeFirst();
  if (!row) throw AppError.unauthenticated();
  if (row.password_hash !== NO_PASSWORD) {
    throw AppError.conflict(
      'The account has a password already; change it with the current one, or reset it / 该账号已设置密码，请用当前密码修改或通过“忘记密码”重设',
    );
  }
  if (actor.bindings.some((b) => b.role !== 'resident')) {
    throw AppError.forbidden(
      'Staff accounts get their password from an administrator / 工作人员账号的密码由管理员设置',
    );
  }
  if (!row.phone_enc) {
    throw AppError.conflict(
      'phone: the account has no phone to send a code to / 该账号未绑定手机号，无法发送验证码',
      'phone',
    );
  }
  return { id: row.id, phone: ctx.cipher.decrypt(row.phone_enc) };
}

/**
 * POST /api/me/password/code: a 'reset' code to the signed-in account's own phone, for setting
 * its first password (an account that signed up by code). The usual limits of the codes hold.
 */
export async function sendPasswordSetCode(ctx: Ctx): Promise<CodeRequestAnswer> {
  const account = await accountWithoutPassword(ctx);
  return issueCode(ctx, { phone: account.phone, purpose: 'reset', ip: ctx.ip });
}

/**
 * POST /api/me/password: the first password of a signed-in account that has none, proved by the
 * 'reset' code sent to its own phone. The account's other sessions end; this one continues
 * under a new token (returned) with its expiry.
 */
export async function setMyPassword(
  ctx: Ctx,
  token: string,
  body: PasswordSetBody,
  userAgent: string | null,
): Promise<{ token: string; maxAgeMs: number }> {
  checkPasswordPolicy(body.newPassword, 'newPassword');
  const account = await accountWithoutPassword(ctx);
  await consumeCode(ctx, { phone: account.phone, purpose: 'reset', code: body.code });
  const passwordHash = await hashPassword(body.newPassword);
  const opened = await ctx.db.transaction().execute(async (trx) => {
    const set = await trx
      .updateTable('accounts')
      .set({ password_hash: passwordHash })
      .where('id', '=', account.id)
      .where('password_hash', '=', NO_PASSWORD)
      .executeTakeFirst();
    if (Number(set.numUpdatedRows) === 0) {
      throw AppError.conflict('The account has a password already / 该账号已设置密码');
    }
    const session = await continueSession(ctx, trx, token, userAgent);
    await recordAudit(
      ctx,
      { action: 'auth.password.set', objectType: 'account', objectId: account.id },
      trx,
    );
    return session;
  });
  forgetAccountSessions(ctx.db, account.id);
  await clearAccountFailures(ctx.db, account.id);
  return opened;
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
