import {
  BUILDING_GROUP_STAFF_ROLES,
  BUILDING_LEADER_BADGE,
  BUILDING_STAFF_BADGE,
} from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import type { DiscussionAccess, DiscussionSubject } from '../discussion/index.js';
import { accountsBoundAt } from '../identity/index.js';
import { buildingRefs } from '../registry/index.js';
import { residentHome } from '../residents/index.js';
import { isStaff } from '../../platform/policy.js';
import { isBoardStaff } from './building-groups.policy.js';
import { leadersOf } from './building-groups.repo.js';

/** What an account without a verified home is told (403). */
export const UNVERIFIED_MESSAGE =
  'Verify your home first: building groups are for the verified residents of a building / 请先完成住户认证，才能进入楼组';

/**
 * Who may do what on a building's board (discussion subject `building`, id the building's):
 * its verified residents read and write, its leader also moderates; committee staff whose
 * area reaches the building read, write (as 居委) and moderate. Anyone else is told nothing
 * (null → 404), except an account that is no one's resident and no staff: 403, verify first.
 */
export async function buildingBoardAccess(
  ctx: Ctx,
  buildingId: string,
): Promise<DiscussionAccess | null> {
  const building = (await buildingRefs(ctx.db, [buildingId])).get(buildingId);
  if (!building || !ctx.actor) return null;
  const place = {
    areaPath: building.areaPath,
    committeeCode: building.committeeCode,
    buildingId: building.id,
  };
  if (isBoardStaff(ctx.actor, building.areaPath))
    return { canRead: true, cannotWrite: null, isModerator: true, ...place };
  const home = await residentHome(ctx.db, ctx.actor.id);
  if (!home) {
    // staff without a home are told nothing (404), not "verify first"
    if (isStaff(ctx.actor)) return null;
    throw AppError.forbidden(UNVERIFIED_MESSAGE);
  }
  if (home.buildingId !== building.id) return null;
  const leader = (await leadersOf(ctx.db, [building.id])).get(building.id);
  return { canRead: true, cannotWrite: null, isModerator: leader === ctx.actor.id, ...place };
}

/**
 * Badges beside authors on a board: 楼组长 for the building's leader, 居委 for committee staff
 * whose binding reaches the building. Three queries for a page of authors.
 */
export async function buildingAuthorBadges(
  db: Kysely<DB>,
  buildingId: string,
  authorIds: readonly string[],
): Promise<Map<string, string>> {
  const badges = new Map<string, string>();
  if (authorIds.length === 0) return badges;
  const building = (await buildingRefs(db, [buildingId])).get(buildingId);
  if (!building) return badges;
  const authors = new Set(authorIds);
  const bound = await accountsBoundAt(db, building.areaPath.split('/'), BUILDING_GROUP_STAFF_ROLES);
  for (const ids of bound.values())
    for (const id of ids) if (authors.has(id)) badges.set(id, BUILDING_STAFF_BADGE);
  const leader = (await leadersOf(db, [buildingId])).get(buildingId);
  if (leader && authors.has(leader)) badges.set(leader, BUILDING_LEADER_BADGE);
  return badges;
}

/** The board as a discussion subject (registered in the manifest's start). */
export const buildingBoard: DiscussionSubject = {
  access: buildingBoardAccess,
  authorBadges: buildingAuthorBadges,
};
