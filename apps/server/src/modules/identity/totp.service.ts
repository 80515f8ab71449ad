import type { Me } from '@cc/contracts';
import type { Actor, Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { openSession, toMe, useTotpStep } from './auth.service.js';
import * as repo from './identity.repo.js';
import { forgetAccountSessions } from './session-cache.js';
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

/**
 * Start the TOTP enrolment: a new secret, stored under the data key, shown this once as the
 * secret and as an otpauth:// URI. Until it is confirmed with a code, TOTP stays off and a new
 * setup replaces the secret.
 */
export async function setupTotp(
  ctx: Ctx,
  session: EnrolmentSession,
): Promise<{ secret: string; otpauthUri: string }> {
  const account = await repo.findAccountById(ctx.db, session.actor.id);
  if (!account) throw AppError.unauthenticated();
  if (account.totp_enabled_at) throw AppError.conflict(ALREADY_ON);
  const secret = newTotpSecret();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('accounts')
      .set({ totp_secret_enc: ctx.cipher.encrypt(secret), totp_last_step: null })
      .where('id', '=', account.id)
      .where('totp_enabled_at', 'is', null)
      .execute();
    await recordAudit(
      { ...ctx, actor: session.actor },
      { action: 'auth.totp.setup', objectType: 'account', objectId: account.id },
      trx,
    );
  });
  return { secret, otpauthUri: otpauthUri(TOTP_ISSUER, account.username, secret) };
}

/**
 * Turn TOTP on with a code from the secret of the setup. The session is rotated into a full
 * one (an enrolment-only session becomes a normal sign-in); every other session of the
 * account ends.
 */
export async function confirmTotp(
  ctx: Ctx,
  session: EnrolmentSession,
  code: string,
  userAgent: string | null,
): Promise<{ token: string; me: Me; maxAgeMs: number }> {
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
    throw AppError.invalid(
      'code',
      'matches',
      'code: the code is wrong or expired; check the phone’s clock / 动态口令错误或已过期，请检查手机时间',
    );
  }
  const opened = await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('accounts')
      .set({ totp_enabled_at: new Date(now) })
      .where('id', '=', account.id)
      .execute();
    const full = await openSession(ctx, trx, { accountId: account.id, userAgent, ends: 'all' });
    await recordAudit(
      actorCtx,
      { action: 'auth.totp.enable', objectType: 'account', objectId: account.id },
      trx,
    );
    return full;
  });
  forgetAccountSessions(ctx.db, account.id);
  return { token: opened.token, me: toMe(session.actor), maxAgeMs: opened.maxAgeMs };
}
