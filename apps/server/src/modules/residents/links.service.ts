import type { Household, ResidentLink, RevokeLinkBody } from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { AppDeps, Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { forgetResidentSessions, unbindResidentRoles } from '../identity/index.js';
import { householdMembersMasked } from '../registry/index.js';
import { residentRevoked } from './resident-events.js';
import { mayVerify } from './residents.policy.js';
import { toLinkView, verifiedLink, type LinkRow } from './residents.repo.js';
import { notify } from './verification.service.js';

/**
 * Verified links: the home of an account (for notices and affairs), the household as its
 * members see it, and the end of a link (a move-out in the registry, or staff by hand).
 */

export interface ResidentHome {
  accountId: string;
  residentId: string;
  roomId: string;
  buildingId: string;
  householdId: string | null;
  committeeCode: string;
  compoundCode: string;
  areaPath: string;
  relation: string;
  isHead: boolean;
}

/** The account's verified home, or null (unverified or revoked). */
export async function residentHome(
  db: Kysely<DB>,
  accountId: string,
): Promise<ResidentHome | null> {
  const link = await verifiedLink(db, accountId);
  if (!link) return null;
  return {
    accountId: link.account_id,
    residentId: link.resident_id,
    roomId: link.room_id,
    buildingId: link.building_id,
    householdId: link.household_id,
    committeeCode: link.committee_code,
    compoundCode: link.compound_code,
    areaPath: link.area_path,
    relation: link.relation,
    isHead: link.is_head,
  };
}

/** The members of my household, masked, with my own link; 404 without a verified link. */
export async function getHousehold(ctx: Ctx): Promise<Household> {
  const link = await verifiedLink(ctx.db, ctx.actor!.id);
  if (!link)
    throw AppError.notFound(
      'This account is not verified as living in a room / 该账号尚未完成住户认证',
    );
  const view = await toLinkView(ctx.db, link);
  if (!link.household_id) {
    await auditHousehold(ctx, link, 0);
    return { link: view, householdNumber: null, members: [] };
  }
  const household = await householdMembersMasked(ctx.db, link.household_id);
  const ids = household.members.map((m) => m.residentId);
  const verified = new Set(
    ids.length === 0
      ? []
      : (
          await ctx.db
            .selectFrom('resident_links')
            .select('resident_id')
            .where('resident_id', 'in', ids)
            .where('status', '=', 'verified')
            .execute()
        ).map((r) => r.resident_id),
  );
  await auditHousehold(ctx, link, household.members.length);
  return {
    link: view,
    householdNumber: household.number,
    members: household.members.map((m) => ({
      name: m.name,
      relation: m.relation,
      isMe: m.residentId === link.resident_id,
      isVerified: verified.has(m.residentId),
    })),
  };
}

const auditHousehold = (ctx: Ctx, link: LinkRow, members: number) =>
  recordAudit(ctx, {
    action: 'residents.household.view',
    objectType: 'household',
    objectId: link.household_id,
    areaPath: link.area_path,
    detail: { members },
  });

/** Staff end an account's verified link by hand, with a reason; 404 outside their area. */
export async function revokeLinkByStaff(
  ctx: Ctx,
  accountId: string,
  body: RevokeLinkBody,
): Promise<ResidentLink> {
  const link = await verifiedLink(ctx.db, accountId);
  if (!link || !mayVerify(ctx.actor, link.area_path))
    throw AppError.notFound('No such verified resident in your scope / 您的范围内没有此认证住户');
  const reason = body.reason.trim();
  if (reason.length === 0)
    throw AppError.invalid(
      'reason',
      'required',
      'reason: say why the link ends / 请填写解除认证的原因',
    );
  await ctx.db.transaction().execute((trx) => revokeLinks(trx, ctx, [link], reason));
  forgetResidentSessions(ctx.db, [accountId]);
  const after = await ctx.db
    .selectFrom('resident_links')
    .selectAll()
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
  return toLinkView(ctx.db, after);
}

/**
 * End these links in `trx`: revoked with the reason, the `resident` role unbound, the
 * residents told in-app, `residentRevoked` published, one audit row each.
 */
async function revokeLinks(
  trx: Kysely<DB>,
  ctx: Ctx,
  links: readonly LinkRow[],
  reason: string,
): Promise<void> {
  if (links.length === 0) return;
  const accountIds = links.map((l) => l.account_id);
  await trx
    .updateTable('resident_links')
    .set({ status: 'revoked', revoked_at: new Date(), revoked_reason: reason })
    .where('account_id', 'in', accountIds)
    .where('status', '=', 'verified')
    .execute();
  await unbindResidentRoles(
    trx,
    links.map((l) => ({ accountId: l.account_id, areaCode: l.compound_code })),
  );
  const shown = reason === MOVED_OUT ? '登记信息显示您已迁出 / moved out in the registry' : reason;
  await notify(
    trx,
    links.map((l) => ({
      recipientId: l.account_id,
      areaPath: l.area_path,
      text: `【社区云】您的住户认证已解除：${shown} / Your verification as a resident has ended.`,
      channels: ['inapp'],
    })),
  );
  await ctx.events.publish(trx, residentRevoked, { accountIds });
  for (const l of links)
    await recordAudit(
      ctx,
      {
        action: 'residents.link.revoke',
        objectType: 'account',
        objectId: l.account_id,
        areaPath: l.area_path,
        detail: { resident: l.resident_id, reason },
      },
      trx,
    );
}

const MOVED_OUT = 'moved out';

/** The registry's move-out: the links of those residents end (in the registry's transaction). */
export async function revokeMovedOut(
  trx: Kysely<DB>,
  deps: AppDeps,
  residentIds: readonly string[],
): Promise<void> {
  if (residentIds.length === 0) return;
  const links = await trx
    .selectFrom('resident_links')
    .selectAll()
    .where('resident_id', 'in', [...new Set(residentIds)])
    .where('status', '=', 'verified')
    .execute();
  if (links.length === 0) return;
  await revokeLinks(trx, { ...deps, actor: null, ip: null }, links, MOVED_OUT);
  // the sessions read their roles again (a read before the commit may cache the old roles for
  // the session cache's few seconds)
  forgetResidentSessions(
    deps.db,
    links.map((l) => l.account_id),
  );
}
