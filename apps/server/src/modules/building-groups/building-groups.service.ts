import {
  BUILDING_SUBJECT_TYPE,
  maskName,
  type BuildingGroupList,
  type BuildingGroupListQuery,
  type BuildingLeaderView,
  type BuildingMemberList,
  type MyBuildingGroup,
} from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { AppDeps, Ctx } from '../../platform/context.js';
import { openCursor, sealCursor } from '../../platform/cursor.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { findAreaCached } from '../areas/index.js';
import { recordAudit } from '../audit/index.js';
import { threadCounts } from '../discussion/index.js';
import { accountNames } from '../identity/index.js';
import { queueNotifications, type NotifyInput } from '../notifications/index.js';
import { buildingRefs, roomPlaces, type BuildingRef } from '../registry/index.js';
import { residentHome } from '../residents/index.js';
import { UNVERIFIED_MESSAGE } from './board-access.js';
import { boardStaffBindings, isBoardStaff } from './building-groups.policy.js';
import {
  buildingsWithMembers,
  deleteLeader,
  endLeaderships,
  isVerifiedMember,
  leadersOf,
  memberCount,
  membersOf,
  putLeader,
} from './building-groups.repo.js';

/**
 * Building groups (楼组): the resident's own group, the committee's list of groups, a
 * building's members, and its leader (楼组长) appointed and removed by the committee's staff.
 * The posts themselves are the discussion module's (subject `building`).
 */

const LIST = 'building-groups.list';
const NO_SUCH_BUILDING = 'buildingId: no such building in your committee / 您的范围内没有这栋楼';

const areaName = async (db: Kysely<DB>, code: string) =>
  (await findAreaCached(db, code))?.name ?? code;

/** The verified resident's building group; 403 saying why for an account without a home. */
export async function getMyBuildingGroup(ctx: Ctx): Promise<MyBuildingGroup> {
  const home = await residentHome(ctx.db, ctx.actor!.id);
  if (!home) throw AppError.forbidden(UNVERIFIED_MESSAGE);
  const building = (await buildingRefs(ctx.db, [home.buildingId])).get(home.buildingId);
  if (!building)
    throw AppError.notFound('Your building is no longer in the registry / 您的楼栋已不在登记中');
  const [leader, members, counts] = await Promise.all([
    leadersOf(ctx.db, [building.id]).then((m) => m.get(building.id) ?? null),
    memberCount(ctx.db, building.id),
    threadCounts(ctx.db, BUILDING_SUBJECT_TYPE, [building.id]),
  ]);
  const names = await accountNames(ctx.db, [leader]);
  return {
    buildingId: building.id,
    buildingName: building.name,
    compoundName: await areaName(ctx.db, building.compoundCode),
    leaderName: leader && names.has(leader) ? maskName(names.get(leader)!) : null,
    memberCount: members,
    postCount: counts.get(building.id)?.comments ?? 0,
    isLeader: leader === ctx.actor!.id,
  };
}

/** Natural order of buildings: by compound, then 2号楼 before 10号楼, then id. */
type Position = [compound: string, length: number, name: string, id: string];
const positionOf = (b: BuildingRef): Position => [b.compoundCode, [...b.name].length, b.name, b.id];
function compare(a: Position, b: Position): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

/**
 * The building groups of a committee (default: the staff member's own), in natural order, with
 * members, leader and post counts: a fixed handful of queries per page, never one per building.
 * Another committee's code is a 404; an account that is no committee staff is refused (403).
 */
