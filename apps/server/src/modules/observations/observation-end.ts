import crypto from 'node:crypto';
import {
  OBSERVATION_END_REASON_LABELS,
  type EndObservationBody,
  type ObservationDetail,
  type ObservationEndReason,
} from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { shanghaiDate } from '../../platform/shanghai-time.js';
import { auditEntry, appendAudits } from '../audit/index.js';
import { announceTopicFigures, feedTopicFigures } from '../dashboards/index.js';
import type { DeclarationMarkedDuplicate } from '../declarations/index.js';
import { presentDetail } from './observation-list.js';
import { requireWorker } from './observations.policy.js';
import * as repo from './observations.repo.js';

/**
 * End an active observation in `trx` (the caller holds its row lock): its state, a recorded
 * `ended` step, and one person less under observation on the board from today.
 */
async function endLocked(
  trx: Kysely<DB>,
  o: repo.ObservationRecord,
  end: { reason: ObservationEndReason; note: string; by: string },
): Promise<void> {
  const now = new Date();
  const day = shanghaiDate(now);
  await trx
    .updateTable('observations')
    .set({ state: 'ended', ended_on: day, end_reason: end.reason, ended_by: end.by })
    .where('id', '=', o.id)
    .execute();
  const label = OBSERVATION_END_REASON_LABELS[end.reason];
  await trx
    .insertInto('observation_steps')
    .values({
      id: crypto.randomUUID(),
      observation_id: o.id,
      kind: 'ended',
      day,
      at: now,
      note: `${label.zh} / ${label.en}${end.note ? `：${end.note}` : ''}`,
      case_id: null,
      case_number: null,
      actor_id: end.by,
    })
    .execute();
  await feedTopicFigures(trx, 'epidemic', [
    { metric: 'home_observation', areaPath: o.area_path, day, delta: -1 },
  ]);
}

/**
 * Staff end an observation (期满解除, moved away, sent to hospital, …): a recorded step, one
 * person less under observation on the board from today, audited. Ending an ended one is a 409.
 */
export async function endObservation(
  ctx: Ctx,
  id: string,
  body: EndObservationBody,
): Promise<ObservationDetail> {
  const o = await ctx.db.transaction().execute(async (trx) => {
    const o = await repo.lockObservation(trx, id);
    requireWorker(ctx.actor, o);
    if (o.state === 'ended')
      throw AppError.conflict('This observation has ended already / 观察已结束');
    await endLocked(trx, o, {
      reason: body.reason,
      note: body.note?.trim() ?? '',
      by: ctx.actor!.id,
    });
    await appendAudits(trx, ctx, [
      auditEntry(ctx, {
        action: 'observation.end',
        objectType: 'observation',
        objectId: o.id,
        areaPath: o.area_path,
        detail: { reason: body.reason },
      }),
    ]);
    return (await repo.findObservation(trx, o.id))!;
  });
  announceTopicFigures(ctx.live, 'epidemic', [o.area_path]);
  return presentDetail(ctx, o);
}

/**
 * A declaration was marked a duplicate (the `declarationMarkedDuplicate` event, in the review's
 * transaction): the observation it opened, if still active, ends as `other` with a step saying
 * why. The review is audited by the declarations module; it announces the board's figures of
 * the same compound after its commit.
 */
export async function endObservationOfDeclaration(
  trx: Kysely<DB>,
  p: DeclarationMarkedDuplicate,
): Promise<void> {
  const o = await repo
    .observationQuery(trx)
    .where('o.declaration_id', '=', p.declarationId)
    .forUpdate()
    .executeTakeFirst();
  if (!o || o.state === 'ended') return;
  await endLocked(trx, o, {
    reason: 'other',
    note: `重复申报 / a duplicate declaration${p.note ? `：${p.note}` : ''}`,
    by: p.by,
  });
}
