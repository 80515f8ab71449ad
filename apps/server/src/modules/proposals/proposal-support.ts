import type { ProposalState, ProposalSupportState } from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { queueNotifications } from '../notifications/index.js';
import { answerDue, deadlineJob } from './proposal-deadlines.js';
import { assertTransition, SUPPORTABLE } from './proposal-states.js';
import { tellJob } from './proposal-tell.js';
import { canRead, isNeighbour } from './proposals.policy.js';
import * as repo from './proposals.repo.js';

/**
 * Supports and follows. One support per verified resident of the committee (the primary key);
 * the count and the threshold's transition are one conditional UPDATE … RETURNING on the
 * proposal's row, so however many supports arrive at once the count is exact and exactly one
 * of them moves the proposal to `awaiting_answer` — and does, in its own transaction, what the
 * transition brings: the timeline event, the committee's notice, the deadline chain and the
 * job that tells the supporters and followers.
 */

async function neighbourOf(ctx: Ctx, id: string) {
  const p = await repo.findProposal(ctx.db, id);
  const reader = await repo.readerOf(ctx.db, ctx.actor!.id);
  if (!p || !canRead(ctx.actor, reader, p)) throw AppError.notFound(repo.NOT_FOUND);
  if (!reader.home) throw AppError.forbidden(repo.VERIFY_FIRST);
  if (!isNeighbour(reader.home, p)) throw AppError.notFound(repo.NOT_FOUND);
  return p;
}

async function stateOf(
  db: Kysely<DB>,
  id: string,
  accountId: string,
): Promise<ProposalSupportState> {
  const { rows } = await sql<{
    support_count: number;
    threshold: number;
    state: string;
    follower_count: number;
    my_support: boolean;
    my_follow: boolean;
  }>`select support_count, threshold, state, follower_count,
      exists(select 1 from proposal_supports s where s.proposal_id = p.id and s.account_id = ${accountId}) as my_support,
      exists(select 1 from proposal_follows f where f.proposal_id = p.id and f.account_id = ${accountId}) as my_follow
    from proposals p where id = ${id}`.execute(db);
  const r = rows[0]!;
  return {
    supportCount: r.support_count,
    threshold: r.threshold,
    state: r.state as ProposalState,
    mySupport: r.my_support,
    myFollow: r.my_follow,
    followerCount: r.follower_count,
  };
}

const NO_LONGER =
  'This proposal no longer takes support (withdrawn, declined or done) / 该建议已撤回或已办结，不能再支持';

/** Support a proposal (idempotent: a second support changes nothing). */
export async function supportProposal(ctx: Ctx, id: string): Promise<ProposalSupportState> {
  const actor = ctx.actor!;
  const p = await neighbourOf(ctx, id);
  if (!SUPPORTABLE.includes(p.state as ProposalState)) throw AppError.conflict(NO_LONGER);
  let kick = false;
  await ctx.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('proposal_supports')
      .values({ proposal_id: id, account_id: actor.id })
      .onConflict((oc) => oc.columns(['proposal_id', 'account_id']).doNothing())
      .returning('account_id')
      .executeTakeFirst();
    if (!inserted) return;
    const now = new Date();
    // one statement: the count, and the transition when this support is the one that reaches it
    const { rows } = await sql<{
      state: string;
      support_count: number;
      threshold: number;
      answer_days: number;
      reached: boolean;
    }>`update proposals set
        support_count = support_count + 1,
        state = case when state = 'open' and support_count + 1 >= threshold
          then 'awaiting_answer' else state end,
        threshold_reached_at = case when state = 'open' and support_count + 1 >= threshold
          then ${now}::timestamptz else threshold_reached_at end,
        last_activity_at = ${now}::timestamptz
      where id = ${id} and state in ('open', 'awaiting_answer', 'accepted', 'meeting', 'case')
      returning state, support_count, threshold, answer_days,
        (state = 'awaiting_answer' and support_count = threshold) as reached`.execute(trx);
    const r = rows[0];
    // withdrawn or closed since it was read: the insert rolls back with the refusal
    if (!r) throw AppError.conflict(NO_LONGER);
    if (!r.reached) return;
    assertTransition('open', 'awaiting_answer');
    // the one support that reached the threshold (the count only grows past it: no take-back
    // once awaiting an answer) does what the transition brings
    const due = answerDue(now, r.answer_days);
    await trx.updateTable('proposals').set({ due_at: due }).where('id', '=', id).execute();
    const eventId = await repo.insertEvent(trx, {
      proposalId: id,
      actorId: null,
      actorName: 'system',
      action: 'threshold',
      fromState: 'open',
      toState: 'awaiting_answer',
      at: now,
      detail: { supportCount: r.support_count, threshold: r.threshold, dueAt: due.toISOString() },
    });
    const staff = await repo.staffAt(trx, p.committee_code, ['committee_staff']);
    await queueNotifications(
      trx,
      staff.map((recipientId) => ({
        caseId: null,
        areaPath: p.area_path,
        recipientId,
        channels: ['inapp' as const],
        text: `【社区云】居民建议${repo.label(p)}已获${r.support_count}位居民支持，达到门槛，请在${r.answer_days}天内答复。`,
      })),
      [
        deadlineJob(id, now, due, r.answer_days),
        tellJob({
          proposalId: id,
          eventId,
          areaPath: p.area_path,
          text: `【社区云】您支持或关注的建议${repo.label(p)}已达到支持门槛，居委会将在${r.answer_days}天内答复。`,
        }),
      ],
    );
    kick = true;
  });
  if (kick) ctx.jobs.kick();
  return stateOf(ctx.db, id, actor.id);
}