export async function listBuildingGroups(
  ctx: Ctx,
  q: BuildingGroupListQuery,
): Promise<BuildingGroupList> {
  const own = boardStaffBindings(ctx.actor);
  if (own.length === 0)
    throw AppError.forbidden(
      'Only committee staff list building groups / 楼组列表仅居委会工作人员可见',
    );
  const code = q.committee ?? own[0]!.areaCode;
  const area = await findAreaCached(ctx.db, code);
  if (!area || !isBoardStaff(ctx.actor, area.path))
    throw AppError.notFound(
      'committee: no such committee in your scope / 您的范围内没有这个居委会',
    );
  const limit = q.limit ?? 50;
  const after = q.cursor
    ? (openCursor(ctx.cipher.key, LIST, ctx.actor!.id, q.cursor) as Position)
    : null;
  if (after && (!Array.isArray(after) || after.length !== 4))
    throw AppError.invalid(
      'cursor',
      'format',
      'cursor: start from the first page / 请从第一页开始',
    );
  const counted = await buildingsWithMembers(ctx.db, area.path);
  const refs = await buildingRefs(
    ctx.db,
    counted.map((c) => c.buildingId),
  );
  const members = new Map(counted.map((c) => [c.buildingId, c.members]));
  const ordered = [...refs.values()]
    .map((b) => ({ b, at: positionOf(b) }))
    .sort((x, y) => compare(x.at, y.at))
    .filter((x) => !after || compare(x.at, after) > 0);
  const page = ordered.slice(0, limit);
  const ids = page.map((p) => p.b.id);
  const [leaders, counts] = await Promise.all([
    leadersOf(ctx.db, ids),
    threadCounts(ctx.db, BUILDING_SUBJECT_TYPE, ids),
  ]);
  const names = await accountNames(ctx.db, [...leaders.values()]);
  const compounds = new Map<string, string>();
  for (const code of new Set(page.map((p) => p.b.compoundCode)))
    compounds.set(code, await areaName(ctx.db, code));
  const items = page.map(({ b }) => {
    const leader = leaders.get(b.id);
    return {
      buildingId: b.id,
      buildingName: b.name,
      compoundCode: b.compoundCode,
      compoundName: compounds.get(b.compoundCode) ?? b.compoundCode,
      memberCount: members.get(b.id) ?? 0,
      leader: leader ? { accountId: leader, name: maskName(names.get(leader) ?? '?') } : null,
      postCount: counts.get(b.id)?.comments ?? 0,
      praiseCount: counts.get(b.id)?.praise ?? 0,
    };
  });
  const last = page.at(-1);
  return {
    committeeCode: area.code,
    committeeName: area.name,
    items,
    nextCursor:
      ordered.length > limit && last
        ? sealCursor(ctx.cipher.key, LIST, ctx.actor!.id, last.at)
        : null,
  };
}

/** A building the actor serves as committee staff, or a 404 that names nothing. */
async function staffBuilding(ctx: Ctx, buildingId: string): Promise<BuildingRef> {
  const building = (await buildingRefs(ctx.db, [buildingId])).get(buildingId);
  if (!building || !isBoardStaff(ctx.actor, building.areaPath))
    throw AppError.notFound(NO_SUCH_BUILDING);
  return building;
}

/** The verified residents of a building (masked names, rooms), for picking its leader. */
export async function listBuildingMembers(
  ctx: Ctx,
  buildingId: string,
): Promise<BuildingMemberList> {
  const building = await staffBuilding(ctx, buildingId);
  const rows = await membersOf(ctx.db, building.id);
  const [names, rooms, leaders] = await Promise.all([
    accountNames(
      ctx.db,
      rows.map((r) => r.account_id),
    ),
    roomPlaces(
      ctx.db,
      rows.map((r) => r.room_id),
    ),
    leadersOf(ctx.db, [building.id]),
  ]);
  const leader = leaders.get(building.id);
  // the room without the compound and building the page already names
  const prefix = `${await areaName(ctx.db, building.compoundCode)} ${building.name} `;
  const roomOf = (id: string) => {
    const label = rooms.get(id)?.label ?? '';
    return label.startsWith(prefix) ? label.slice(prefix.length) : label;
  };
  const items = rows
    .map((r) => ({
      accountId: r.account_id,
      name: maskName(names.get(r.account_id) ?? '?'),
      room: roomOf(r.room_id),
      isLeader: r.account_id === leader,
    }))
    .sort((a, b) => a.room.localeCompare(b.room, 'zh-CN', { numeric: true }));
  await recordAudit(ctx, {
    action: 'building-groups.members.view',
    objectType: 'building',
    objectId: building.id,
    areaPath: building.areaPath,
    detail: { members: items.length },
  });
  return { buildingId: building.id, buildingName: building.name, items };
}

async function leaderView(db: Kysely<DB>, buildingId: string): Promise<BuildingLeaderView> {
  const leader = (await leadersOf(db, [buildingId])).get(buildingId);
  if (!leader) return { buildingId, leader: null };
  const names = await accountNames(db, [leader]);
  return { buildingId, leader: { accountId: leader, name: maskName(names.get(leader) ?? '?') } };
}

