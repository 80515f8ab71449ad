import { Type, type Static } from '@sinclair/typebox';
import { sql, type Kysely } from 'kysely';
import type { AppDeps } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import {
  deadlineChainJob,
  deadlineStepSchema,
  dueDate,
  warnThenEscalateSteps,
  type DeadlineStep,
} from '../../platform/deadline-chain.js';
import { defineJob, type JobSpec } from '../../platform/jobs.js';
import { shanghaiMinute } from '../../platform/shanghai-time.js';
import { recordAudit } from '../audit/index.js';
import { queueNotifications } from '../notifications/index.js';
import * as repo from './proposals.repo.js';
import { tellJob } from './proposal-tell.js';

const StepKind = Type.Union([
  Type.Literal('warn'),
  Type.Literal('escalate'),
  Type.Literal('escalate_district'),
]);
type StepKind = Static<typeof StepKind>;
const ProposalDeadlinePayload = Type.Object({
  proposalId: Type.String(),
  kind: StepKind,
  /** the committee's deadline the chain watches (a new deadline ends the chain) */
  due: Type.String(),
  next: Type.Optional(Type.Array(deadlineStepSchema(StepKind))),
});
type ProposalDeadlinePayload = Static<typeof ProposalDeadlinePayload>;

/**
 * The committee's answer deadline: a warning before, escalation to the street at it, and —
 * still unanswered `answerDays` later — escalation to the district.
 */
export const PROPOSAL_DEADLINE_JOB = defineJob('proposals.deadline', ProposalDeadlinePayload);

/** The end (midnight, Shanghai) of the day `days` calendar days after `at`. */
export const answerDue = (at: Date, days: number): Date => dueDate(at, { days, working: false });

/**
 * The chain started when the committee owes an answer by `due`: warn a day before (halfway if
 * sooner), escalate to the street at `due`, to the district `answerDays` after it.
 */
export function deadlineJob(
  proposalId: string,
  from: Date,
  due: Date,
  answerDays: number,
): JobSpec {
  const district = answerDue(new Date(due.getTime() - 1), answerDays);
  const steps: DeadlineStep<StepKind>[] = [
    ...warnThenEscalateSteps(from, due),
    { kind: 'escalate_district', runAt: district.toISOString(), due: due.toISOString() },
  ];
  return chain(proposalId, steps);
}

const chain = (proposalId: string, steps: readonly DeadlineStep[]) =>
  deadlineChainJob(
    PROPOSAL_DEADLINE_JOB,
    { idField: 'proposalId', id: proposalId, keyPrefix: 'proposal' },
    steps,
  );

const SYSTEM = { actorId: null, actorName: 'system' };

/** Has this step (its action, deadline and level) already left its event? A re-run does nothing. */
async function stepDone(
  trx: Kysely<DB>,
  proposalId: string,
  action: 'warn' | 'escalate',
  due: string,
  level: number,
): Promise<boolean> {
  const { rows } = await sql<{ one: number }>`
    select 1 as one from proposal_events
    where proposal_id = ${proposalId} and action = ${action} and detail->>'dueAt' = ${due}
      and coalesce(detail->>'level', '1') = ${String(level)}
    limit 1`.execute(trx);
  return rows.length > 0;
}

/**
 * One deadline step. Idempotent: a proposal answered (no longer awaiting) or whose deadline
 * changed ends the chain; a step that already left its event (a re-run) adds nothing, raises
 * nothing and tells nobody. Escalations are on the public timeline; the street's (then the
 * district's) operators and the committee's staff are told, and so are the supporters and followers.
 */
export async function runProposalDeadline(
  deps: AppDeps,
  p: ProposalDeadlinePayload,
): Promise<void> {
  const next = p.next ?? [];
  await deps.db.transaction().execute(async (trx) => {
    const r = await repo.lockProposal(trx, p.proposalId);
    if (!r || r.state !== 'awaiting_answer' || r.due_at?.toISOString() !== p.due) return;
    const jobs = next.length > 0 ? [chain(r.id, next)] : [];
    const action = p.kind === 'warn' ? 'warn' : 'escalate';
    const level = p.kind === 'escalate_district' ? 2 : 1;
    if (await stepDone(trx, r.id, action, p.due, level)) {
      // the chain's next step is keyed: queueing it again is a no-op
      await queueNotifications(trx, [], jobs);
      return;
    }
    const staff = await repo.staffAt(trx, r.committee_code, ['committee_staff']);
    if (p.kind === 'warn') {
      await repo.insertEvent(trx, {
        ...SYSTEM,
        proposalId: r.id,
        action: 'warn',
        detail: { dueAt: p.due },
      });
      await queueNotifications(
        trx,
        staff.map((recipientId) => ({
          caseId: null,
          areaPath: r.area_path,
          recipientId,
          channels: ['inapp', 'sms'],
          text: `【社区云】居民建议${repo.label(r)}须于${shanghaiMinute(p.due)}前答复，请尽快答复。`,
        })),
        jobs,
      );
      return;
    }
    await escalate(trx, deps, r, p.due, level, staff, jobs);
  });
  deps.jobs.kick();
}

const ESCALATION = {
  1: {
    message: '居委会未在时限内答复，已上报街道督办 / not answered in time: escalated to the street',
    staff: '已超过答复时限，已上报街道督办',
    told: '居委会未按时答复，已上报街道督办',
  },
  2: {
    message:
      '街道督办后仍未答复，已上报区督办 / still not answered after the street’s deadline: escalated to the district',
    staff: '街道督办后仍未答复，已上报区督办',
    told: '街道督办后仍未答复，已上报区督办',
  },
} as const;

async function escalate(
  trx: Kysely<DB>,
  deps: AppDeps,
  r: repo.ProposalRow,
  due: string,
  level: 1 | 2,
  staff: string[],
  jobs: JobSpec[],
): Promise<void> {
  const street = r.street_code;
  const district = level === 2 ? repo.districtOf(r.area_path) : null;
  const to = level === 2 ? district : street;
  const text = ESCALATION[level];
  await trx
    .updateTable('proposals')
    .set((eb) => ({
      escalation_level: sql<number>`greatest(${eb.ref('escalation_level')}, ${level})`,
      updated_at: new Date(),
    }))
    .where('id', '=', r.id)
    .execute();
  const eventId = await repo.insertEvent(trx, {
    ...SYSTEM,
    proposalId: r.id,
    action: 'escalate',
    message: text.message,
    detail: { dueAt: due, level, toAreaCode: to },
  });
  const operators = [
    ...(await repo.staffAt(trx, street, ['street_operator'])),
    ...(level === 2 ? await repo.staffAt(trx, district, ['district_operator']) : []),
  ];
  await queueNotifications(
    trx,
    [...new Set([...staff, ...operators])].map((recipientId) => ({
      caseId: null,
      areaPath: r.area_path,
      recipientId,
      channels: ['inapp'],
      text: `【社区云】居民建议${repo.label(r)}${text.staff}。`,
    })),
    [
      ...jobs,
      tellJob({
        proposalId: r.id,
        eventId,
        areaPath: r.area_path,
        text: `【社区云】您支持或关注的建议${repo.label(r)}${text.told}。`,
      }),
    ],
  );
  await recordAudit(
    { ...deps, actor: null, ip: null },
    {
      action: 'proposals.escalate',
      objectType: 'proposal',
      objectId: r.id,
      areaPath: r.area_path,
      detail: { toAreaCode: to, level },
    },
    trx,
  );
}
