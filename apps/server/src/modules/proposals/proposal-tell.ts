import { Type, type Static } from '@sinclair/typebox';
import { sql, type Kysely } from 'kysely';
import type { AppDeps } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { defineJob, type JobSpec } from '../../platform/jobs.js';
import { queueNotifications } from '../notifications/index.js';

/**
 * Telling a proposal's supporters and followers of a step (threshold reached, the answer, a
 * progress update, escalation, a meeting's outcome): a durable job that writes the in-app
 * notices in batches of `TELL_BATCH`, each batch its own transaction, the next batch a new job
 * from the last account on — a proposal with 100,000 supporters never holds one big transaction.
 */
const TellPayload = Type.Object({
  proposalId: Type.String(),
  /** the timeline event told of (names the dedupe key) */
  eventId: Type.String(),
  text: Type.String(),
  areaPath: Type.String(),
  /** accounts after this id (null: from the start) */
  after: Type.Union([Type.String(), Type.Null()]),
  /** who is not told (who acted) */
  skip: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});
type TellPayload = Static<typeof TellPayload>;

export const PROPOSAL_TELL_JOB = defineJob('proposals.tell', TellPayload);
export const TELL_BATCH = 500;

/** The job that tells everyone behind the proposal (enqueue in the step's transaction). */
export function tellJob(p: Omit<TellPayload, 'after'>, after: string | null = null): JobSpec {
  return PROPOSAL_TELL_JOB.spec(
    { ...p, after },
    { dedupeKey: `proposal-tell:${p.eventId}:${after ?? ''}` },
  );
}

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

/** One batch: its notices and, when the batch was full, the job for the next, in one commit. */
export async function runTell(deps: AppDeps, p: TellPayload): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const batch = await audienceAfter(trx, p.proposalId, p.after, TELL_BATCH);
    const last = batch.at(-1) ?? null;
    const next =
      batch.length === TELL_BATCH && last
        ? [
            tellJob(
              {
                proposalId: p.proposalId,
                eventId: p.eventId,
                text: p.text,
                areaPath: p.areaPath,
                skip: p.skip ?? null,
              },
              last,
            ),
          ]
        : [];
    await queueNotifications(
      trx,
      batch
        .filter((id) => id !== p.skip)
        .map((recipientId) => ({
          caseId: null,
          areaPath: p.areaPath,
          recipientId,
          channels: ['inapp' as const],
          text: p.text,
        })),
      next,
    );
  });
  deps.jobs.kick();
}
