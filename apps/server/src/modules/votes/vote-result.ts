import type { BallotChannel, VoteChoice, VoteResult, VoteTally } from '@cc/contracts';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { requireReader } from './votes.policy.js';
import { requireVote } from './votes.repo.js';

/**
 * The published result (decision 019): the final figures, every unit of the electorate with its
 * choice and channel (owners' decisions are public to the owners; never a name), and the whole
 * hash chain with each entry's units, so that an owner finds their receipt (seq, hash) in it
 * and anyone can recompute the head.
 */
export async function getVoteResult(ctx: Ctx, id: string): Promise<VoteResult> {
  const v = await requireVote(ctx.db, id);
  await requireReader(ctx, v, { result: true });
  if (v.state !== 'published' || !v.published_at)
    throw AppError.conflict('The result of this vote is not published yet / 该表决结果尚未公布');
  const [units, chain] = await Promise.all([
    ctx.db
      .selectFrom('vote_units as u')
      .leftJoin('vote_ballots as b', (j) =>
        j.onRef('b.vote_id', '=', 'u.vote_id').onRef('b.head_no', '=', 'u.head_no'),
      )
      .select(['u.head_no', 'u.label', 'u.area', 'b.choice', 'b.channel'])
      .where('u.vote_id', '=', id)
      .orderBy('u.position')
      .execute(),
    ctx.db
      .selectFrom('vote_ballot_chain')
      .select(['seq', 'head_no', 'choice', 'channel', 'cast_at', 'prev_hash', 'hash'])
      .where('vote_id', '=', id)
      .orderBy('seq')
      .execute(),
  ]);
  const labels = new Map<number, string[]>();
  for (const u of units) {
    const list = labels.get(u.head_no) ?? [];
    list.push(u.label);
    labels.set(u.head_no, list);
  }
  return {
    voteId: id,
    tally: v.result as VoteTally,
    units: units.map((u) => ({
      label: u.label,
      area: u.area,
      choice: (u.choice as VoteChoice | null) ?? null,
      channel: (u.channel as BallotChannel | null) ?? null,
    })),
    chain: chain.map((c) => ({
      seq: c.seq,
      headNo: c.head_no,
      units: labels.get(c.head_no) ?? [],
      choice: c.choice as VoteChoice,
      channel: c.channel as BallotChannel,
      castAt: c.cast_at.toISOString(),
      prevHash: c.prev_hash,
      hash: c.hash,
    })),
    publishedAt: v.published_at.toISOString(),
  };
}
