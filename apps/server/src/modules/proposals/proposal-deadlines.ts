import { Type, type Static } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { AppDeps } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import {
  deadlineChainJob,
  deadlineStepSchema,
  type DeadlineStep,
} from '../../platform/deadline-chain.js';
import { defineJob, type JobSpec } from '../../platform/jobs.js';
import { recordAudit } from '../audit/index.js';
import { queueNotifications } from '../notifications/index.js';
import * as repo from './proposals.repo.js';
import { tellJob } from './proposal-tell.js';

const StepKind = Type.Union([Type.Literal('warn'), Type.Literal('escalate')]);
const ProposalDeadlinePayload = Type.Object({
  proposalId: Type.String(),
  kind: StepKind,
  due: Type.String(),
  next: Type.Optional(Type.Array(deadlineStepSchema(StepKind))),
});
type ProposalDeadlinePayload = Static<typeof ProposalDeadlinePayload>;

/** The committee's answer deadline: a warning before, escalation to the street after it. */
export const PROPOSAL_DEADLINE_JOB = defineJob('proposals.deadline', ProposalDeadlinePayload);

const DAY_MS = 86_400_000;
const SHANGHAI_MS = 8 * 3_600_000;

/** The end (midnight, Shanghai) of the day `days` calendar days after `at`. */
export function answerDue(at: Date, days: number): Date {
  const local = new Date(at.getTime() + SHANGHAI_MS);
  const day = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  return new Date(day + (days + 1) * DAY_MS - SHANGHAI_MS);
}

/** The chain started when the threshold is reached: warn a day before (halfway if sooner), escalate at the deadline. */
export function deadlineJob(proposalId: string, reachedAt: Date, due: Date): JobSpec {
  const warnAt = Math.max(due.getTime() - DAY_MS, (reachedAt.getTime() + due.getTime()) / 2);
  const dueIso = due.toISOString();
  const steps: DeadlineStep<'warn' | 'escalate'>[] = [
    { kind: 'warn', runAt: new Date(warnAt).toISOString(), due: dueIso },
    { kind: 'escalate', runAt: dueIso, due: dueIso },
  ];
  return chain(proposalId, steps);
}

const chain = (proposalId: string, steps: readonly DeadlineStep[]) =>
  deadlineChainJob(
    PROPOSAL_DEADLINE_JOB,
    { idField: 'proposalId', id: proposalId, keyPrefix: 'proposal' },
    steps,
  );

const shanghaiTime = (iso: string) =>
  new Date(Date.parse(iso) + SHANGHAI_MS).toISOString().slice(0, 16).replace('T', ' ');

const SYSTEM = { actorId: null, actorName: '系统 system' };

/**
 * One deadline step. Idempotent: a proposal answered (no longer awaiting) or whose deadline
 * changed ends the chain. The escalation is on the public timeline, the street's operators and
 * the committee's staff are told, and so are the supporters and followers.
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
          text: `【社区云】居民建议${repo.label(r)}须于${shanghaiTime(p.due)}前答复，请尽快答复。`,
        })),
        jobs,
      );
      return;
    }
    await escalate(trx, deps, r, p.due, staff, jobs);
  });
  deps.jobs.kick();
}

async function escalate(
  trx: Kysely<DB>,
  deps: AppDeps,
  r: repo.ProposalRow,
  due: string,
  staff: string[],
  jobs: JobSpec[],
): Promise<void> {
  const street = r.street_code;
  await trx
    .updateTable('proposals')
    .set((eb) => ({ escalation_level: eb('escalation_level', '+', 1), updated_at: new Date() }))
    .where('id', '=', r.id)
    .execute();
  const eventId = await repo.insertEvent(trx, {
    ...SYSTEM,
    proposalId: r.id,
    action: 'escalate',
    message: '居委会未在时限内答复，已上报街道督办 / not answered in time: escalated to the street',
    detail: { dueAt: due, toAreaCode: street },
  });
  const operators = await repo.staffAt(trx, street, ['street_operator']);
  await queueNotifications(
    trx,
    [...new Set([...staff, ...operators])].map((recipientId) => ({
      caseId: null,
      areaPath: r.area_path,
      recipientId,
      channels: ['inapp'],
      text: `【社区云】居民建议${repo.label(r)}已超过答复时限，已上报街道督办。`,
    })),
    [
      ...jobs,
      tellJob({
        proposalId: r.id,
        eventId,
        areaPath: r.area_path,
        text: `【社区云】您支持或关注的建议${repo.label(r)}居委会未按时答复，已上报街道督办。`,
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
      detail: { toAreaCode: street },
    },
    trx,
  );
}
