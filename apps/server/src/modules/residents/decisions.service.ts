import {
  type ApproveVerificationBody,
  type RefuseVerificationBody,
  type VerificationQuery,
  type VerificationRequest,
  type VerificationRequestList,
} from '@cc/contracts';
import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { openCursor, sealCursor } from '../../platform/cursor.js';
import { pathWithin } from '../../platform/db/path-within.js';
import { AppError } from '../../platform/errors.js';
import { isWithin } from '../../platform/policy.js';
import { requireArea } from '../areas/index.js';
import { denyAndAudit, recordAudit } from '../audit/index.js';
import { bindResidentRole, forgetResidentSessions } from '../identity/index.js';
import { findRegistryMatch, registryResidentPlace, roomPlaces } from '../registry/index.js';
import { residentVerified } from './resident-events.js';
import { mayDecideAsHead, mayVerify, verifierRoots } from './residents.policy.js';
import {
  notify,
  requestQuery,
  toRequestViews,
  verifiedLink,
  type LinkRow,
  type RequestRow,
} from './residents.repo.js';

/**
 * Deciding verification requests: committee staff and street operators of the room's area
 * (or the household's verified head, for a member the platform matched to it) see the
 * requests with the suggested registry resident, masked, and approve — linking the account to
 * that resident and binding the `resident` role at the compound — or refuse with a reason.
 * The resident is told by text and in-app notice.
 */

const NOT_FOUND = 'No such verification request in your scope / 您的范围内没有此认证申请';

const LIST = 'residents.verification-requests';

/** Requests of rooms in the staff member's area (or one area below it), newest first. */
export async function listRequests(
  ctx: Ctx,
  q: VerificationQuery,
): Promise<VerificationRequestList> {
  let roots = verifierRoots(ctx.actor);
  if (roots.length === 0)
    await denyAndAudit(
      ctx,
      { action: 'residents.verification.list', objectType: 'verification_request', objectId: null },
      'Only committee staff and street operators see verification requests / 仅居委和街道工作人员可查看住户认证申请',
    );
  if (q.area) {
    const area = await requireArea(ctx.db, q.area);
    if (!roots.some((r) => isWithin(area.path, r)))
      throw AppError.notFound('No such area in your scope / 您的范围内没有此区域');
    roots = [area.path];
  }
  const limit = q.limit ?? 50;
  let query = requestQuery(ctx.db).where(pathWithin('v.area_path', roots));
  if (q.state) query = query.where('v.state', '=', q.state);
  if (q.cursor) {
    const [at, id] = decodeCursor(ctx, q.cursor);
    query = query.where(
      sql<boolean>`(v.created_at, v.id) < (${new Date(at)}::timestamptz, ${id}::uuid)`,
    );
  }
  const rows = await query
    .orderBy('v.created_at', 'desc')
    .orderBy('v.id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  await recordAudit(ctx, {
    action: 'residents.verification.list',
    objectType: 'verification_request',
    objectId: null,
    areaPath: roots.length === 1 ? roots[0] : null,
    detail: { state: q.state ?? null, returned: page.length },
  });
  return {
    items: await toRequestViews(ctx, page, 'staff'),
    nextCursor:
      rows.length > limit && last
        ? sealCursor(ctx.cipher.key, LIST, ctx.actor?.id, [last.created_at.toISOString(), last.id])
        : null,
  };
}

function decodeCursor(ctx: Ctx, cursor: string): [string, string] {
  const v = openCursor(ctx.cipher.key, LIST, ctx.actor?.id, cursor);
  if (Array.isArray(v) && typeof v[0] === 'string' && typeof v[1] === 'string') return [v[0], v[1]];
  throw AppError.invalid('cursor', 'format', 'cursor is not one this list gave out / 分页游标无效');
}

