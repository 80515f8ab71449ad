import { ErrorCode, type Household, type ResidentLink, type RevokeLinkBody } from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import type { AppDeps, Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import {
  bindResidentRole,
  forgetResidentSessions,
  unbindResidentRoles,
} from '../identity/index.js';
import { householdMembersMasked, registryResidentPlaces, roomPlaces } from '../registry/index.js';
import { residentRevoked, residentVerified } from './resident-events.js';
import { forgetSessionsAfterCommit } from './residents.jobs.js';
import { mayVerify } from './residents.policy.js';
import { notify, toLinkView, verifiedLink, type LinkRow } from './residents.repo.js';

/**
 * Verified links: the home of an account (for notices and affairs), the household as its
 * members see it, the link kept in step with the registry (a move, a new household or head),
 * and its end (a move-out or a move to another committee in the registry, or staff by hand).
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

/** The 403 an account without a verified home gets: this `rule` in the error body says so to clients. */
export const HOME_NOT_VERIFIED_RULE = 'verifiedHome';
export const VERIFY_HOME_FIRST =
  '请先完成住户认证：只有已认证住在本社区的居民可以这样做 / Verify your home first: only residents verified as living here may do this';

/**
 * The signed-in account's verified home, or the 403 that says to verify it first (`message`
 * may say for what; the rule stays `verifiedHome`). 401 without an account.
 */
export async function requireVerifiedHome(
  ctx: Ctx,
  message: string = VERIFY_HOME_FIRST,
): Promise<ResidentHome> {
  if (!ctx.actor) throw AppError.unauthenticated();
  const home = await residentHome(ctx.db, ctx.actor.id);
  if (!home) throw new AppError(ErrorCode.forbidden, message, { rule: HOME_NOT_VERIFIED_RULE });
  return home;
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
  // (the queued job does the same; here at once, the commit being done)
  forgetResidentSessions(ctx.db, [accountId]);
  ctx.jobs.kick();
  const after = await ctx.db
    .selectFrom('resident_links')
    .selectAll()
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
  return toLinkView(ctx.db, after);
}

/**
 * End these links in `trx`: revoked with the reason, the `resident` role unbound (the sessions
 * forget it by a job after the commit), the residents told in-app, `residentRevoked`
 * published, one audit row each.
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
  await forgetSessionsAfterCommit(trx, accountIds);
  const shown = SHOWN_REASONS[reason] ?? reason;
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
const MOVED_AWAY = 'moved to another committee';
/** The reasons the registry gives, as the resident is told them. */
const SHOWN_REASONS: Record<string, string> = {
  [MOVED_OUT]: '登记信息显示您已迁出 / moved out in the registry',
  [MOVED_AWAY]: '登记信息显示您已迁往其他居委或不再登记房屋 / moved in the registry',
};

/** The registry's move-out: the links of those residents end (in the registry's transaction). */
export async function revokeMovedOut(
  trx: Kysely<DB>,
  deps: AppDeps,
  residentIds: readonly string[],
): Promise<void> {
  const links = await verifiedLinksOf(trx, residentIds);
  await revokeLinks(trx, { ...deps, actor: null, ip: null }, links, MOVED_OUT);
}

function verifiedLinksOf(trx: Kysely<DB>, residentIds: readonly string[]): Promise<LinkRow[]> {
  const ids = [...new Set(residentIds)];
  if (ids.length === 0) return Promise.resolve([]);
  return trx
    .selectFrom('resident_links')
    .selectAll()
    .where(sql<boolean>`resident_id = any(${ids}::uuid[])`)
    .where('status', '=', 'verified')
    .execute();
}

/**
 * The registry changed where these residents live (in the registry's transaction): each
 * verified link follows its registry resident — room, building, compound, household, head.
 * A resident now in another committee (or in no room, or no longer present) loses the link;
 * one moved to another compound holds the `resident` role there instead. A link that changed
 * publishes `residentVerified` for its new home, tells the resident in-app, and is audited.
 */
export async function resyncLinks(
  trx: Kysely<DB>,
  deps: AppDeps,
  residentIds: readonly string[],
): Promise<void> {
  const links = await verifiedLinksOf(trx, residentIds);
  if (links.length === 0) return;
  const ctx: Ctx = { ...deps, actor: null, ip: null };
  const places = await registryResidentPlaces(
    trx,
    links.map((l) => l.resident_id),
  );
  const gone: LinkRow[] = [];
  const moved: { link: LinkRow; next: LinkRow }[] = [];
  for (const link of links) {
    const p = places.get(link.resident_id);
    if (
      !p ||
      p.status !== 'present' ||
      !p.roomId ||
      !p.buildingId ||
      !p.compoundCode ||
      p.committeeCode !== link.committee_code
    ) {
      gone.push(link);
      continue;
    }
    const next = {
      ...link,
      room_id: p.roomId,
      building_id: p.buildingId,
      compound_code: p.compoundCode,
      area_path: p.areaPath,
      household_id: p.householdId,
      is_head: p.isHead,
    };
    const keys = [
      'room_id',
      'building_id',
      'compound_code',
      'area_path',
      'household_id',
      'is_head',
    ] as const;
    if (keys.some((k) => next[k] !== link[k])) moved.push({ link, next });
  }
  await revokeLinks(trx, ctx, gone, MOVED_AWAY);
  if (moved.length === 0) return;
  const labels = await roomPlaces(
    trx,
    moved.map((m) => m.next.room_id),
  );
  for (const { link, next } of moved) {
    await trx
      .updateTable('resident_links')
      .set({
        room_id: next.room_id,
        building_id: next.building_id,
        compound_code: next.compound_code,
        area_path: next.area_path,
        household_id: next.household_id,
        is_head: next.is_head,
      })
      .where('account_id', '=', link.account_id)
      .execute();
    if (next.compound_code !== link.compound_code) {
      await unbindResidentRoles(trx, [
        { accountId: link.account_id, areaCode: link.compound_code },
      ]);
      await bindResidentRole(trx, {
        accountId: link.account_id,
        areaCode: next.compound_code,
        areaPath: next.area_path,
        by: null,
      });
    }
    await deps.events.publish(trx, residentVerified, {
      accountId: link.account_id,
      areaPath: next.area_path,
      buildingId: next.building_id,
    });
    await recordAudit(
      ctx,
      {
        action: 'residents.link.follow',
        objectType: 'account',
        objectId: link.account_id,
        areaPath: next.area_path,
        detail: {
          resident: link.resident_id,
          room: next.room_id !== link.room_id,
          household: next.household_id !== link.household_id,
          isHead: next.is_head,
        },
      },
      trx,
    );
  }
  await notify(
    trx,
    moved
      .filter((m) => m.next.room_id !== m.link.room_id)
      .map(({ next }) => {
        const label = labels.get(next.room_id)?.label ?? '';
        return {
          recipientId: next.account_id,
          areaPath: next.area_path,
          text: `【社区云】登记信息显示您已迁至${label}，您的住户认证已随之更新。/ Your verified home is now ${label}.`,
          channels: ['inapp'] as 'inapp'[],
        };
      }),
  );
  await forgetSessionsAfterCommit(
    trx,
    moved
      .filter((m) => m.next.compound_code !== m.link.compound_code)
      .map((m) => m.link.account_id),
  );
}
