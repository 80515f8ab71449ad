import type { BallotChannel, BallotReceipt, VoteChoice } from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { districtOf } from '../../platform/district.js';
import { AppError } from '../../platform/errors.js';
import {
  CHAIN_GENESIS,
  chainHash,
  verifyHashChain,
  type ChainCheck,
} from '../../platform/hash-chain.js';
import { VOTE_NOT_FOUND } from './votes.policy.js';

/**
 * A vote's ballots as one hash chain (decision 019): every ballot ever cast, replacements
 * included, is an entry whose hash covers the previous entry's hash and the entry itself,
 * appended under a row lock of the vote so that the order is total. An owner's receipt (seq,
 * hash) is found in the chain published with the result; the published head commits to all.
 *
 * hash = sha256 hex of `${prevHash}\n${JSON.stringify([voteId, seq, headNo, choice, channel,
 * castAt.toISOString()])}`; the first entry's prevHash is 64 zeros.
 */

export interface ChainEntryInput {
  voteId: string;
  seq: number;
  headNo: number;
  choice: string;
  channel: string;
  /** a Date, or its ISO string as published */
  castAt: Date | string;
}

const payload = (e: ChainEntryInput) => [
  e.voteId,
  e.seq,
  e.headNo,
  e.choice,
  e.channel,
  (typeof e.castAt === 'string' ? new Date(e.castAt) : e.castAt).toISOString(),
];

/** The hash of one entry of a vote's chain, after `prevHash`. */
export function chainEntryHash(prevHash: string, e: ChainEntryInput): string {
  return chainHash(prevHash, payload(e));
}

export interface StoredChainEntry {
  seq: number;
  headNo: number;
  choice: string;
  channel: string;
  castAt: Date | string;
  prevHash: string;
  hash: string;
}

/** Check a vote's chain (platform/hash-chain.ts): its entries' payloads are the ballots'. */
export function verifyChain(voteId: string, entries: readonly StoredChainEntry[]): ChainCheck {
  return verifyHashChain(entries, (e) => payload({ voteId, ...e }));
}

/** A vote's chain in seq order, as stored. */
export async function readChain(db: Kysely<DB>, voteId: string): Promise<StoredChainEntry[]> {
  const rows = await db
    .selectFrom('vote_ballot_chain')
    .select(['seq', 'head_no', 'choice', 'channel', 'cast_at', 'prev_hash', 'hash'])
    .where('vote_id', '=', voteId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    seq: r.seq,
    headNo: r.head_no,
    choice: r.choice,
    channel: r.channel,
    castAt: r.cast_at,
    prevHash: r.prev_hash,
    hash: r.hash,
  }));
}

// ---------------------------------------------------------------------------------------------
// Appending a ballot

export const VOTING_CLOSED = 'Voting has closed / 表决已截止';
export const NOT_YET_OPEN = 'Voting is not yet open / 表决尚未开始';
export const VOTE_CANCELLED = 'This vote was cancelled / 该表决已取消';
export const VOTED_ONLINE =
  'This unit has voted online: a paper ballot cannot be entered for it / 该户已网上表决，不能再录入书面表决票';
export const VOTED_ON_PAPER =
  'A paper ballot has been entered for this unit: it cannot also vote online / 该户已提交书面表决票，不能再网上表决';
const alreadyVoted = (seq: number) =>
  `This unit has already voted (receipt no. ${seq}) and this vote does not allow changing a ballot / 该户已表决（回执第 ${seq} 号），本次表决不允许更改`;

/** 409 unless the vote takes ballots at `now`: open, opens_at ≤ now < closes_at. */
export function assertTakesBallots(
  v: { state: string; opens_at: Date; closes_at: Date },
  now: Date,
): void {
  if (v.state === 'cancelled') throw AppError.conflict(VOTE_CANCELLED);
  if (v.state === 'closed' || v.state === 'published' || now >= v.closes_at)
    throw AppError.conflict(VOTING_CLOSED);
  if (v.state !== 'open' || now < v.opens_at) throw AppError.conflict(NOT_YET_OPEN);
}