/** Pending requests matched to the household of which the actor is the verified head. */
export async function listHouseholdRequests(ctx: Ctx): Promise<VerificationRequestList> {
  const link = await verifiedLink(ctx.db, ctx.actor!.id);
  if (!link?.is_head || !link.household_id) return { items: [], nextCursor: null };
  const rows = await requestQuery(ctx.db)
    .where('v.match_household_id', '=', link.household_id)
    .where('v.state', '=', 'pending')
    .orderBy('v.created_at', 'desc')
    .limit(50)
    .execute();
  await recordAudit(ctx, {
    action: 'residents.household.requests',
    objectType: 'household',
    objectId: link.household_id,
    areaPath: link.area_path,
    detail: { returned: rows.length },
  });
  return { items: await toRequestViews(ctx, rows, 'head'), nextCursor: null };
}

interface Decision {
  row: RequestRow;
  as: 'staff' | 'head';
  headLink: LinkRow | null;
}

/** The request if the actor may decide it: staff of its area, or the matched household's head; else 404. */
async function loadForDecision(ctx: Ctx, id: string): Promise<Decision> {
  const row = await requestQuery(ctx.db).where('v.id', '=', id).executeTakeFirst();
  if (!row) throw AppError.notFound(NOT_FOUND);
  if (mayVerify(ctx.actor, row.area_path)) return { row, as: 'staff', headLink: null };
  const link = await verifiedLink(ctx.db, ctx.actor!.id);
  if (mayDecideAsHead(link, row.match_household_id)) return { row, as: 'head', headLink: link };
  throw AppError.notFound(NOT_FOUND);
}

export async function getRequest(ctx: Ctx, id: string): Promise<VerificationRequest> {
  const { row, as } = await loadForDecision(ctx, id);
  await recordAudit(ctx, {
    action: 'residents.verification.view',
    objectType: 'verification_request',
    objectId: id,
    areaPath: row.area_path,
  });
  return (await toRequestViews(ctx, [row], as))[0]!;
}

const alreadyDecided = () =>
  AppError.conflict('This request has already been decided / 该申请已处理');

export async function approveRequest(
  ctx: Ctx,
  id: string,
  body: ApproveVerificationBody,
): Promise<VerificationRequest> {
  const { row, as, headLink } = await loadForDecision(ctx, id);
  if (row.state !== 'pending') throw alreadyDecided();
  let residentId: string | null;
  if (as === 'head') {
    if (body.residentId && body.residentId !== row.match_resident_id)
      throw AppError.invalid(
        'residentId',
        'head',
        'residentId: a household head confirms the suggested member only / 户主只能确认系统匹配的家庭成员',
      );
    residentId = row.match_resident_id;
  } else {
    // the registry may have gained the person since the request came in: match again
    residentId =
      body.residentId ?? row.match_resident_id ?? (await rematch(ctx, row))?.residentId ?? null;
  }
  if (!residentId)
    throw AppError.invalid(
      'residentId',
      'required',
      'residentId: the registry has no resident of this committee with this ID number; register the person first (社区一屏), or refuse / 登记信息中本居委没有该证件号码的居民：请先在社区一屏登记，或不予通过',
    );
  const place = await registryResidentPlace(ctx.db, residentId);
  if (
    !place ||
    place.status !== 'present' ||
    !place.roomId ||
    !place.buildingId ||
    !place.compoundCode ||
    place.committeeCode !== row.committee_code ||
    (as === 'staff' && !mayVerify(ctx.actor, place.areaPath)) ||
    (as === 'head' && place.householdId !== headLink?.household_id)
  )
    throw AppError.invalid(
      'residentId',
      'exists',
      'residentId: no such resident living in a room of this committee / 本居委没有该居民，或其未登记房屋',
    );
  const [roomId, buildingId, compoundCode] = [place.roomId, place.buildingId, place.compoundCode];

  await ctx.db.transaction().execute(async (trx) => {
    // one account per registry resident: approvals of the same person wait for each other
    await sql`select pg_advisory_xact_lock(hashtextextended(${`resident-link:${residentId}`}, 0))`.execute(
      trx,
    );
    const taken = await trx
      .selectFrom('resident_links')
      .select('account_id')
      .where('resident_id', '=', residentId)
      .where('status', '=', 'verified')
      .where('account_id', '<>', row.account_id)
      .executeTakeFirst();
    if (taken)
      throw AppError.conflict(
        'Another account is already verified as this resident / 该居民已由另一账号完成认证',
        'residentId',
      );
    const decided = await trx
      .updateTable('verification_requests')
      .set({
        state: 'approved',
        decided_by: ctx.actor!.id,
        decided_as: as,
        decided_at: new Date(),
        resident_id: residentId,
      })
      .where('id', '=', id)
      .where('state', '=', 'pending')
      .returning('id')
      .executeTakeFirst();
    if (!decided) throw alreadyDecided();
    const link = {
      resident_id: residentId,
      room_id: roomId,
      building_id: buildingId,
      household_id: place.householdId,
      committee_code: place.committeeCode,
      compound_code: compoundCode,
      area_path: place.areaPath,
      relation: row.relation,
      is_head: place.isHead,
      status: 'verified',
      verified_at: new Date(),
      verified_by: ctx.actor!.id,
      revoked_at: null,
      revoked_reason: null,
    };
    await trx
      .insertInto('resident_links')
      .values({ account_id: row.account_id, ...link })
      .onConflict((oc) => oc.column('account_id').doUpdateSet(link))
      .execute();
    await bindResidentRole(trx, {
      accountId: row.account_id,
      areaCode: compoundCode,
      areaPath: place.areaPath,
      by: ctx.actor!.id,
    });
    await ctx.events.publish(trx, residentVerified, {
      accountId: row.account_id,
      areaPath: place.areaPath,
      buildingId,
    });
    const label = (await roomPlaces(trx, [roomId])).get(roomId)?.label ?? '';
    await notify(trx, [
      {
        recipientId: row.account_id,
        areaPath: row.area_path,
        text: `【社区云】您的住户认证已通过：${label}。/ You are verified as living in ${label}.`,
        channels: ['sms', 'inapp'],
      },
    ]);
    await recordAudit(
      ctx,
      {
        action: 'residents.verification.approve',
        objectType: 'verification_request',
        objectId: id,
        areaPath: row.area_path,
        detail: {
          account: row.account_id,
          resident: residentId,
          as,
          suggested: residentId === row.match_resident_id,
        },
      },
      trx,
    );
  });
  forgetResidentSessions(ctx.db, [row.account_id]);
  ctx.jobs.kick();
  return decidedView(ctx, id, as);
}

