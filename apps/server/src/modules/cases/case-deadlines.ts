import {
  AWAITING_PICKUP_STATUSES,
  CASE_OPERATOR_ROLES,
  OPEN_STATUSES,
  type CaseStatus,
} from '@cc/contracts';
import { Type, type Static } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { AppDeps } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { deadlineChainJob, deadlineStepSchema } from '../../platform/deadline-chain.js';
import { defineJob, type JobSpec } from '../../platform/jobs.js';
import { accountsBoundAt } from '../identity/index.js';
import { CaseWrites, caseWebhookEvent } from './case-writes.js';
import { caseLiveEvent } from './case-presenters.js';
import * as repo from './cases.repo.js';
import { findScenario } from './taxonomy.js';

const DeadlineKind = Type.Union([
  Type.Literal('accept'),
  Type.Literal('warn'),
  Type.Literal('resolve'),
]);

const DeadlineStep = deadlineStepSchema(DeadlineKind);
type DeadlineStep = Static<typeof DeadlineStep>;

/** The step to run now, and the steps after it (each enqueued when the one before has run). */
const DeadlinePayload = Type.Object({
  caseId: Type.String(),
  kind: DeadlineKind,
  due: Type.String(),
  next: Type.Optional(Type.Array(DeadlineStep)),
});
export type DeadlinePayload = Static<typeof DeadlinePayload>;

/** A case's deadlines: warn before the resolve deadline, escalate when one passes. */
export const DEADLINE_JOB = defineJob('case.deadline', DeadlinePayload);

/**
 * One job for a case's deadlines: it runs the first step, and enqueues the next step when it
 * has run (one row at intake instead of one per deadline).
 */
export function deadlineJob(caseId: string, steps: DeadlineStep[]): JobSpec {
  return deadlineChainJob(
    DEADLINE_JOB,
    { idField: 'caseId', id: caseId, keyPrefix: 'case' },
    steps,
  );
}

/**
 * A deadline job: warn the responsible person before the resolve deadline; when a deadline
 * passes with nobody acting, escalate up the area tree (street → district → city). Then the
 * case's next deadline step, while the case is open.
 * Idempotent: a step whose deadline was replaced (re-dispatch, reopen) does nothing and ends
 * its chain (the new dispatch made its own). A step that fails its last attempt ends its chain.
 */
export async function runDeadline(deps: AppDeps, payload: DeadlinePayload): Promise<void> {
  const { caseId } = payload;
  const next = payload.next ?? [];
  const now = new Date();
  let escalated: repo.CaseRow | null = null;
  await deps.db.transaction().execute(async (trx) => {
    const c = await repo.lockCase(trx, caseId);
    if (!c) return;
    const writes = new CaseWrites();
    const step = await runDeadlineStep(trx, writes, c, payload, now);
    if (step === 'superseded') return; // a re-dispatch or reopen started a chain of its own
    escalated = step;
    const status = (escalated?.status ?? c.status) as CaseStatus;
    if (next.length > 0 && OPEN_STATUSES.includes(status)) {
      writes.jobs.push(deadlineJob(caseId, next));
    }
    await writes.flush(trx, deps);
  });
  deps.jobs.kick();
  if (escalated) void deps.live.publish([caseLiveEvent(escalated, now)]);
}

/**
 * One deadline step on the locked case `c`: its writes go into `writes`. Returns the case if it
 * escalated, or 'superseded' when the deadline it watches was replaced.
 */
async function runDeadlineStep(
  trx: Kysely<DB>,
  writes: CaseWrites,
  c: repo.CaseRow,
  { kind, due }: DeadlinePayload,
  now: Date,
): Promise<repo.CaseRow | 'superseded' | null> {
  const caseId = c.id;
  const status = c.status as CaseStatus;
  const current = (kind === 'accept' ? c.accept_due_at : c.resolve_due_at)?.toISOString();
  if (current !== due) return 'superseded';
  const s = findScenario(c.scenario_code)!;
  // the deadlines act as nobody: the web app names the step (系统 / System)
  const system = { caseId, at: now, actorId: null, actorName: null };
  if (kind === 'warn') {
    if (!OPEN_STATUSES.includes(status)) return null;
    writes.event(c, {
      ...system,
      action: 'warn',
      fromStatus: null,
      toStatus: null,
      detail: { resolveDueAt: due },
    });
    if (c.assignee_id) {
      writes.notices.push({
        caseId,
        areaPath: c.area_path,
        recipientId: c.assignee_id,
        channels: ['sms', 'inapp'],
        text: `【社区云】工单${c.number}（${s.name}）将于${due.slice(11, 16)}超时，请尽快处置。`,
      });
    }
    return null;
  }
  const stillOwed = kind === 'accept' ? AWAITING_PICKUP_STATUSES : OPEN_STATUSES;
  if (!stillOwed.includes(status)) return null;
  // up one level of the tree from the current queue; the city's queue is the top: a case
  // waiting there stays escalated (and overdue on its list) instead of escalating again
  const codes = c.queue_area_path.split('/');
  if (codes.length === 1 && status === 'escalated') return null;
  const up = codes.length > 1 ? codes.slice(0, -1) : codes;
  const queueCode = up[up.length - 1]!;
  const acceptDue = new Date(now.getTime() + s.acceptMinutes * 60_000);
  writes.event(c, {
    ...system,
    action: 'escalate',
    fromStatus: status,
    toStatus: 'escalated',
    detail: { missed: kind, due, toAreaCode: queueCode },
  });
  await trx
    .updateTable('cases')
    .set((eb) => ({
      status: 'escalated',
      escalation_level: eb('escalation_level', '+', 1),
      queue_area_code: queueCode,
      queue_area_path: up.join('/'),
      accept_due_at: acceptDue,
      updated_at: now,
      version: eb('version', '+', 1),
    }))
    .where('district_code', '=', c.district_code)
    .where('id', '=', caseId)
    .execute();
  const text = `【社区云】工单${c.number}（${s.name}）已超时升级，请${s.acceptMinutes}分钟内处理。`;
  if (c.assignee_id) {
    writes.notices.push({
      caseId,
      areaPath: c.area_path,
      recipientId: c.assignee_id,
      channels: ['sms', 'inapp'],
      text,
    });
  }
  const operators = (await accountsBoundAt(trx, [queueCode], CASE_OPERATOR_ROLES)).get(queueCode);
  for (const recipientId of operators ?? []) {
    writes.notices.push({ caseId, areaPath: c.area_path, recipientId, channels: ['inapp'], text });
  }
  // the higher level gets its own deadline to act, and escalates further if it does not
  const at = acceptDue.toISOString();
  writes.jobs.push(deadlineJob(caseId, [{ kind: 'accept', runAt: at, due: at }]));
  const escalated = { ...c, status: 'escalated' };
  writes.webhooks.push(caseWebhookEvent('case.escalated', escalated, now));
  return escalated;
}