const told = (building: BuildingRef, recipientId: string, text: string): NotifyInput => ({
  caseId: null,
  areaPath: building.areaPath,
  recipientId,
  text,
  channels: ['inapp'],
});

/**
 * Appoint the building's leader (楼组长), replacing any: committee staff of the building only
 * (404 otherwise), a verified resident of the building only (400 otherwise). Audited; the new
 * and the former leader are told in-app. Appointing the leader again changes nothing.
 */
export async function appointBuildingLeader(
  ctx: Ctx,
  buildingId: string,
  accountId: string,
): Promise<BuildingLeaderView> {
  const building = await staffBuilding(ctx, buildingId);
  if (!(await isVerifiedMember(ctx.db, building.id, accountId)))
    throw AppError.invalid(
      'accountId',
      'member',
      'accountId: the leader must be a verified resident of this building / 楼组长须是本楼已认证的住户',
    );
  await ctx.db.transaction().execute(async (trx) => {
    // checked again inside: the link may have ended since
    if (!(await isVerifiedMember(trx, building.id, accountId)))
      throw AppError.invalid(
        'accountId',
        'member',
        'accountId: the leader must be a verified resident of this building / 楼组长须是本楼已认证的住户',
      );
    const previous = await putLeader(trx, {
      buildingId: building.id,
      accountId,
      committeeCode: building.committeeCode,
      areaPath: building.areaPath,
      by: ctx.actor!.id,
    });
    if (previous === accountId) return;
    await recordAudit(
      ctx,
      {
        action: 'building-groups.leader.appoint',
        objectType: 'building',
        objectId: building.id,
        areaPath: building.areaPath,
        detail: { leader: accountId, previous },
      },
      trx,
    );
    const notes = [
      told(
        building,
        accountId,
        `【社区云】您已被任命为${building.name}楼组长 / You now lead the building group of ${building.name}`,
      ),
    ];
    if (previous)
      notes.push(
        told(
          building,
          previous,
          `【社区云】您已不再担任${building.name}楼组长 / You no longer lead the building group of ${building.name}`,
        ),
      );
    await queueNotifications(trx, notes);
  });
  ctx.jobs.kick();
  return leaderView(ctx.db, building.id);
}

/**
 * End the building's leadership (committee staff of the building only). Naming an account
 * that is not (or no longer) the leader is a 409 and changes nothing; no leader is no change.
 */
export async function removeBuildingLeader(
  ctx: Ctx,
  buildingId: string,
  accountId: string | undefined,
): Promise<void> {
  const building = await staffBuilding(ctx, buildingId);
  await ctx.db.transaction().execute(async (trx) => {
    const current = (await leadersOf(trx, [building.id])).get(building.id) ?? null;
    if (accountId && current !== accountId)
      throw AppError.conflict(
        'accountId: that account no longer leads this building group / 此人已不是本楼楼组长',
        'accountId',
      );
    const ended = await deleteLeader(trx, building.id);
    if (!ended) return;
    await recordAudit(
      ctx,
      {
        action: 'building-groups.leader.remove',
        objectType: 'building',
        objectId: building.id,
        areaPath: building.areaPath,
        detail: { leader: ended },
      },
      trx,
    );
    await queueNotifications(trx, [
      told(
        building,
        ended,
        `【社区云】您已不再担任${building.name}楼组长 / You no longer lead the building group of ${building.name}`,
      ),
    ]);
  });
  ctx.jobs.kick();
}

/**
 * In the residents module's transaction: a leader whose verified link ended, or who moved to
 * another building (`stay`: the building they live in now), leads no more. Audited.
 */
export async function endLeadershipsOf(
  trx: Kysely<DB>,
  deps: AppDeps,
  accountIds: readonly string[],
  stay?: string,
): Promise<void> {
  const ended = await endLeaderships(trx, accountIds, stay);
  const ctx: Ctx = { ...deps, actor: null, ip: null };
  for (const row of ended)
    await recordAudit(
      ctx,
      {
        action: 'building-groups.leader.end',
        objectType: 'building',
        objectId: row.building_id,
        areaPath: row.area_path,
        detail: { leader: row.account_id, reason: stay ? 'moved' : 'revoked' },
      },
      trx,
    );
}
