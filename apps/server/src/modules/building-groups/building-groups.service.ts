import {
  BUILDING_SUBJECT_TYPE,
  maskName,
  type BuildingGroupList,
  type BuildingGroupListQuery,
  type BuildingMemberList,
  type MyBuildingGroup,
} from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { openCursor, sealCursor } from '../../platform/cursor.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { findAreaCached } from '../areas/index.js';
import { recordAudit } from '../audit/index.js';
import { threadCounts } from '../discussion/index.js';
import { accountNames } from '../identity/index.js';
import {
  buildingRefs,
  buildingsPage,
  roomPlaces,
  type BuildingPosition,
  type BuildingRef,
} from '../registry/index.js';
import { residentHome } from '../residents/index.js';
import { UNVERIFIED_MESSAGE } from './board-access.js';
import { boardStaffBindings, isBoardStaff } from './building-groups.policy.js';
import {
  committeesAt,
  leadersOf,
  memberCount,
  memberCounts,
  membersOf,
} from './building-groups.repo.js';

/**
 * Building groups (楼组): the resident's own group, the committee's list of groups, a
 * building's members (its leader, 楼组长, is appointed and removed in building-leaders.ts).
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

/**
 * The building groups of a committee (default: the staff member's own), in natural order
 * (keyset over the registry's buildings), with members, leader and post counts of the page's
 * buildings only: a fixed handful of queries per page, never one per building. Another
 * committee's code is a 404; an account that is no committee staff is refused (403).
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
    ? (openCursor(ctx.cipher.key, LIST, ctx.actor!.id, q.cursor) as BuildingPosition)
    : null;
  if (after && (!Array.isArray(after) || after.length !== 4))
    throw AppError.invalid(
      'cursor',
      'format',
      'cursor: start from the first page / 请从第一页开始',
    );
  const rows = await buildingsPage(ctx.db, await committeesAt(ctx.db, area), after, limit + 1);
  const page = rows.slice(0, limit);
  const ids = page.map((p) => p.ref.id);
  const [members, leaders, counts] = await Promise.all([
    memberCounts(ctx.db, ids),
    leadersOf(ctx.db, ids),
    threadCounts(ctx.db, BUILDING_SUBJECT_TYPE, ids),
  ]);
  const names = await accountNames(ctx.db, [...leaders.values()]);
  const compounds = new Map<string, string>();
  for (const code of new Set(page.map((p) => p.ref.compoundCode)))
    compounds.set(code, await areaName(ctx.db, code));
  const items = page.map(({ ref: b }) => {
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
      rows.length > limit && last ? sealCursor(ctx.cipher.key, LIST, ctx.actor!.id, last.at) : null,
  };
}

/** A building the actor serves as committee staff, or a 404 that names nothing. */
export async function staffBuilding(ctx: Ctx, buildingId: string): Promise<BuildingRef> {
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
