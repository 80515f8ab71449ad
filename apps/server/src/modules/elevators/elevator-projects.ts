import crypto from 'node:crypto';
import {
  ELEVATOR_STAGES,
  type CreateElevatorBody,
  type ElevatorDetail,
  type ElevatorList,
  type ElevatorListQuery,
  type UpdateElevatorBody,
} from '@cc/contracts';
import type { Ctx } from '../../platform/context.js';
import { openCursor, sealCursor } from '../../platform/cursor.js';
import { pathWithin } from '../../platform/db/path-within.js';
import { AppError } from '../../platform/errors.js';
import { bindingsWith } from '../../platform/policy.js';
import { maskPersonalNumbers } from '../../platform/text-masking.js';
import { findAreaCached, normalizeAreaCode, staffCommittee } from '../areas/index.js';
import { recordAudit } from '../audit/index.js';
import { staircaseRef } from '../registry/index.js';
import { getProject } from './elevator-detail.js';
import { ELEVATOR_NOT_FOUND, mayRun, readerScope, requireRunner } from './elevators.policy.js';
import * as repo from './elevators.repo.js';

/** Making, editing and listing elevator projects (one per staircase). */

const LIST = 'elevators.list';

/** The committee a new project is for: the one named (in the actor's area), or their only one. */
const projectCommittee = (ctx: Ctx, raw: string | undefined) =>
  staffCommittee(ctx, raw === undefined ? undefined : normalizeAreaCode(raw, 'committeeCode'), {
    roles: ['committee_staff'],
    mayAct: (path) => mayRun(ctx.actor, { area_path: path }),
    required: 'committeeCode: name the committee the project is for / 请选择项目所属居委会',
  });

function checkTitle(raw: string): string {
  const title = raw.trim();
  if (title.length < 2)
    throw AppError.invalid(
      'title',
      'minLength',
      'title: 2 to 80 characters / 项目名称须为 2–80 个字',
    );
  return maskPersonalNumbers(title);
}

/**
 * Committee staff start a project for one staircase of their committee (the building and unit
 * as the registry holds them); it starts in consultation with its seven stages.
 */
