import crypto from 'node:crypto';
import {
  ErrorCode,
  type CouncilCandidate,
  type CouncilVote,
  type CouncilVoteList,
  type CouncilVoteState,
  type CreateCouncilVoteBody,
  type TieRule,
} from '@cc/contracts';
import { Type } from '@sinclair/typebox';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { AppDeps, Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { defineJob, enqueueJobsQuery } from '../../platform/jobs.js';
import { recordAudit } from '../audit/index.js';
import { findMeetingHost } from '../meetings/index.js';
import {
  memberRulePresets,
  motionRule,
  tallyElection,
  tallyMotion,
  type MotionRule,
} from './council-tally.js';
import {
  canManage,
  canRead,
  requireCouncilReader,
  requireThat,
  standingIn,
  type Standing,
} from './councils.policy.js';
import { findCouncil, type CouncilRecord } from './councils.repo.js';
import type { CouncilVotesTable } from './councils.tables.js';

/**
 * A council's elections and motions (decision 022): drafted by those who run the council
 * (staff over its street, its chair, its secretary); opened, which freezes the electorate (the
 * members at that moment, one ballot each); closed by them or by a durable job at `closes_at`,
 * the count stored (council-tally.ts); published — an election's winners' representatives
 * become directors —; or cancelled before its result. Ballots: council-ballots.ts. Every change
 * audited.
 */

export type CouncilVoteRow = Selectable<CouncilVotesTable>;

export const COUNCIL_VOTE_NOT_FOUND = 'No such vote / 未找到该表决';
const RUN_ONLY =
  "Only the council's staff, chair or secretary run its votes / 仅街道工作人员、主任或秘书可组织表决";

/** Close a vote at its closing time (queued when it opens, deduplicated per vote). */
export const CLOSE_COUNCIL_VOTE_JOB = defineJob(
  'councils.vote-close',
  // no `format` here: TypeBox's Value.Check (the job's payload check) knows no formats
  Type.Object({ voteId: Type.String({ minLength: 36, maxLength: 36 }) }),
);

// ---------------------------------------------------------------------------------------------
// Finding a vote and who reads it

export function findCouncilVote(db: Kysely<DB>, id: string) {
  return db.selectFrom('council_votes').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The vote locked for the rest of the transaction: ballots, the close, publishing serialise on it. */
export function lockCouncilVote(trx: Kysely<DB>, id: string) {
  return trx
    .selectFrom('council_votes')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** The vote, its council and the reader's standing there; 404 unless they may read the council. */
export async function requireVoteReader(
  ctx: Ctx,
  id: string,
): Promise<{ v: CouncilVoteRow; council: CouncilRecord; standing: Standing }> {
  const v = await findCouncilVote(ctx.db, id);
  const council = v && (await findCouncil(ctx.db, v.council_id));
  if (!v || !council) throw AppError.notFound(COUNCIL_VOTE_NOT_FOUND);
  const standing = await standingIn(ctx, council);
  if (!canRead(standing)) throw AppError.notFound(COUNCIL_VOTE_NOT_FOUND);
  return { v, council, standing };
}

const STATE_WORDS: Record<CouncilVoteState, { zh: string; en: string }> = {
  draft: { zh: '尚未开始', en: 'a draft' },
  open: { zh: '正在投票', en: 'open' },
  closed: { zh: '已截止', en: 'closed' },
  published: { zh: '已公布结果', en: 'published' },
  cancelled: { zh: '已取消', en: 'cancelled' },
};

/** 409 unless the vote is in one of `states`, saying what it is. */
export function requireState(
  v: { state: string },
  states: readonly CouncilVoteState[],
  action: { zh: string; en: string },
): void {
  if (states.includes(v.state as CouncilVoteState)) return;
  const w = STATE_WORDS[v.state as CouncilVoteState] ?? { zh: v.state, en: v.state };
  throw AppError.conflict(
    `This vote is ${w.en}: it cannot ${action.en} / 该表决${w.zh}，不能${action.zh}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Drafting

/**
 * Those who run the council draft an election (candidates: active members; seats 1…candidates;
 * a tie rule set now) or a motion (a `weighing: members` preset), closing in the future,
 * optionally put to one of the council's meetings. Nothing is stored on a bad input.
 */
export async function createCouncilVote(
  ctx: Ctx,
  councilId: string,
  body: CreateCouncilVoteBody,
): Promise<CouncilVote> {
  const { council, standing } = await requireCouncilReader(
    ctx,
    await findCouncil(ctx.db, councilId),
  );
  requireThat(canManage(standing), RUN_ONLY);
  const now = new Date();
  const closesAt = new Date(body.closesAt);
  if (!(closesAt > now))
    throw AppError.invalid(
      'closesAt',
      'future',
      'closesAt: the vote must close in the future / 截止时间须晚于当前时间',
    );
  if (body.meetingId) {
    const host = await findMeetingHost(ctx, body.meetingId.toLowerCase());
    if (!host || host.hostType !== 'council' || host.hostCode !== council.id)
      throw AppError.invalid(
        'meetingId',
        'notCouncilMeeting',
        'meetingId: not a meeting of this council / 该会议不是本共治组织的会议',
      );
  }
  const id = crypto.randomUUID();
  let election: {
    seats: number;
    tieRule: TieRule;
    candidates: { id: string; name: string; joined_at: Date }[];
  } | null = null;
  let rule: MotionRule | null = null;
  if (body.kind === 'election') {
    if (body.rule !== undefined)
      throw AppError.invalid(
        'rule',
        'notAllowed',
        'rule: an election elects the candidates with the most approvals; it takes no rule / 选举按得票多少当选，不适用表决规则',
      );
    if (!body.candidates)
      throw AppError.invalid(
        'candidates',
        'required',
        'candidates: name the candidates / 请选择候选人',
      );
    const n = body.candidates.length;
    if (body.seats === undefined)
      throw AppError.invalid(
        'seats',
        'required',
        'seats: how many are to be elected / 请填写应选名额',
      );
    if (body.seats > n)
      throw AppError.invalid(
        'seats',
        'range',
        `seats: 1 to ${n} (the number of candidates) / 应选名额须在 1 至 ${n}（候选人数）之间`,
      );
    if (!body.tieRule)
      throw AppError.invalid(
        'tieRule',
        'required',
        'tieRule: say before the vote how a tie at the last seat is broken / 请事先确定末位票数相同时的处理办法',
      );
    // ids compared as stored (lower case): the same member in two cases is one candidate twice
    const ids = body.candidates.map((c) => c.toLowerCase());
    const twice = ids.findIndex((c, i) => ids.indexOf(c) !== i);
    if (twice >= 0)
      throw AppError.invalid(
        'candidates',
        'duplicate',
        `candidates: candidate ${twice + 1} is named twice / 第 ${twice + 1} 位候选人重复`,
      );
    const rows = await ctx.db
      .selectFrom('council_members')
      .select(['id', 'name', 'joined_at'])
      .where('council_id', '=', council.id)
      .where('left_at', 'is', null)
      .where('id', 'in', ids)
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const candidates = ids.map((mid, i) => {
      const m = byId.get(mid);
      if (!m)
        throw AppError.invalid(
          `candidates.${i}`,
          'notMember',
          `candidates.${i}: not a member of this council / 候选人须为本共治组织的成员单位`,
        );
      return m;
    });
    election = { seats: body.seats, tieRule: body.tieRule, candidates };
  } else {
    for (const f of ['candidates', 'seats', 'tieRule'] as const)
      if (body[f] !== undefined)
        throw AppError.invalid(
          f,
          'notAllowed',
          `${f}: a motion has no candidates, seats or tie rule / 议案表决不设候选人、名额和并列规则`,
        );
    const codes = memberRulePresets().map((p) => p.code);
    if (!body.rule)
      throw AppError.invalid(
        'rule',
        'required',
        `rule: pick the rule it is decided by (${codes.join(', ')}) / 请选择表决规则`,
      );
    rule = motionRule(body.rule) ?? null;
    if (!rule)
      throw AppError.invalid(
        'rule',
        'preset',
        `rule: "${body.rule}" is not a one-member-one-vote rule; the rules are ${codes.join(', ')} / 该规则不适用于成员单位一单位一票的表决`,
      );
  }
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('council_votes')
      .values({
        id,
        council_id: council.id,
        kind: body.kind,
        title: body.title.trim(),
        body: body.body?.trim() ?? '',
        meeting_id: body.meetingId?.toLowerCase() ?? null,
        closes_at: closesAt,
        seats: election?.seats ?? null,
        tie_rule: election?.tieRule ?? null,
        rule: rule ? JSON.stringify(rule) : null,
        electorate: null,
        chain_head: null,
        passed: null,
        created_by: ctx.actor!.id,
        created_at: now,
        opened_at: null,
        closed_at: null,
        published_at: null,
      })
      .execute();
    if (election)
      await trx
        .insertInto('council_vote_candidates')
        .values(
          election.candidates.map((c, i) => ({
            vote_id: id,
            no: i + 1,
            member_id: c.id,
            name: c.name,
            joined_at: c.joined_at,
            elected: null,
          })),
        )
        .execute();
    await recordAudit(
      ctx,
      {
        action: 'councils.vote.create',
        objectType: 'council_vote',
        objectId: id,
        areaPath: council.area_path,
        detail: {
          councilId: council.id,
          kind: body.kind,
          closesAt: closesAt.toISOString(),
          ...(election
            ? {
                seats: election.seats,
                tieRule: election.tieRule,
                candidates: election.candidates.length,
              }
            : { rule: rule!.code }),
        },
      },
      trx,
    );
  });
  return getCouncilVote(ctx, id);
}

// ---------------------------------------------------------------------------------------------
// Opening: the electorate frozen

/** Open a draft: the council's members at this moment are its electorate, one ballot each. */
export async function openCouncilVote(ctx: Ctx, voteId: string): Promise<CouncilVote> {
  const { v: found, council, standing } = await requireVoteReader(ctx, voteId);
  const id = found.id; // as stored (lower case): the job's key and payload
  requireThat(canManage(standing), RUN_ONLY);
  await ctx.db.transaction().execute(async (trx) => {
    const v = (await lockCouncilVote(trx, id))!;
    requireState(v, ['draft'], { en: 'be opened', zh: '开始投票' });
    const now = new Date();
    if (v.closes_at <= now)
      throw AppError.conflict(
        'Its closing time has passed: cancel it and draft it anew / 截止时间已过，请取消后重新发起',
      );
    if (v.kind === 'election') {
      const gone = await trx
        .selectFrom('council_vote_candidates as c')
        .innerJoin('council_members as m', 'm.id', 'c.member_id')
        .select(['c.no', 'c.name'])
        .where('c.vote_id', '=', id)
        .where('m.left_at', 'is not', null)
        .orderBy('c.no')
        .executeTakeFirst();
      if (gone)
        throw AppError.conflict(
          `Candidate no. ${gone.no} (${gone.name}) has left the council: cancel and draft the election anew / ${gone.no} 号候选人（${gone.name}）已退出，请取消后重新发起选举`,
        );
    }
    await sql`insert into council_vote_voters (vote_id, member_id)
      select ${id}::uuid, id from council_members
      where council_id = ${council.id}::uuid and left_at is null`.execute(trx);
    const { n } = await trx
      .selectFrom('council_vote_voters')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('vote_id', '=', id)
      .executeTakeFirstOrThrow();
    const electorate = Number(n);
    if (electorate === 0)
      throw AppError.conflict('The council has no members to vote / 该共治组织尚无成员单位');
    await trx
      .updateTable('council_votes')
      .set({ state: 'open', electorate, opened_at: now })
      .where('id', '=', id)
      .execute();
    await enqueueJobsQuery([
      CLOSE_COUNCIL_VOTE_JOB.spec(
        { voteId: id },
        { runAt: v.closes_at, dedupeKey: `councils.vote-close:${id}` },
      ),
    ])!.execute(trx);
    await recordAudit(
      ctx,
      {
        action: 'councils.vote.open',
        objectType: 'council_vote',
        objectId: id,
        areaPath: council.area_path,
        detail: { councilId: council.id, electorate },
      },
      trx,
    );
  });
  return getCouncilVote(ctx, id);
}

// ---------------------------------------------------------------------------------------------
// Closing: the count

/**
 * Inside `trx`, the vote locked and open: count it and store the result — an election's
 * elected (and by the tie rule) and its runoff, a motion's pass — and close it at `now`.
 */
async function closeLocked(
  trx: Kysely<DB>,
  who: Ctx,
  v: CouncilVoteRow,
  council: { area_path: string },
  now: Date,
): Promise<void> {
  let passed: boolean;
  let runoff: number[] = [];
  let detail: Record<string, unknown>;
  if (v.kind === 'election') {
    const cands = await trx
      .selectFrom('council_vote_candidates')
      .select(['no', 'member_id', 'joined_at', 'approvals'])
      .where('vote_id', '=', v.id)
      .execute();
    const out = tallyElection(
      cands.map((c) => ({
        no: c.no,
        memberId: c.member_id,
        joinedAt: new Date(c.joined_at),
        approvals: c.approvals,
      })),
      v.seats!,
      v.tie_rule as TieRule,
      v.chain_head,
    );
    const elected = out.candidates.filter((c) => c.elected).map((c) => c.no);
    const byTie = out.candidates.filter((c) => c.byTieRule).map((c) => c.no);
    await trx
      .updateTable('council_vote_candidates')
      .set({
        elected: sql<boolean>`no = any(${elected}::int[])`,
        by_tie_rule: sql<boolean>`no = any(${byTie}::int[])`,
      })
      .where('vote_id', '=', v.id)
      .execute();
    passed = out.passed;
    runoff = out.runoff;
    detail = { elected, byTieRule: byTie, runoff };
  } else {
    const counts = { agree: v.agree, disagree: v.disagree, abstain: v.abstain };
    passed = tallyMotion(v.rule as MotionRule, v.electorate ?? 0, counts);
    detail = counts;
  }
  await trx
    .updateTable('council_votes')
    .set({ state: 'closed', passed, runoff: sql<number[]>`${runoff}::int[]`, closed_at: now })
    .where('id', '=', v.id)
    .execute();
  await recordAudit(
    who,
    {
      action: 'councils.vote.close',
      objectType: 'council_vote',
      objectId: v.id,
      areaPath: council.area_path,
      detail: {
        councilId: v.council_id,
        passed,
        ballots: v.ballots,
        electorate: v.electorate,
        chainHead: v.chain_head,
        ...detail,
      },
    },
    trx,
  );
}

/**
 * Those who run the council close an open vote now: once its closing time has come, or before
 * it only when every member of the electorate has voted — nobody who runs it (and may vote)
 * can end it early at a moment of their choosing, when the counts or the chain's head (the
 * lot's seed) would suit them.
 */
export async function closeCouncilVote(ctx: Ctx, voteId: string): Promise<CouncilVote> {
  const { v: found, council, standing } = await requireVoteReader(ctx, voteId);
  requireThat(canManage(standing), RUN_ONLY);
  await ctx.db.transaction().execute(async (trx) => {
    const v = (await lockCouncilVote(trx, found.id))!;
    requireState(v, ['open'], { en: 'be closed', zh: '截止' });
    // the time is taken once the lock is held: the ballots counted are all there are
    const now = new Date();
    const electorate = v.electorate ?? 0;
    const missing = electorate - v.ballots;
    if (v.closes_at > now && missing > 0)
      throw new AppError(
        ErrorCode.conflict,
        `closesAt: ${missing} of the ${electorate} members have not voted yet; before its closing time a vote closes only once every member has voted / 尚有 ${missing} 个成员单位未投票（共 ${electorate} 个），截止时间前须全部投票后方可提前截止`,
        { field: 'closesAt', rule: 'notYet' },
      );
    await closeLocked(trx, ctx, v, council, now);
  });
  return getCouncilVote(ctx, found.id);
}

/** The close job: an open vote whose time has come is closed (idempotent; early runs retry). */
export async function runCloseCouncilVote(deps: AppDeps, voteId: string): Promise<void> {
  const found = await deps.db
    .selectFrom('council_votes')
    .select(['state', 'closes_at'])
    .where('id', '=', voteId)
    .executeTakeFirst();
  if (!found || found.state !== 'open') return;
  if (found.closes_at > new Date())
    throw new Error(`council vote ${voteId} closes at ${found.closes_at.toISOString()}`);
  await deps.db.transaction().execute(async (trx) => {
    const v = await lockCouncilVote(trx, voteId);
    // the time is taken once the lock is held: no ballot comes after it
    const now = new Date();
    if (!v || v.state !== 'open' || v.closes_at > now) return;
    const council = await findCouncil(trx, v.council_id);
    await closeLocked(trx, { ...deps, actor: null, ip: null }, v, council!, now);
  });
}

// ---------------------------------------------------------------------------------------------
// Publishing, cancelling

/**
 * Publish the result (closing the vote first when its time has come and the job has not run
 * yet). An election changes the council's roles: the winners' representatives become
 * directors (a chair or a secretary keeps their role); the directors not re-elected become
 * members. When this election is the runoff of the council's previous published election
 * (every candidate one of its tied), that election's winners keep their seats too.
 */
export async function publishCouncilVote(ctx: Ctx, id: string): Promise<CouncilVote> {
  const { council, standing } = await requireVoteReader(ctx, id);
  requireThat(canManage(standing), RUN_ONLY);
  await ctx.db.transaction().execute(async (trx) => {
    let v = (await lockCouncilVote(trx, id))!;
    const now = new Date();
    if (v.state === 'open') {
      if (v.closes_at > now)
        throw AppError.conflict(
          'The vote is still open: close it first / 表决尚未截止，请先截止再公布结果',
        );
      await closeLocked(trx, ctx, v, council, now);
      v = (await lockCouncilVote(trx, id))!;
    }
    requireState(v, ['closed'], { en: 'be published', zh: '公布结果' });
    await trx
      .updateTable('council_votes')
      .set({ state: 'published', published_at: now })
      .where('id', '=', id)
      .execute();
    const roles = v.kind === 'election' ? await applyElection(trx, v) : null;
    await recordAudit(
      ctx,
      {
        action: 'councils.vote.publish',
        objectType: 'council_vote',
        objectId: id,
        areaPath: council.area_path,
        detail: { councilId: council.id, passed: v.passed, ...(roles ?? {}) },
      },
      trx,
    );
  });
  return getCouncilVote(ctx, id);
}

/** An election's result in the council's roles; gives back the members promoted and kept. */
async function applyElection(
  trx: Kysely<DB>,
  v: CouncilVoteRow,
): Promise<{ directors: string[]; kept: string[] }> {
  const electedOf = async (voteId: string) =>
    (
      await trx
        .selectFrom('council_vote_candidates')
        .select('member_id')
        .where('vote_id', '=', voteId)
        .where('elected', '=', true)
        .execute()
    ).map((r) => r.member_id);
  const winners = await electedOf(v.id);
  const kept = new Set(winners);
  // a runoff of the previous published election: its winners keep their seats
  const previous = await trx
    .selectFrom('council_votes')
    .select(['id', 'passed', 'runoff'])
    .where('council_id', '=', v.council_id)
    .where('kind', '=', 'election')
    .where('state', '=', 'published')
    .where('id', '!=', v.id)
    .orderBy('published_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (previous && previous.passed === false && previous.runoff.length > 0) {
    const tied = new Set(
      (
        await trx
          .selectFrom('council_vote_candidates')
          .select('member_id')
          .where('vote_id', '=', previous.id)
          .where('no', 'in', previous.runoff)
          .execute()
      ).map((r) => r.member_id),
    );
    const mine = await trx
      .selectFrom('council_vote_candidates')
      .select('member_id')
      .where('vote_id', '=', v.id)
      .execute();
    if (mine.every((c) => tied.has(c.member_id)))
      for (const m of await electedOf(previous.id)) kept.add(m);
  }
  if (winners.length > 0)
    await trx
      .updateTable('council_representatives')
      .set({ role: 'director' })
      .where('council_id', '=', v.council_id)
      .where('member_id', 'in', winners)
      .where('role', '=', 'member')
      .execute();
  let demote = trx
    .updateTable('council_representatives')
    .set({ role: 'member' })
    .where('council_id', '=', v.council_id)
    .where('role', '=', 'director');
  if (kept.size > 0) demote = demote.where('member_id', 'not in', [...kept]);
  await demote.execute();
  return { directors: winners, kept: [...kept] };
}

/** Those who run the council cancel a draft or an open vote (its ballots stay in the chain). */
export async function cancelCouncilVote(ctx: Ctx, id: string): Promise<CouncilVote> {
  const { council, standing } = await requireVoteReader(ctx, id);
  requireThat(canManage(standing), RUN_ONLY);
  await ctx.db.transaction().execute(async (trx) => {
    const v = (await lockCouncilVote(trx, id))!;
    requireState(v, ['draft', 'open'], { en: 'be cancelled', zh: '取消' });
    await trx
      .updateTable('council_votes')
      .set({ state: 'cancelled', closed_at: new Date() })
      .where('id', '=', id)
      .execute();
    await recordAudit(
      ctx,
      {
        action: 'councils.vote.cancel',
        objectType: 'council_vote',
        objectId: id,
        areaPath: council.area_path,
        detail: { councilId: council.id, was: v.state, ballots: v.ballots },
      },
      trx,
    );
  });
  return getCouncilVote(ctx, id);
}

// ---------------------------------------------------------------------------------------------
// Reading

/** One vote as the reader stands: the counts and the chain's head once closed, to all alike. */
export async function getCouncilVote(ctx: Ctx, id: string): Promise<CouncilVote> {
  const { v, standing } = await requireVoteReader(ctx, id);
  return (await voteViews(ctx.db, standing, [v]))[0]!;
}

/** A council's votes, the newest first (its readers). */
export async function listCouncilVotes(ctx: Ctx, councilId: string): Promise<CouncilVoteList> {
  const { council, standing } = await requireCouncilReader(
    ctx,
    await findCouncil(ctx.db, councilId),
  );
  const rows = await ctx.db
    .selectFrom('council_votes')
    .selectAll()
    .where('council_id', '=', council.id)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
  return { items: await voteViews(ctx.db, standing, rows) };
}

const COUNTED: readonly string[] = ['closed', 'published'];

async function voteViews(
  db: Kysely<DB>,
  standing: Standing,
  rows: readonly CouncilVoteRow[],
): Promise<CouncilVote[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((v) => v.id);
  const memberId = standing.rep?.memberId ?? null;
  const [cands, mine, voters] = await Promise.all([
    db
      .selectFrom('council_vote_candidates')
      .select(['vote_id', 'no', 'member_id', 'name', 'approvals', 'elected', 'by_tie_rule'])
      .where('vote_id', 'in', ids)
      .orderBy('vote_id')
      .orderBy('no')
      .execute(),
    memberId
      ? db
          .selectFrom('council_ballots')
          .select(['vote_id', 'seq', 'hash'])
          .where('vote_id', 'in', ids)
          .where('member_id', '=', memberId)
          .execute()
      : [],
    memberId
      ? db
          .selectFrom('council_vote_voters')
          .select('vote_id')
          .where('vote_id', 'in', ids)
          .where('member_id', '=', memberId)
          .execute()
      : [],
  ]);
  const runs = canManage(standing);
  const now = new Date();
  // counts and the chain's head only once counted: while open nobody sees them, not even those
  // who run the vote (they may vote too, and the head seeds the lot); `ballots` stays visible
  const ballotOf = new Map(mine.map((b) => [b.vote_id, { seq: b.seq, hash: b.hash }]));
  const inElectorate = new Set(voters.map((r) => r.vote_id));
  const candidatesOf = new Map<string, typeof cands>();
  for (const c of cands) candidatesOf.set(c.vote_id, [...(candidatesOf.get(c.vote_id) ?? []), c]);
  return rows.map((v): CouncilVote => {
    const shown = COUNTED.includes(v.state);
    const rule = v.rule as MotionRule | null;
    const myBallot = ballotOf.get(v.id) ?? null;
    return {
      id: v.id,
      councilId: v.council_id,
      kind: v.kind as CouncilVote['kind'],
      title: v.title,
      body: v.body,
      meetingId: v.meeting_id,
      state: v.state as CouncilVoteState,
      closesAt: v.closes_at.toISOString(),
      electorate: v.electorate,
      ballots: v.ballots,
      seats: v.seats,
      tieRule: v.tie_rule as TieRule | null,
      candidates: (candidatesOf.get(v.id) ?? []).map((c): CouncilCandidate => ({
        no: c.no,
        memberId: c.member_id,
        name: c.name,
        approvals: shown ? c.approvals : null,
        elected: c.elected,
        byTieRule: c.by_tie_rule,
      })),
      rule: rule ? { code: rule.code, name: rule.name, source: rule.source } : null,
      counts:
        v.kind === 'motion' && shown
          ? { agree: v.agree, disagree: v.disagree, abstain: v.abstain }
          : null,
      passed: v.passed,
      runoff: v.runoff,
      chainHead: shown ? v.chain_head : null,
      myBallot,
      canVote:
        v.state === 'open' && v.closes_at > now && inElectorate.has(v.id) && myBallot === null,
      canRun: runs,
      createdAt: v.created_at.toISOString(),
    };
  });
}