/** Take a support back while the proposal still gathers support (the author's stays). */
export async function takeBackSupport(ctx: Ctx, id: string): Promise<ProposalSupportState> {
  const actor = ctx.actor!;
  const p = await neighbourOf(ctx, id);
  if (p.author_id === actor.id)
    throw AppError.conflict(
      "The author's own support cannot be taken back: withdraw the proposal instead / 建议人不能撤回自己的支持，可撤回建议",
    );
  await ctx.db.transaction().execute(async (trx) => {
    const gone = await trx
      .deleteFrom('proposal_supports')
      .where('proposal_id', '=', id)
      .where('account_id', '=', actor.id)
      .returning('account_id')
      .executeTakeFirst();
    if (!gone) return;
    const done = await trx
      .updateTable('proposals')
      .set((eb) => ({ support_count: eb('support_count', '-', 1), last_activity_at: new Date() }))
      .where('id', '=', id)
      .where('state', '=', 'open')
      .returning('id')
      .executeTakeFirst();
    if (!done)
      throw AppError.conflict(
        'A support can be taken back only while the proposal gathers support / 建议已达到门槛或已结束，支持不能撤回',
      );
  });
  return stateOf(ctx.db, id, actor.id);
}

/** Follow a proposal (anyone who may read it; idempotent). */
export async function followProposal(
  ctx: Ctx,
  id: string,
  on: boolean,
): Promise<ProposalSupportState> {
  const actor = ctx.actor!;
  const p = await repo.findProposal(ctx.db, id);
  if (!p || !canRead(ctx.actor, await repo.readerOf(ctx.db, actor.id), p))
    throw AppError.notFound(repo.NOT_FOUND);
  await ctx.db.transaction().execute(async (trx) => {
    const changed = on
      ? await trx
          .insertInto('proposal_follows')
          .values({ proposal_id: id, account_id: actor.id })
          .onConflict((oc) => oc.columns(['proposal_id', 'account_id']).doNothing())
          .returning('account_id')
          .executeTakeFirst()
      : await trx
          .deleteFrom('proposal_follows')
          .where('proposal_id', '=', id)
          .where('account_id', '=', actor.id)
          .returning('account_id')
          .executeTakeFirst();
    if (!changed) return;
    await trx
      .updateTable('proposals')
      .set((eb) => ({ follower_count: eb('follower_count', on ? '+' : '-', 1) }))
      .where('id', '=', id)
      .execute();
  });
  return stateOf(ctx.db, id, actor.id);
}