export async function createProject(ctx: Ctx, body: CreateElevatorBody): Promise<ElevatorDetail> {
  const actor = ctx.actor!;
  if (bindingsWith(actor, ['committee_staff']).length === 0) {
    if (readerScope(actor).length > 0)
      throw AppError.forbidden(
        "Only the committee's staff start an elevator project / 仅居委会工作人员可新建加装电梯项目",
      );
    throw AppError.notFound(ELEVATOR_NOT_FOUND);
  }
  const title = checkTitle(body.title);
  const unit = body.unit.trim();
  if (!unit)
    throw AppError.invalid('unit', 'required', 'unit: name the staircase, e.g. 1单元 / 请填写单元');
  const committee = await projectCommittee(ctx, body.committeeCode);
  const stair = await staircaseRef(ctx.db, body.buildingId, unit);
  if (!stair || stair.committeeCode !== committee.code)
    throw AppError.invalid(
      'buildingId',
      'exists',
      'buildingId: no such building in the committee’s registry / 本居委会房屋信息中没有该楼栋',
    );
  if (stair.rooms === 0)
    throw AppError.invalid(
      'unit',
      'exists',
      `unit: ${stair.buildingName} has no rooms in "${unit}" on record / 该楼栋没有这个单元的房屋`,
    );
  const parts = committee.path.split('/');
  const id = crypto.randomUUID();
  const now = new Date();
  await ctx.db.transaction().execute(async (trx) => {
    const made = await trx
      .insertInto('elevator_projects')
      .values({
        id,
        committee_code: committee.code,
        street_code: parts[parts.length - 2] ?? '',
        district_code: parts[parts.length - 3] ?? '',
        area_path: stair.areaPath,
        building_id: stair.buildingId,
        building_name: stair.buildingName,
        unit,
        lng: stair.lng,
        lat: stair.lat,
        title,
        stage: 'consultation',
        target_year: body.targetYear ?? null,
        vote_id: null,
        vote_passed: null,
        vote_published_at: null,
        in_service_on: null,
        cost_preset: null,
        cost_total_fen: null,
        cost_floors: null,
        cost_set_at: null,
        created_by: actor.id,
        created_at: now,
        updated_at: now,
      })
      // one project per staircase: the unique index decides, even for two requests at once
      .onConflict((oc) => oc.columns(['building_id', 'unit']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!made)
      throw AppError.conflict(
        'This staircase has an elevator project already / 该单元已有加装电梯项目',
        'unit',
      );
    await trx
      .insertInto('elevator_stages')
      .values(
        ELEVATOR_STAGES.map((stage, i) => ({
          id: crypto.randomUUID(),
          project_id: id,
          stage,
          position: i + 1,
          planned_on: null,
          actual_on: null,
          note: null,
          entered_at: i === 0 ? now : null,
        })),
      )
      .execute();
    await recordAudit(
      ctx,
      {
        action: 'elevators.create',
        objectType: 'elevator_project',
        objectId: id,
        areaPath: stair.areaPath,
        detail: { buildingId: stair.buildingId, unit, targetYear: body.targetYear ?? null },
      },
      trx,
    );
  });
  return getProject(ctx, id);
}

/** Staff rename a project or change the year it aims at. */
export async function updateProject(
  ctx: Ctx,
  id: string,
  body: UpdateElevatorBody,
): Promise<ElevatorDetail> {
  const title = body.title === undefined ? undefined : checkTitle(body.title);
  await ctx.db.transaction().execute(async (trx) => {
    const p = await repo.lockProject(trx, id);
    requireRunner(ctx.actor, p);
    await trx
      .updateTable('elevator_projects')
      .set({
        ...(title !== undefined ? { title } : {}),
        ...(body.targetYear !== undefined ? { target_year: body.targetYear } : {}),
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(
      ctx,
      {
        action: 'elevators.update',
        objectType: 'elevator_project',
        objectId: id,
        areaPath: p.area_path,
        detail: { ...(title !== undefined ? { title } : {}), targetYear: body.targetYear },
      },
      trx,
    );
  });
  return getProject(ctx, id);
}

/**
 * Projects of the reader's area, newest first (keyset pages): a committee's staff theirs, street
 * and district operators their area's; `committee`, `street` and `stage` narrow it.
 */
export async function listProjects(ctx: Ctx, q: ElevatorListQuery): Promise<ElevatorList> {
  const actor = ctx.actor!;
  const roots = readerScope(actor);
  if (roots.length === 0) throw AppError.notFound(ELEVATOR_NOT_FOUND);
  let query = repo.projectsQuery(ctx.db).where(pathWithin('area_path', roots));
  if (q.committee) query = query.where('committee_code', '=', q.committee);
  if (q.street) query = query.where('street_code', '=', q.street);
  if (q.stage) query = query.where('stage', '=', q.stage);
  if (q.cursor) {
    const [at, after] = openCursor(ctx.cipher.key, LIST, actor.id, q.cursor) as [string, string];
    const t = new Date(at);
    query = query.where((eb) =>
      eb.or([eb('created_at', '<', t), eb.and([eb('created_at', '=', t), eb('id', '<', after)])]),
    );
  }
  const limit = q.limit ?? 50;
  const rows = (await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute()) as repo.ProjectRow[];
  const page = rows.slice(0, limit);
  const names = new Map<string, string>();
  for (const code of new Set(page.map((p) => p.committee_code)))
    names.set(code, (await findAreaCached(ctx.db, code))?.name ?? code);
  const last = page[page.length - 1];
  return {
    items: page.map((p) => repo.toSummary(p, names.get(p.committee_code) ?? p.committee_code)),
    nextCursor:
      rows.length > limit && last
        ? sealCursor(ctx.cipher.key, LIST, actor.id, [last.created_at.toISOString(), last.id])
        : null,
  };
}
