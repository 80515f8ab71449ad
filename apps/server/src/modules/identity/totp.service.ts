import type { Me, RecoveryCodes, TotpSetup, TotpStatus } from '@cc/contracts';
import QRCode from 'qrcode';
import type { Actor, Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { isStaff } from '../../platform/policy.js';
import { recordAudit } from '../audit/index.js';
import { openSession, toMe, useTotpStep } from './auth.service.js';
import * as repo from './identity.repo.js';
import { countRecoveryCodesLeft, replaceRecoveryCodes } from './recovery-codes.js';
import { needsSecondFactor } from './second-factor.js';
import { forgetAccountSessions } from './session-cache.js';
import { claimAccountAttempt, clearAccountFailures } from './sign-in-throttle.js';
import { base32Decode, matchTotp, newTotpSecret, otpauthUri } from './totp.js';

/** The issuer an authenticator app shows beside the account. */
export const TOTP_ISSUER = 'Community Cloud 社区云';

/** The session a TOTP request comes with: a full one, or one that may only enrol. */
export interface EnrolmentSession {
  actor: Actor;
  sessionId: string;
  isEnrolmentOnly: boolean;
}

const ALREADY_ON =
  'TOTP is on for this account already; an administrator resets it / 该账号已启用动态口令';
const NOT_ON = 'TOTP is not on for this account / 该账号未启用动态口令';
const WRONG_CODE =
  'code: the code is wrong or expired; check the phone’s clock / 动态口令错误或已过期，请检查手机时间';

const rolesOf = (actor: Actor) => actor.bindings.map((b) => b.role);

/** Staff may turn TOTP on; so may anyone whose roles need it (residents sign in by SMS code). */
function canEnrol(ctx: Ctx, actor: Actor): boolean {
  return isStaff(actor) || needsSecondFactor(ctx.config, rolesOf(actor));
}

/** The signed-in account's second factor: on or off, codes left, whether its roles need it. */
export async function getTotpStatus(ctx: Ctx): Promise<TotpStatus> {
  const actor = ctx.actor!;
  const account = await repo.findAccountById(ctx.db, actor.id);
  if (!account) throw AppError.unauthenticated();
  return {
    isEnabled: account.totp_enabled_at !== null,
    enabledAt: account.totp_enabled_at?.toISOString() ?? null,
    recoveryCodesLeft: account.totp_enabled_at
      ? await countRecoveryCodesLeft(ctx.db, account.id)
      : 0,
    isRequired: needsSecondFactor(ctx.config, rolesOf(actor)),
    canEnrol: canEnrol(ctx, actor),
  };
}

/**
 * Start the TOTP enrolment: a new secret, stored under the data key, shown this once as the
 * secret, as an otpauth:// URI and as a QR code of it (an SVG drawn here: no third party sees
 * the secret). Until it is confirmed with a code, TOTP stays off and a new setup replaces the
 * secret.
 */
export async function setupTotp(ctx: Ctx, session: EnrolmentSession): Promise<TotpSetup> {
  const actorCtx = { ...ctx, actor: session.actor };
  const account = await repo.findAccountById(ctx.db, session.actor.id);
  if (!account) throw AppError.unauthenticated();
  if (account.totp_enabled_at) throw AppError.conflict(ALREADY_ON);
  if (!canEnrol(ctx, session.actor)) {
    await recordAudit(actorCtx, {
      action: 'auth.totp.setup',
      objectType: 'account',
      objectId: account.id,
      outcome: 'denied',
      detail: { reason: 'not staff' },
    });
    throw AppError.forbidden(
      'The second factor is for staff accounts; residents sign in by SMS code / 动态口令仅供工作人员账号使用',
    );
  }
  const secret = newTotpSecret();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('accounts')
      .set({ totp_secret_enc: ctx.cipher.encrypt(secret), totp_last_step: null })
      .where('id', '=', account.id)
      .where('totp_enabled_at', 'is', null)
      .execute();
    await recordAudit(
      actorCtx,
      { action: 'auth.totp.setup', objectType: 'account', objectId: account.id },
      trx,
    );
  });
  const uri = otpauthUri(TOTP_ISSUER, account.username, secret);
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return {
    secret,
    otpauthUri: uri,
    qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
  };
}

