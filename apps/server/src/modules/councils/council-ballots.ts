import type {
  CouncilBallotBody,
  CouncilBallotReceipt,
  CouncilVoteChain,
  CouncilVoteChainEntry,
  VoteChoice,
} from '@cc/contracts';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import {
  CHAIN_GENESIS,
  chainHash,
  verifyHashChain,
  type ChainCheck,
} from '../../platform/hash-chain.js';
import {
  lockCouncilVote,
  requireState,
  requireVoteReader,
  type CouncilVoteRow,
} from './council-votes.js';

/**
 * A council ballot (decision 022): one per member of the electorate frozen at open, cast by any
 * of its representatives, never replaced. Appended under the vote row's lock (one total order
 * per vote) as an entry of the vote's hash chain (platform/hash-chain.ts), the counters — the
 * vote's ballots and choices, the candidates' approvals — moved in the same transaction, so
 * the counts are exact however many members cast at once.
 *
 * Chain payload: [voteId, seq, memberId, choice ?? null, approve ?? null, castAt ISO], an
 * election's approvals as candidate numbers in ascending order.
 */

export const STAFF_DO_NOT_VOTE =
  "Members' representatives cast the ballots; staff run the vote / 由成员单位代表投票，工作人员不参与投票";
export const NOT_IN_ELECTORATE =
  'The member you represent was not a member when the vote opened: it has no ballot here / 您所代表的成员单位在开始投票时不在表决名单中';
const VOTING_CLOSED = 'Voting has closed / 投票已截止';

/** The entry's fields the hash covers. */
export const ballotPayload = (
  voteId: string,
  e: {
    seq: number;
    memberId: string;
    choice: string | null;
    approve: readonly number[] | null;
    castAt: Date | string;
  },
): unknown[] => [
  voteId,
  e.seq,
  e.memberId,
  e.choice ?? null,
  e.approve ?? null,
  new Date(e.castAt).toISOString(),
];

/** 400 unless the ballot fits the vote: an election's approvals (at most `seats`), a motion's choice. */
function checkBallot(
  v: CouncilVoteRow,
  body: CouncilBallotBody,
  candidates: number,
): { choice: VoteChoice | null; approve: number[] | null } {
  if (v.kind === 'election') {
    if (body.choice !== undefined)
      throw AppError.invalid(
        'choice',
        'notAllowed',
        'choice: an election ballot approves candidates (approve) / 选举请勾选候选人',
      );
    if (!body.approve)
      throw AppError.invalid(
        'approve',
        'required',
        'approve: the numbers of the candidates you approve / 请勾选您赞成的候选人',
      );
    const k = v.seats!;
    if (body.approve.length > k)
      throw AppError.invalid(
        'approve',
        'maxItems',
        `approve: at most ${k} candidates (the seats to fill) / 最多可选 ${k} 名候选人`,
      );
    body.approve.forEach((no, i) => {
      if (no > candidates)
        throw AppError.invalid(
          `approve.${i}`,
          'candidate',
          `approve.${i}: there is no candidate no. ${no} (1 to ${candidates}) / 没有 ${no} 号候选人`,
        );
    });
    return { choice: null, approve: [...body.approve].sort((a, b) => a - b) };
  }
  if (body.approve !== undefined)
    throw AppError.invalid(
      'approve',
      'notAllowed',
      'approve: a motion is agreed, disagreed or abstained on (choice) / 议案表决请选择同意、反对或弃权',
    );
  if (!body.choice)
    throw AppError.invalid(
      'choice',
      'required',
      'choice: agree, disagree or abstain / 请选择同意、反对或弃权',
    );
  return { choice: body.choice, approve: null };
}

