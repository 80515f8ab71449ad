import { AFFAIR_FINAL_STATES, type AffairState } from '@cc/contracts';
import { Type, type Static } from '@sinclair/typebox';
import type { AppDeps } from '../../platform/context.js';
import {
  deadlineChainJob,
  deadlineStepSchema,
  warnThenEscalateSteps,
  type DeadlineStep,
} from '../../platform/deadline-chain.js';
import { defineJob, type JobSpec } from '../../platform/jobs.js';
import { shanghaiMinute } from '../../platform/shanghai-time.js';
import { recordAudit } from '../audit/index.js';
import { findService } from './catalogue.js';
import { queueNotifications } from '../notifications/index.js';
import * as repo from './affairs.repo.js';
import { COMMITTEE_OWES } from './state-machine.js';

const StepKind = Type.Union([Type.Literal('warn'), Type.Literal('escalate')]);
const AffairDeadlinePayload = Type.Object({
  requestId: Type.String(),
  kind: StepKind,
  due: Type.String(),
  next: Type.Optional(Type.Array(deadlineStepSchema(StepKind))),
});
type AffairDeadlinePayload = Static<typeof AffairDeadlinePayload>;

/** A request's deadline: warn the committee a day before, escalate to the street after it. */
export const AFFAIR_DEADLINE_JOB = defineJob('affairs.deadline', AffairDeadlinePayload);

// the deadline's rule is the platform's (cases, affairs and proposals count days alike)
export { dueDate } from '../../platform/deadline-chain.js';

/** The deadline job of a new request: a warning a day before (halfway, if sooner), then escalation. */
export function deadlineJob(requestId: string, filedAt: Date, due: Date): JobSpec {
  return chain(requestId, warnThenEscalateSteps(filedAt, due));
}

const chain = (requestId: string, steps: readonly DeadlineStep[]) =>
  deadlineChainJob(
    AFFAIR_DEADLINE_JOB,
    { idField: 'requestId', id: requestId, keyPrefix: 'affair' },
    steps,
  );

/**
 * One deadline step. Idempotent: a step whose deadline was replaced, or whose request ended,
 * does nothing and ends its chain; while the request waits for the resident (补正) the step
 * does nothing but the chain goes on.
 */
export async function runAffairDeadline(deps: AppDeps, p: AffairDeadlinePayload): Promise<void> {
  const next = p.next ?? [];
  await deps.db.transaction().execute(async (trx) => {
    const r = await repo.lockRequest(trx, p.requestId);
    if (!r || r.due_at.toISOString() !== p.due) return;
    const state = r.state as AffairState;
    if (AFFAIR_FINAL_STATES.includes(state)) return;
    const jobs = next.length > 0 ? [chain(r.id, next)] : [];
    if (!COMMITTEE_OWES.includes(state)) {
      await queueNotifications(trx, [], jobs);
      return;
    }
    const label = repo.requestLabel(findService(r.service_code), r);
    const system = {
      requestId: r.id,
      actorId: null,
      actorName: 'system',
      fromState: null,
      toState: null,
    };
    const staff = await repo.staffAt(trx, r.committee_code, ['committee_staff']);
    if (p.kind === 'warn') {
      await repo
        .insertEvent(trx, { ...system, action: 'warn', detail: { dueAt: p.due } })
        .execute();
      const text = `【社区云】办事申请${label}将于${shanghaiMinute(p.due)}到期，请尽快办理。`;
      await queueNotifications(
        trx,
        staff.map((recipientId) => ({
          caseId: null,
          areaPath: r.area_path,
          recipientId,
          channels: ['inapp', 'sms'],
          text,
        })),
        jobs,
      );
      return;
    }
    const street = repo.streetCode(r.area_path, r.committee_code);
    await trx
      .updateTable('affair_requests')
      .set((eb) => ({ escalation_level: eb('escalation_level', '+', 1), updated_at: new Date() }))
      .where('id', '=', r.id)
      .execute();
    await repo
      .insertEvent(trx, {
        ...system,
        action: 'escalate',
        detail: { dueAt: p.due, toAreaCode: street },
      })
      .execute();
    const operators = await repo.staffAt(trx, street, ['street_operator']);
    const text = `【社区云】办事申请${label}已超过办理时限，已上报街道督办。`;
    await queueNotifications(
      trx,
      [...new Set([...staff, ...operators])].map((recipientId) => ({
        caseId: null,
        areaPath: r.area_path,
        recipientId,
        channels: ['inapp'],
        text,
      })),
      jobs,
    );
    await recordAudit(
      { ...deps, actor: null, ip: null },
      {
        action: 'affairs.escalate',
        objectType: 'affair',
        objectId: r.id,
        areaPath: r.area_path,
        detail: { toAreaCode: street },
      },
      trx,
    );
  });
  deps.jobs.kick();
}