/**
 * Turn TOTP on with a code from the secret of the setup, and hand out the first recovery codes
 * (shown this once). The session is rotated into a full one (an enrolment-only session becomes
 * a normal sign-in); every other session of the account ends.
 */
export async function confirmTotp(
  ctx: Ctx,
  session: EnrolmentSession,
  code: string,
  userAgent: string | null,
): Promise<{ token: string; me: Me; recoveryCodes: string[]; maxAgeMs: number }> {
  const actorCtx = { ...ctx, actor: session.actor };
  const account = await repo.findAccountById(ctx.db, session.actor.id);
  if (!account) throw AppError.unauthenticated();
  if (account.totp_enabled_at) throw AppError.conflict(ALREADY_ON);
  if (!account.totp_secret_enc) {
    throw AppError.conflict(
      'Start with POST /api/auth/totp/setup; there is no secret to confirm / 请先获取动态口令密钥',
    );
  }
  const secret = base32Decode(ctx.cipher.decrypt(account.totp_secret_enc));
  const now = Date.now();
  const step = matchTotp(secret, code, now / 1000);
  if (step === null || !(await useTotpStep(ctx.db, account.id, step))) {
    await recordAudit(actorCtx, {
      action: 'auth.totp.enable',
      objectType: 'account',
      objectId: account.id,
      outcome: 'failed',
      detail: { reason: 'wrong code' },
    });
    throw AppError.invalid('code', 'matches', WRONG_CODE);
  }
  const opened = await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('accounts')
      .set({ totp_enabled_at: new Date(now) })
      .where('id', '=', account.id)
      .execute();
    const recoveryCodes = await replaceRecoveryCodes(trx, ctx.cipher, account.id);
    const full = await openSession(ctx, trx, { accountId: account.id, userAgent, ends: 'all' });
    await recordAudit(
      actorCtx,
      {
        action: 'auth.totp.enable',
        objectType: 'account',
        objectId: account.id,
        detail: { recoveryCodes: recoveryCodes.length },
      },
      trx,
    );
    return { ...full, recoveryCodes };
  });
  forgetAccountSessions(ctx.db, account.id);
  return {
    token: opened.token,
    me: toMe(session.actor),
    recoveryCodes: opened.recoveryCodes,
    maxAgeMs: opened.maxAgeMs,
  };
}

/**
 * A new set of recovery codes for the signed-in account, proved by a current TOTP code (a
 * session alone is not enough: whoever borrowed an open screen must not walk off with codes).
 * The old set, used or not, stops working. A wrong code counts against the account's sign-in
 * limit like a wrong password.
 */
export async function renewRecoveryCodes(ctx: Ctx, code: string): Promise<RecoveryCodes> {
  const actor = ctx.actor!;
  const audit = { action: 'auth.totp.recovery_codes', objectType: 'account', objectId: actor.id };
  const account = await repo.findAccountById(ctx.db, actor.id);
  if (!account) throw AppError.unauthenticated();
  if (!account.totp_enabled_at || !account.totp_secret_enc) throw AppError.conflict(NOT_ON);
  const wrong = async (outcome: 'failed' | 'denied', reason: string): Promise<never> => {
    await recordAudit(ctx, { ...audit, outcome, detail: { reason } });
    throw AppError.invalid(
      'code',
      'matches',
      outcome === 'denied'
        ? 'code: too many failed attempts; try again later / 失败次数过多，请稍后再试'
        : WRONG_CODE,
    );
  };
  if (!(await claimAccountAttempt(ctx.db, account.id))) return wrong('denied', 'account locked');
  const secret = base32Decode(ctx.cipher.decrypt(account.totp_secret_enc));
  const step = matchTotp(secret, code, Date.now() / 1000);
  if (step === null || !(await useTotpStep(ctx.db, account.id, step))) {
    return wrong('failed', 'wrong code');
  }
  await clearAccountFailures(ctx.db, account.id);
  const codes = await ctx.db.transaction().execute(async (trx) => {
    const made = await replaceRecoveryCodes(trx, ctx.cipher, account.id);
    await recordAudit(ctx, { ...audit, detail: { recoveryCodes: made.length } }, trx);
    return made;
  });
  return { codes };
}