export interface BallotInput {
  headNo: number;
  choice: VoteChoice;
  channel: BallotChannel;
  /** the owner who cast it online, or the staff member who entered the paper ballot */
  castBy: string;
  /** a paper ballot's photo of the signed sheet */
  attachmentId?: string | null;
  note?: string | null;
}

/**
 * Append a ballot to the vote's chain and make it the head's standing ballot, inside `trx`:
 * under the vote's row lock (one total order per vote) the vote must take ballots now; a head
 * with no standing ballot gets one; a standing ballot is replaced only where the vote allows
 * changes and by the same channel (online and paper never mix: 409). The vote's count of
 * standing ballots, chain length and head move with it. Gives back the receipt.
 */
export async function appendBallot(
  trx: Kysely<DB>,
  vote: { id: string },
  b: BallotInput,
): Promise<BallotReceipt> {
  const v = await trx
    .selectFrom('votes')
    .select([
      'id',
      'area_path',
      'state',
      'opens_at',
      'closes_at',
      'allow_change',
      'chain_seq',
      'chain_head',
    ])
    .where('id', '=', vote.id)
    .forUpdate()
    .executeTakeFirst();
  if (!v) throw AppError.notFound(VOTE_NOT_FOUND);
  // the vote's district routes its ballots (decision 030)
  const district = districtOf(v.area_path);
  const now = new Date();
  assertTakesBallots(v, now);
  const standing = await trx
    .selectFrom('vote_ballots')
    .select(['channel', 'seq'])
    .where('district_code', '=', district)
    .where('vote_id', '=', v.id)
    .where('head_no', '=', b.headNo)
    .executeTakeFirst();
  if (standing) {
    if (standing.channel !== b.channel)
      throw AppError.conflict(standing.channel === 'online' ? VOTED_ONLINE : VOTED_ON_PAPER);
    if (!v.allow_change) throw AppError.conflict(alreadyVoted(standing.seq));
  }
  const seq = v.chain_seq + 1;
  const prevHash = v.chain_head ?? CHAIN_GENESIS;
  const hash = chainEntryHash(prevHash, {
    voteId: v.id,
    seq,
    headNo: b.headNo,
    choice: b.choice,
    channel: b.channel,
    castAt: now,
  });
  await trx
    .insertInto('vote_ballot_chain')
    .values({
      vote_id: v.id,
      seq,
      head_no: b.headNo,
      choice: b.choice,
      channel: b.channel,
      cast_at: now,
      prev_hash: prevHash,
      hash,
    })
    .execute();
  const ballot = {
    choice: b.choice,
    channel: b.channel,
    cast_by: b.castBy,
    attachment_id: b.attachmentId ?? null,
    note: b.note ?? null,
    seq,
    cast_at: now,
  };
  if (standing)
    await trx
      .updateTable('vote_ballots')
      .set(ballot)
      .where('district_code', '=', district)
      .where('vote_id', '=', v.id)
      .where('head_no', '=', b.headNo)
      .execute();
  else
    await trx
      .insertInto('vote_ballots')
      .values({ district_code: district, vote_id: v.id, head_no: b.headNo, ...ballot })
      .execute();
  await trx
    .updateTable('votes')
    .set((eb) => ({
      ballots: standing ? eb.ref('ballots') : eb('ballots', '+', 1),
      chain_seq: seq,
      chain_head: hash,
    }))
    .where('id', '=', v.id)
    .execute();
  const units = await trx
    .selectFrom('vote_units')
    .select('label')
    .where('vote_id', '=', v.id)
    .where('head_no', '=', b.headNo)
    .orderBy('position')
    .execute();
  return {
    voteId: v.id,
    units: units.map((u) => u.label),
    choice: b.choice,
    channel: b.channel,
    castAt: now.toISOString(),
    seq,
    hash,
    replaces: standing?.seq ?? null,
  };
}
