import { Type, type Static } from '@sinclair/typebox';
import { sql, type Kysely } from 'kysely';
import type { AppDeps } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { defineJob, enqueueJobsQuery, type JobSpec } from '../../platform/jobs.js';
import { queueNotifications } from '../notifications/index.js';

/**
 * Telling a proposal's supporters and followers of a step (threshold reached, the answer, a
 * progress update, escalation, a meeting's outcome): a durable job that writes the in-app
 * notices in batches of `TELL_BATCH`, each batch its own transaction, the next batch a new job
 * from the last account on — a proposal with 100,000 supporters never holds one big transaction.
 *
 * A batch is sent once: in its transaction it first queues the job for the rest, keyed by where
 * the batch starts (`from:<after>`). That row is the batch's progress mark: when it is already
 * there, the batch was sent (a re-run after a crash between the commit and the job's end), and
 * the re-run sends nothing.
 */
const TellPayload = Type.Object({
  proposalId: Type.String(),
  /** the timeline event told of (names the dedupe keys) */
  eventId: Type.String(),
  text: Type.String(),
  areaPath: Type.String(),
  /** accounts after this id (null: from the start) */
  after: Type.Union([Type.String(), Type.Null()]),
});
type TellPayload = Static<typeof TellPayload>;

export const PROPOSAL_TELL_JOB = defineJob('proposals.tell', TellPayload);
export const TELL_BATCH = 500;

/** The job that tells everyone behind the proposal (enqueue in the step's transaction). */
export function tellJob(p: Omit<TellPayload, 'after'>): JobSpec {
  return PROPOSAL_TELL_JOB.spec(
    { ...p, after: null },
    { dedupeKey: `proposal-tell:${p.eventId}:` },
  );
}

/** The job for the accounts after `last`, keyed by the batch that queues it (from `from`). */
const restJob = (p: TellPayload, last: string): JobSpec =>
  PROPOSAL_TELL_JOB.spec(
    { ...p, after: last },
    { dedupeKey: `proposal-tell:${p.eventId}:from:${p.after ?? ''}` },
  );

/** The next batch of supporters and followers (distinct, by account id). */
export async function audienceAfter(
  db: Kysely<DB>,
  proposalId: string,
  after: string | null,
  limit: number,
): Promise<string[]> {
  const from = after ?? '00000000-0000-0000-0000-000000000000';
  const { rows } = await sql<{ account_id: string }>`
    select account_id from (
      (select account_id from proposal_supports
        where proposal_id = ${proposalId} and account_id > ${from}::uuid
        order by account_id limit ${limit})
      union
      (select account_id from proposal_follows
        where proposal_id = ${proposalId} and account_id > ${from}::uuid
        order by account_id limit ${limit})
    ) a order by account_id limit ${limit}`.execute(db);
  return rows.map((r) => r.account_id);
}

/** One batch: the job for the rest (its progress mark) and its notices, in one commit. */
export async function runTell(deps: AppDeps, p: TellPayload): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const batch = await audienceAfter(trx, p.proposalId, p.after, TELL_BATCH);
    const last = batch.at(-1);
    if (!last) return;
    const marked = await enqueueJobsQuery([restJob(p, last)])!.execute(trx);
    if (Number(marked.numAffectedRows ?? 0) === 0) return; // sent already
    await queueNotifications(
      trx,
      batch.map((recipientId) => ({
        caseId: null,
        areaPath: p.areaPath,
        recipientId,
        channels: ['inapp' as const],
        text: p.text,
      })),
    );
  });
  deps.jobs.kick();
}