async function rematch(ctx: Ctx, row: RequestRow) {
  return findRegistryMatch(ctx.db, {
    idHmac: row.id_hmac,
    committeeCode: row.committee_code,
    roomId: row.room_id,
    name: '',
  });
}

export async function refuseRequest(
  ctx: Ctx,
  id: string,
  body: RefuseVerificationBody,
): Promise<VerificationRequest> {
  const reason = body.reason.trim();
  const { row, as } = await loadForDecision(ctx, id);
  if (reason.length === 0)
    throw AppError.invalid(
      'reason',
      'required',
      'reason: say why the request is refused / 请填写不予通过的原因',
    );
  if (row.state !== 'pending') throw alreadyDecided();
  await ctx.db.transaction().execute(async (trx) => {
    const decided = await trx
      .updateTable('verification_requests')
      .set({
        state: 'refused',
        decided_by: ctx.actor!.id,
        decided_as: as,
        decided_at: new Date(),
        reason,
      })
      .where('id', '=', id)
      .where('state', '=', 'pending')
      .returning('id')
      .executeTakeFirst();
    if (!decided) throw alreadyDecided();
    await notify(trx, [
      {
        recipientId: row.account_id,
        areaPath: row.area_path,
        text: `【社区云】您的住户认证未通过：${reason} / Your verification was refused: ${reason}`,
        channels: ['sms', 'inapp'],
      },
    ]);
    await recordAudit(
      ctx,
      {
        action: 'residents.verification.refuse',
        objectType: 'verification_request',
        objectId: id,
        areaPath: row.area_path,
        detail: { account: row.account_id, as },
      },
      trx,
    );
  });
  ctx.jobs.kick();
  return decidedView(ctx, id, as);
}

async function decidedView(ctx: Ctx, id: string, as: 'staff' | 'head') {
  const row = await requestQuery(ctx.db).where('v.id', '=', id).executeTakeFirstOrThrow();
  return (await toRequestViews(ctx, [row], as))[0]!;
}
