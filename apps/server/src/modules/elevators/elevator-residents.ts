import type { ElevatorDetail, ElevatorList, ElevatorStage } from '@cc/contracts';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { findAreaCached } from '../areas/index.js';
import { attachmentRefs } from '../media/index.js';
import { residentRooms, staircaseRef } from '../registry/index.js';
import { residentHome } from '../residents/index.js';
import { costOf, getProject, STAGE_DOCUMENTS } from './elevator-detail.js';
import { ELEVATOR_NOT_FOUND, mayRead } from './elevators.policy.js';
import * as repo from './elevators.repo.js';

/**
 * The project as the staircase's residents see it (方案公示, the design shown to owners): a
 * verified resident whose home is in the staircase, or an owner on record of one of its rooms,
 * reads the stages with their dates and documents and the cost share of their own rooms — no
 * volunteers, no staff notes, no other room's share. Anyone else still gets 404.
 */

/** The rooms of the project's staircase the signed-in resident lives in or owns (none: no stake). */
async function myRoomsIn(ctx: Ctx, p: { building_id: string; unit: string }): Promise<Set<string>> {
  const rooms = await myRooms(ctx);
  return new Set(
    rooms.filter((r) => r.buildingId === p.building_id && r.unit === p.unit).map((r) => r.roomId),
  );
}

async function myRooms(ctx: Ctx) {
  if (!ctx.actor) return [];
  const home = await residentHome(ctx.db, ctx.actor.id);
  return home ? residentRooms(ctx.db, home.residentId, home.roomId) : [];
}

/** GET /api/elevators/mine: the projects of the staircases I live in or own rooms in. */
export async function myProjects(ctx: Ctx): Promise<ElevatorList> {
  if (!ctx.actor) throw AppError.unauthenticated();
  const rooms = await myRooms(ctx);
  const stairs = [...new Map(rooms.map((r) => [`${r.buildingId}|${r.unit}`, r])).values()];
  if (stairs.length === 0) return { items: [], nextCursor: null };
  const rows = (await repo
    .projectsQuery(ctx.db)
    .where((eb) =>
      eb.or(
        stairs.map((s) => eb.and([eb('building_id', '=', s.buildingId), eb('unit', '=', s.unit)])),
      ),
    )
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(20)
    .execute()) as repo.ProjectRow[];
  const items = await Promise.all(
    rows.map(async (p) =>
      repo.toSummary(p, (await findAreaCached(ctx.db, p.committee_code))?.name ?? p.committee_code),
    ),
  );
  return { items, nextCursor: null };
}

/** GET /api/elevators/:id: staff who read it see it whole, the staircase's residents reduced. */
export async function readProject(ctx: Ctx, id: string): Promise<ElevatorDetail> {
  const p = await repo.findProject(ctx.db, id);
  if (!p) throw AppError.notFound(ELEVATOR_NOT_FOUND);
  if (mayRead(ctx.actor, p)) return getProject(ctx, id);
  const mine = await myRoomsIn(ctx, p);
  if (mine.size === 0) throw AppError.notFound(ELEVATOR_NOT_FOUND);
  const stages = await repo.stageRows(ctx.db, id);
  const [docs, cost, stair, committee] = await Promise.all([
    attachmentRefs(
      ctx.db,
      STAGE_DOCUMENTS,
      stages.map((s) => s.id),
    ),
    costOf(ctx.db, p),
    staircaseRef(ctx.db, p.building_id, p.unit),
    findAreaCached(ctx.db, p.committee_code),
  ]);
  return {
    ...repo.toSummary(p, committee?.name ?? p.committee_code),
    stages: stages.map((s) => ({
      stage: s.stage as ElevatorStage,
      plannedOn: s.planned_on,
      actualOn: s.actual_on,
      note: null,
      enteredAt: s.entered_at?.toISOString() ?? null,
      documents: docs.get(s.id) ?? [],
    })),
    votePublishedAt: p.vote_published_at?.toISOString() ?? null,
    // the sharing by floor is the published design; of the rooms, only mine
    cost: cost && { ...cost, rooms: cost.rooms.filter((r) => mine.has(r.roomId)) },
    volunteers: [],
    rooms: stair?.rooms ?? 0,
    can: { edit: false, advanceTo: null, advanceBlocked: null, openVote: false },
  };
}

/** A stage document: whoever may read its project, staff or the staircase's residents. */
export async function canSeeStageDocument(ctx: Ctx, file: { ownerId: string }): Promise<boolean> {
  const s = await ctx.db
    .selectFrom('elevator_stages')
    .select('project_id')
    .where('id', '=', file.ownerId)
    .executeTakeFirst();
  if (!s) return false;
  const p = await repo.findProject(ctx.db, s.project_id);
  if (!p) return false;
  return mayRead(ctx.actor, p) || (await myRoomsIn(ctx, p)).size > 0;
}
