import type { CancelVoteBody, VoteDetail } from '@cc/contracts';
import { Type } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { AppDeps, Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { defineJob } from '../../platform/jobs.js';
import { maskPersonalNumbers } from '../../platform/text-masking.js';
import { recordAudit } from '../audit/index.js';
import { voteCancelled, votePublished } from './vote-events.js';
import { getVote } from './vote-read.js';
import { liveTally } from './vote-tally.repo.js';
import { requireRunner } from './votes.policy.js';
import { lockVote, requireTransition, requireVote, type VoteRow } from './votes.repo.js';

/**
 * The end of a vote: closed at its closing time by a durable job (or by publishing, when the job
 * has not run yet) with the final tally stored; published to the electorate (`votePublished`
 * in the same transaction, for the module that owns the subject); or cancelled before its
 * result (`voteCancelled`). Every change audited.
 */

/** Close a vote at its closing time (queued when it opens, deduplicated per vote). */
export const CLOSE_VOTE_JOB = defineJob('votes.close', Type.Object({ voteId: Type.String() }));

/**
 * Inside `trx`, with the vote locked: an open vote whose closing time has come is closed with
 * its final tally (no ballot can be added once the lock is held past closes_at). Returns the
 * row as it now stands; a vote not open, or not yet due, is returned unchanged.
 */
async function closeIfDue(
  trx: Kysely<DB>,
  who: Ctx,
  v: VoteRow,
  now = new Date(),
): Promise<VoteRow> {
  if (v.state !== 'open' || v.closes_at > now) return v;
  const tally = await liveTally(trx, v);
  await trx
    .updateTable('votes')
    .set({ state: 'closed', result: JSON.stringify(tally), passed: tally.passed, closed_at: now })
    .where('id', '=', v.id)
    .execute();
  await recordAudit(
    who,
    {
      action: 'votes.close',
      objectType: 'vote',
      objectId: v.id,
      areaPath: v.area_path,
      detail: {
        passed: tally.passed,
        ballots: tally.ballots,
        chainHead: tally.chainHead,
        heads: tally.participating.heads,
        area: tally.participating.area,
      },
    },
    trx,
  );
  return { ...v, state: 'closed', result: tally, passed: tally.passed, closed_at: now };
}

/** Idempotent: close the vote if it is open and due; true when this call closed it. */
export async function closeVote(deps: AppDeps, voteId: string, now?: Date): Promise<boolean> {
  return deps.db.transaction().execute(async (trx) => {
    const v = await lockVote(trx, voteId);
    if (!v) return false;
    // the time is taken once the lock is held: no ballot comes after it
    const after = await closeIfDue(trx, { ...deps, actor: null, ip: null }, v, now ?? new Date());
    return after !== v;
  });
}

/** The close job's handler: a job that comes early (a changed clock) fails and runs again. */
export async function runCloseVote(deps: AppDeps, p: { voteId: string }): Promise<void> {
  const v = await deps.db
    .selectFrom('votes')
    .select(['state', 'closes_at'])
    .where('id', '=', p.voteId)
    .executeTakeFirst();
  if (!v || v.state !== 'open') return;
  if (v.closes_at > new Date())
    throw new Error(`vote ${p.voteId} closes at ${v.closes_at.toISOString()}`);
  await closeVote(deps, p.voteId);
}

/** Staff publish the result: after the close (closing it first if the job has not run yet). */
export async function publishVote(ctx: Ctx, id: string): Promise<VoteDetail> {
  const found = await requireVote(ctx.db, id);
  await requireRunner(ctx, found);
  await ctx.db.transaction().execute(async (trx) => {
    const locked = (await lockVote(trx, id))!;
    const now = new Date();
    if (locked.state === 'open' && locked.closes_at > now)
      throw AppError.conflict(
        `The vote is still open: its result is published after the close at ${locked.closes_at.toISOString()} / 表决尚未截止，截止后方可公布结果`,
      );
    const v = await closeIfDue(trx, ctx, locked, now);
    requireTransition(v.state, 'published');
    await trx
      .updateTable('votes')
      .set({ state: 'published', published_at: now })
      .where('id', '=', id)
      .execute();
    await ctx.events.publish(trx, votePublished, {
      voteId: id,
      committeeCode: v.committee_code,
      subjectType: v.subject_type,
      subjectId: v.subject_id,
      passed: v.passed === true,
    });
    await recordAudit(
      ctx,
      {
        action: 'votes.publish',
        objectType: 'vote',
        objectId: id,
        areaPath: v.area_path,
        detail: { passed: v.passed },
      },
      trx,
    );
  });
  ctx.jobs.kick();
  return getVote(ctx, id);
}

/** Staff cancel a draft or an open vote, with the reason (shown to the electorate). */
export async function cancelVote(ctx: Ctx, id: string, body: CancelVoteBody): Promise<VoteDetail> {
  const reason = maskPersonalNumbers(body.reason.trim());
  if (reason.length < 2)
    throw AppError.invalid(
      'reason',
      'minLength',
      'reason: 2 to 500 characters / 取消原因须为 2–500 个字',
    );
  const found = await requireVote(ctx.db, id);
  await requireRunner(ctx, found);
  await ctx.db.transaction().execute(async (trx) => {
    const v = (await lockVote(trx, id))!;
    requireTransition(v.state, 'cancelled');
    const now = new Date();
    await trx
      .updateTable('votes')
      .set({ state: 'cancelled', cancel_reason: reason, cancelled_at: now })
      .where('id', '=', id)
      .execute();
    await ctx.events.publish(trx, voteCancelled, {
      voteId: id,
      subjectType: v.subject_type,
      subjectId: v.subject_id,
    });
    await recordAudit(
      ctx,
      {
        action: 'votes.cancel',
        objectType: 'vote',
        objectId: id,
        areaPath: v.area_path,
        detail: { from: v.state, reason },
      },
      trx,
    );
  });
  ctx.jobs.kick();
  return getVote(ctx, id);
}
