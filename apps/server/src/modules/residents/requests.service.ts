import crypto from 'node:crypto';
import {
  maskDocument,
  maskName,
  RESIDENT_NAME_MAX,
  type ResidentMe,
  type VerificationRequest,
  type VerificationRequestBody,
} from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { isUniqueViolation } from '../../platform/db/unique-violation.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import {
  checkResidentId,
  findRegistryMatch,
  residentIdHmac,
  roomPlaces,
} from '../registry/index.js';
import {
  findLink,
  notify,
  requestQuery,
  toLinkView,
  toRequestViews,
  verifiedLink,
} from './residents.repo.js';

/**
 * The resident's side of verification (住户认证): ask to be verified as living in a room (the
 * platform suggests the registry's resident by the ID number's keyed hash, and tells the
 * household's verified head there is one to confirm), see one's link and newest request,
 * withdraw a request still pending. The decisions are in decisions.service.ts.
 */

const NOT_FOUND = 'No such verification request / 没有此认证申请';

export async function requestVerification(
  ctx: Ctx,
  body: VerificationRequestBody,
): Promise<VerificationRequest> {
  const actor = ctx.actor!;
  const name = body.name.trim();
  if (name.length === 0 || [...name].length > RESIDENT_NAME_MAX)
    throw AppError.invalid(
      'name',
      'length',
      `name must be 1 to ${RESIDENT_NAME_MAX} characters / 姓名应为1至${RESIDENT_NAME_MAX}个字符`,
    );
  const id = checkResidentId(body.idNumber);
  if (!id.ok) throw AppError.invalid('idNumber', 'format', id.reason);
  const place = (await roomPlaces(ctx.db, [body.roomId])).get(body.roomId);
  if (!place) throw AppError.invalid('roomId', 'exists', 'roomId: no such room / 没有这个房屋');
  if (await verifiedLink(ctx.db, actor.id))
    throw AppError.conflict(
      'This account is already verified as living in a room / 该账号已完成住户认证',
    );
  if (await pendingOf(ctx.db, actor.id)) throw pendingConflict();

  const idHmac = residentIdHmac(ctx.cipher, id.normalized);
  const match = await findRegistryMatch(ctx.db, {
    idHmac,
    committeeCode: place.committeeCode,
    roomId: body.roomId,
    name,
  });
  const requestId = crypto.randomUUID();
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('verification_requests')
        .values({
          id: requestId,
          account_id: actor.id,
          room_id: place.roomId,
          building_id: place.buildingId,
          committee_code: place.committeeCode,
          compound_code: place.compoundCode,
          area_path: place.areaPath,
          relation: body.relation,
          name_enc: ctx.cipher.encrypt(name),
          name_masked: maskName(name),
          id_enc: ctx.cipher.encrypt(id.normalized),
          id_hmac: idHmac,
          id_masked: maskDocument('resident_id', id.normalized),
          match_resident_id: match?.residentId ?? null,
          match_household_id: match?.householdId ?? null,
          match: match ? JSON.stringify(match) : null,
        })
        .execute();
      // the household's verified head may confirm a member: tell them there is one to confirm
      if (match?.householdId) {
        const heads = await trx
          .selectFrom('resident_links')
          .select('account_id')
          .where('household_id', '=', match.householdId)
          .where('is_head', '=', true)
          .where('status', '=', 'verified')
          .execute();
        await notify(
          trx,
          heads.map((h) => ({
            recipientId: h.account_id,
            areaPath: place.areaPath,
            text: `【社区云】您的家庭有一条住户认证申请待您确认（${place.label}）。/ A member of your household asks to be verified.`,
            channels: ['inapp'],
          })),
        );
      }
      await recordAudit(
        ctx,
        {
          action: 'residents.verification.request',
          objectType: 'verification_request',
          objectId: requestId,
          areaPath: place.areaPath,
          detail: { roomId: place.roomId, relation: body.relation, matched: !!match },
        },
        trx,
      );
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw pendingConflict();
    throw e;
  }
  const row = await requestQuery(ctx.db).where('v.id', '=', requestId).executeTakeFirstOrThrow();
  return (await toRequestViews(ctx, [row], 'resident'))[0]!;
}

const pendingConflict = () =>
  AppError.conflict(
    'You already have a verification request waiting for a decision / 您已有一条待审核的认证申请',
  );

function pendingOf(db: Kysely<DB>, accountId: string) {
  return db
    .selectFrom('verification_requests')
    .select('id')
    .where('account_id', '=', accountId)
    .where('state', '=', 'pending')
    .executeTakeFirst();
}

/** The committee of the account's pending verification request (null: none pending). */
export async function pendingCommittee(db: Kysely<DB>, accountId: string): Promise<string | null> {
  const row = await db
    .selectFrom('verification_requests')
    .select('committee_code')
    .where('account_id', '=', accountId)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return row?.committee_code ?? null;
}

/** The account's link and newest request; 404 when it has neither. */
export async function getResidentMe(ctx: Ctx): Promise<ResidentMe> {
  const accountId = ctx.actor!.id;
  const [link, request] = await Promise.all([
    findLink(ctx.db, accountId),
    requestQuery(ctx.db)
      .where('v.account_id', '=', accountId)
      .orderBy('v.created_at', 'desc')
      .orderBy('v.id', 'desc')
      .limit(1)
      .executeTakeFirst(),
  ]);
  if (!link && !request)
    throw AppError.notFound(
      'This account is not verified and has asked nothing / 该账号尚未申请认证',
    );
  return {
    link: link ? await toLinkView(ctx.db, link) : null,
    request: request ? (await toRequestViews(ctx, [request], 'resident'))[0]! : null,
  };
}

/**
 * The requester withdraws their pending request (nothing else: a decided one stays as it was,
 * 409; another's, or none, 404). The row goes; the audit log keeps that it was withdrawn.
 */
export async function withdrawRequest(ctx: Ctx, id: string): Promise<void> {
  const row = await ctx.db
    .selectFrom('verification_requests')
    .select(['id', 'account_id', 'state', 'area_path'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row || row.account_id !== ctx.actor!.id) throw AppError.notFound(NOT_FOUND);
  if (row.state !== 'pending')
    throw AppError.conflict(
      'Only a request waiting for a decision can be withdrawn / 只能撤回待审核的申请',
    );
  await ctx.db.transaction().execute(async (trx) => {
    const gone = await trx
      .deleteFrom('verification_requests')
      .where('id', '=', id)
      .where('state', '=', 'pending')
      .returning('id')
      .executeTakeFirst();
    if (!gone)
      throw AppError.conflict('This request has been decided meanwhile / 该申请已处理，无法撤回');
    await recordAudit(
      ctx,
      {
        action: 'residents.verification.withdraw',
        objectType: 'verification_request',
        objectId: id,
        areaPath: row.area_path,
      },
      trx,
    );
  });
}
