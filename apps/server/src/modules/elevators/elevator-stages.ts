import {
  ELEVATOR_STAGES,
  ELEVATOR_TRANSITIONS,
  type AdvanceElevatorBody,
  type ElevatorDetail,
  type ElevatorStage,
  type UpdateElevatorStageBody,
} from '@cc/contracts';
import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { shanghaiDate } from '../../platform/shanghai-time.js';
import { maskPersonalNumbers } from '../../platform/text-masking.js';
import { recordAudit } from '../audit/index.js';
import { setAttachments } from '../media/index.js';
import {
  advanceBlock,
  getProject,
  nextStage,
  STAGE_DOCUMENTS,
  stageName,
} from './elevator-detail.js';
import { requireRunner } from './elevators.policy.js';
import * as repo from './elevators.repo.js';

/**
 * The stage machine: one step forward at a time (ELEVATOR_TRANSITIONS), leaving the owners' vote
 * only with a published vote that passed; each stage's dates, note and documents.
 */

/** Staff move the project one stage on (`to` must be the next one: a skip or a step back is 409). */
export async function advanceProject(
  ctx: Ctx,
  id: string,
  body: AdvanceElevatorBody,
): Promise<ElevatorDetail> {
  const note = body.note?.trim() ? maskPersonalNumbers(body.note.trim()) : null;
  await ctx.db.transaction().execute(async (trx) => {
    const p = await repo.lockProject(trx, id);
    requireRunner(ctx.actor, p);
    if (!ELEVATOR_TRANSITIONS[p.stage].includes(body.to)) {
      const next = nextStage(p.stage);
      throw AppError.conflict(
        next
          ? `From ${stageName(p.stage)} the project moves only to ${stageName(next)}, one stage at a time / 项目须逐个阶段推进`
          : `The project is in service: there is no further stage / 项目已投入使用，没有后续阶段`,
      );
    }
    const blocked = advanceBlock(p);
    if (blocked) throw AppError.conflict(blocked);
    const now = new Date();
    const today = shanghaiDate(now);
    await trx
      .updateTable('elevator_stages')
      .set({
        entered_at: now,
        updated_at: now,
        ...(note ? { note } : {}),
        // in service: the day it went into service, unless staff wrote another day
        ...(body.to === 'in_service'
          ? { actual_on: sql`coalesce(actual_on, ${today}::date)` }
          : {}),
      })
      .where('project_id', '=', id)
      .where('stage', '=', body.to)
      .execute();
    // the stage left behind is done today unless staff wrote another day
    await trx
      .updateTable('elevator_stages')
      .set({ actual_on: sql`coalesce(actual_on, ${today}::date)`, updated_at: now })
      .where('project_id', '=', id)
      .where('stage', '=', p.stage)
      .execute();
    await trx
      .updateTable('elevator_projects')
      .set({
        stage: body.to,
        updated_at: now,
        ...(body.to === 'in_service' ? { in_service_on: today } : {}),
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(
      ctx,
      {
        action: 'elevators.advance',
        objectType: 'elevator_project',
        objectId: id,
        areaPath: p.area_path,
        detail: { from: p.stage, to: body.to },
      },
      trx,
    );
  });
  return getProject(ctx, id);
}

const position = (s: ElevatorStage) => ELEVATOR_STAGES.indexOf(s);

function checkDay(field: string, value: string | null | undefined, today: string): void {
  if (!value) return;
  if (value < '2000-01-01' || value > '2100-12-31')
    throw AppError.invalid(
      field,
      'range',
      `${field}: a date from 2000 to 2100 / 日期须在 2000–2100 年之间`,
    );
  if (field === 'actualOn' && value > today)
    throw AppError.invalid(
      field,
      'notFuture',
      'actualOn: the actual date cannot be in the future / 实际日期不能晚于今天',
    );
}

/**
 * Staff set a stage's planned and actual dates, note and documents (exactly the ids given).
 * An actual date only for a stage the project has reached; never in the future.
 */
export async function updateStage(
  ctx: Ctx,
  id: string,
  stage: ElevatorStage,
  body: UpdateElevatorStageBody,
): Promise<ElevatorDetail> {
  const today = shanghaiDate();
  checkDay('plannedOn', body.plannedOn, today);
  checkDay('actualOn', body.actualOn, today);
  const note =
    body.note === undefined
      ? undefined
      : body.note?.trim()
        ? maskPersonalNumbers(body.note.trim())
        : null;
  await ctx.db.transaction().execute(async (trx) => {
    const p = await repo.lockProject(trx, id);
    requireRunner(ctx.actor, p);
    if (body.actualOn && position(stage) > position(p.stage))
      throw AppError.conflict(
        `actualOn: the project has not reached ${stageName(stage)} yet / 项目尚未进入该阶段，不能填写实际日期`,
        'actualOn',
      );
    const row = await trx
      .selectFrom('elevator_stages')
      .select('id')
      .where('project_id', '=', id)
      .where('stage', '=', stage)
      .executeTakeFirstOrThrow();
    const now = new Date();
    await trx
      .updateTable('elevator_stages')
      .set({
        ...(body.plannedOn !== undefined ? { planned_on: body.plannedOn } : {}),
        ...(body.actualOn !== undefined ? { actual_on: body.actualOn } : {}),
        ...(note !== undefined ? { note } : {}),
        updated_at: now,
      })
      .where('id', '=', row.id)
      .execute();
    if (body.attachmentIds)
      await setAttachments(trx, {
        ids: body.attachmentIds,
        ownerType: STAGE_DOCUMENTS,
        ownerId: row.id,
        uploadedBy: ctx.actor!.id,
      });
    // the board counts the year an elevator went into service by this stage's actual date
    if (stage === 'in_service' && p.stage === 'in_service' && body.actualOn !== undefined)
      await trx
        .updateTable('elevator_projects')
        .set({ in_service_on: body.actualOn ?? today, updated_at: now })
        .where('id', '=', id)
        .execute();
    else
      await trx
        .updateTable('elevator_projects')
        .set({ updated_at: now })
        .where('id', '=', id)
        .execute();
    await recordAudit(
      ctx,
      {
        action: 'elevators.stage',
        objectType: 'elevator_project',
        objectId: id,
        areaPath: p.area_path,
        detail: {
          stage,
          plannedOn: body.plannedOn,
          actualOn: body.actualOn,
          ...(note !== undefined ? { note: note !== null } : {}),
          documents: body.attachmentIds?.length,
        },
      },
      trx,
    );
  });
  return getProject(ctx, id);
}