/** The reader's member's ballot: 201 with the receipt (its place in the chain and its hash). */
export async function castCouncilBallot(
  ctx: Ctx,
  id: string,
  body: CouncilBallotBody,
): Promise<CouncilBallotReceipt> {
  const { v, standing } = await requireVoteReader(ctx, id);
  // the id as stored (lower case), whatever case the path had: the chain's payload carries it
  const voteId = v.id;
  if (!standing.rep) throw AppError.forbidden(STAFF_DO_NOT_VOTE);
  const memberId = standing.rep.memberId;
  const candidates =
    v.kind === 'election'
      ? Number(
          (
            await ctx.db
              .selectFrom('council_vote_candidates')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('vote_id', '=', v.id)
              .executeTakeFirstOrThrow()
          ).n,
        )
      : 0;
  const { choice, approve } = checkBallot(v, body, candidates);
  const takesBallots = (x: CouncilVoteRow, now: Date) => {
    if (x.state === 'open' && x.closes_at <= now) throw AppError.conflict(VOTING_CLOSED);
    requireState(x, ['open'], { en: 'take ballots', zh: '投票' });
  };
  takesBallots(v, new Date());
  // the electorate is frozen at the open: asked once, outside the vote's lock
  const voter = await ctx.db
    .selectFrom('council_vote_voters')
    .select('member_id')
    .where('vote_id', '=', voteId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  if (!voter) throw AppError.forbidden(NOT_IN_ELECTORATE);
  return ctx.db.transaction().execute(async (trx) => {
    const locked = (await lockCouncilVote(trx, voteId))!;
    const now = new Date();
    takesBallots(locked, now);
    const seq = locked.chain_seq + 1;
    const prevHash = locked.chain_head ?? CHAIN_GENESIS;
    const hash = chainHash(
      prevHash,
      ballotPayload(voteId, { seq, memberId, choice, approve, castAt: now }),
    );
    // one per member: the primary key decides, and a second ballot changes nothing
    const inserted = await trx
      .insertInto('council_ballots')
      .values({
        vote_id: voteId,
        member_id: memberId,
        seq,
        choice,
        approve,
        cast_by: ctx.actor!.id,
        cast_at: now,
        prev_hash: prevHash,
        hash,
      })
      .onConflict((oc) => oc.columns(['vote_id', 'member_id']).doNothing())
      .returning('seq')
      .executeTakeFirst();
    if (!inserted) {
      const cast = await trx
        .selectFrom('council_ballots')
        .select('seq')
        .where('vote_id', '=', voteId)
        .where('member_id', '=', memberId)
        .executeTakeFirstOrThrow();
      throw AppError.conflict(
        `The member you represent has voted already (receipt no. ${cast.seq}); a ballot is never replaced / 您所代表的成员单位已投票（回执第 ${cast.seq} 号），不能重复投票`,
      );
    }
    await trx
      .updateTable('council_votes')
      .set((eb) => ({
        ballots: eb('ballots', '+', 1),
        ...(choice ? { [choice]: eb(choice, '+', 1) } : {}),
        chain_seq: seq,
        chain_head: hash,
      }))
      .where('id', '=', voteId)
      .execute();
    if (approve && approve.length > 0)
      await trx
        .updateTable('council_vote_candidates')
        .set((eb) => ({ approvals: eb('approvals', '+', 1) }))
        .where('vote_id', '=', voteId)
        .where('no', 'in', approve)
        .execute();
    return { seq, hash };
  });
}

/** Check a vote's chain: seq 1, 2, 3 …, each hash over the previous and the ballot. */
export const verifyCouncilChain = (
  voteId: string,
  entries: readonly CouncilVoteChainEntry[],
): ChainCheck => verifyHashChain(entries, (e) => ballotPayload(voteId, e));

/** The vote's ballots in chain order with the check, to its readers once it is closed. */
export async function councilVoteChain(ctx: Ctx, voteId: string): Promise<CouncilVoteChain> {
  const { v } = await requireVoteReader(ctx, voteId);
  if (v.state !== 'closed' && v.state !== 'published')
    throw AppError.conflict(
      'The ballot chain is shown once the vote is closed / 表决截止后公开选票哈希链',
    );
  const rows = await ctx.db
    .selectFrom('council_ballots')
    .select(['seq', 'member_id', 'choice', 'approve', 'cast_at', 'prev_hash', 'hash'])
    .where('vote_id', '=', v.id)
    .orderBy('seq')
    .execute();
  const entries = rows.map((r): CouncilVoteChainEntry => ({
    seq: r.seq,
    memberId: r.member_id,
    choice: r.choice as VoteChoice | null,
    approve: r.approve,
    castAt: r.cast_at.toISOString(),
    prevHash: r.prev_hash,
    hash: r.hash,
  }));
  return { entries, check: verifyCouncilChain(v.id, entries) };
}
