import {
  VOTE_VIEWER_ROLES,
  type BallotChannel,
  type ElectorateKind,
  type MyVoteStanding,
  type VoteChoice,
  type VoteDetail,
  type VoteList,
  type VoteListQuery,
  type VoteRuleView,
  type VoteState,
  type VoteSummary,
  type VoteTally,
} from '@cc/contracts';
import type { Ctx } from '../../platform/context.js';
import { openCursor, sealCursor } from '../../platform/cursor.js';
import { pathWithin } from '../../platform/db/path-within.js';
import { AppError } from '../../platform/errors.js';
import { bindingsWith, isStaff, scopeRoots } from '../../platform/policy.js';
import { attachmentRefs } from '../media/index.js';
import { ownerKeyOfResident } from '../registry/index.js';
import { residentHome, VERIFY_HOME_FIRST, type ResidentHome } from '../residents/index.js';
import { electorateOf, liveTally } from './vote-tally.repo.js';
import { reachedVoteIds, voterStanding } from './vote-voters.js';
import { requireReader, type VoteReader } from './votes.policy.js';
import { requireVote, VOTE_DOCUMENTS, type VoteRow } from './votes.repo.js';

/**
 * Reading votes as the reader stands: staff see their area's votes with live figures while
 * open; a verified resident sees the votes they are an owner on record in and those over their
 * home room (never a draft), the figures once published, and their own standing (per owner
 * group they vote for: its units, its ballot and receipt, whether they may cast it now).
 */

const VOTES_LIST = 'votes.list';

function toSummary(v: VoteRow): VoteSummary {
  const rule = v.rule as VoteRuleView;
  return {
    id: v.id,
    committeeCode: v.committee_code,
    title: v.title,
    state: v.state as VoteState,
    electorateKind: v.electorate_kind as ElectorateKind,
    electorateLabel: v.electorate_label,
    ruleCode: v.rule_code,
    ruleName: rule.name,
    opensAt: v.opens_at.toISOString(),
    closesAt: v.closes_at.toISOString(),
    electorate: v.heads === null ? null : electorateOf(v),
    ballots: v.ballots,
    passed: v.state === 'published' ? v.passed : null,
    subject: v.subject_type && v.subject_id ? { type: v.subject_type, id: v.subject_id } : null,
  };
}

/**
 * Votes as the reader stands, newest first (keyset pages): staff's in their area (one committee
 * with `committee`), a verified resident's — the non-draft votes they are an owner on record
 * in, and those whose frozen units hold their home room.
 */
export async function listVotes(ctx: Ctx, q: VoteListQuery): Promise<VoteList> {
  const actor = ctx.actor!;
  const roots = scopeRoots(bindingsWith(actor, VOTE_VIEWER_ROLES));
  let query = ctx.db.selectFrom('votes').selectAll();
  if (roots.length > 0) {
    query = query.where(pathWithin('area_path', roots));
    if (q.committee) query = query.where('committee_code', '=', q.committee);
  } else {
    const home = await residentHome(ctx.db, actor.id);
    if (!home)
      throw AppError.forbidden(
        isStaff(actor)
          ? "Owners' votes are run by committee staff / 业主表决由居委会工作人员组织"
          : VERIFY_HOME_FIRST,
      );
    // owners on record of the frozen electorate (a landlord living elsewhere too), and those
    // living in one of its units (a tenant sees the question); never a draft
    const ownerKey = await ownerKeyOfResident(ctx.db, home.residentId);
    query = query
      .where('state', '!=', 'draft')
      .where('id', 'in', reachedVoteIds(ctx.db, ownerKey, home.roomId));
  }
  if (q.state) query = query.where('state', '=', q.state);
  const limit = q.limit ?? 20;
  if (q.cursor) {
    const [at, id] = openCursor(ctx.cipher.key, VOTES_LIST, actor.id, q.cursor) as [string, string];
    const after = new Date(at);
    query = query.where((eb) =>
      eb.or([
        eb('created_at', '<', after),
        eb.and([eb('created_at', '=', after), eb('id', '<', id)]),
      ]),
    );
  }
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(toSummary),
    nextCursor:
      rows.length > limit && last
        ? sealCursor(ctx.cipher.key, VOTES_LIST, actor.id, [last.created_at.toISOString(), last.id])
        : null,
  };
}

/** May ballots be cast now (whatever the job that closes it has done)? */
export const isCasting = (v: VoteRow, now = new Date()): boolean =>
  v.state === 'open' && v.opens_at <= now && now < v.closes_at;

/** A resident's standing: per owner group they vote for, its standing ballot and receipt. */
async function myStanding(ctx: Ctx, v: VoteRow, home: ResidentHome): Promise<MyVoteStanding> {
  if (v.state === 'draft' || v.state === 'cancelled' || v.heads === null)
    return { canVote: false, reason: null, groups: [] };
  const standing = await voterStanding(ctx.db, v.id, home);
  if (!standing.owner) return { canVote: false, reason: standing.reason, groups: [] };
  const headNos = standing.groups.map((g) => g.headNo);
  const ballots = await ctx.db
    .selectFrom('vote_ballots as b')
    .innerJoin('vote_ballot_chain as c', (j) =>
      j.onRef('c.vote_id', '=', 'b.vote_id').onRef('c.seq', '=', 'b.seq'),
    )
    .select(['b.head_no', 'b.choice', 'b.channel', 'b.cast_at', 'b.seq', 'c.hash'])
    .where('b.vote_id', '=', v.id)
    .where('b.head_no', 'in', headNos)
    .execute();
  const byHead = new Map(ballots.map((b) => [b.head_no, b]));
  const casting = isCasting(v);
  return {
    canVote: true,
    reason: null,
    groups: standing.groups.map((g) => {
      const b = byHead.get(g.headNo);
      return {
        headNo: g.headNo,
        units: g.units,
        ballot: b
          ? {
              choice: b.choice as VoteChoice,
              channel: b.channel as BallotChannel,
              castAt: b.cast_at.toISOString(),
              receipt: { seq: b.seq, hash: b.hash },
            }
          : null,
        mayCast: casting && (!b || (v.allow_change && b.channel === 'online')),
      };
    }),
  };
}

/** The figures: live for staff while open, the stored result once closed; owners once published. */
async function tallyFor(ctx: Ctx, v: VoteRow, reader: VoteReader): Promise<VoteTally | null> {
  if (v.state === 'closed' || v.state === 'published')
    return reader.kind === 'staff' || (v.state === 'published' && reader.owner)
      ? (v.result as VoteTally)
      : null;
  if (reader.kind === 'staff' && v.state === 'open') return liveTally(ctx.db, v);
  return null;
}

/** One vote as the reader may see it (404 for anyone outside it; a draft is staff's only). */
export async function getVote(ctx: Ctx, id: string): Promise<VoteDetail> {
  const v = await requireVote(ctx.db, id);
  const reader = await requireReader(ctx, v);
  const [documents, tally, me] = await Promise.all([
    attachmentRefs(ctx.db, VOTE_DOCUMENTS, [id]),
    tallyFor(ctx, v, reader),
    reader.kind === 'resident' ? myStanding(ctx, v, reader.home) : Promise.resolve(null),
  ]);
  const runs = reader.kind === 'staff' && reader.runs;
  const now = new Date();
  return {
    ...toSummary(v),
    body: v.body,
    rule: v.rule as VoteRuleView,
    allowChange: v.allow_change,
    documents: documents.get(id) ?? [],
    createdAt: v.created_at.toISOString(),
    openedAt: v.opened_at?.toISOString() ?? null,
    closedAt: v.closed_at?.toISOString() ?? null,
    publishedAt: v.published_at?.toISOString() ?? null,
    cancelledAt: v.cancelled_at?.toISOString() ?? null,
    cancelReason: v.cancel_reason,
    tally,
    me,
    can: {
      open: runs && v.state === 'draft' && v.closes_at > now,
      cancel: runs && (v.state === 'draft' || v.state === 'open'),
      publish: runs && (v.state === 'closed' || (v.state === 'open' && v.closes_at <= now)),
      enterPaper: runs && isCasting(v, now),
      campaign: runs && v.state !== 'draft' && v.state !== 'cancelled',
    },
  };
}

/** The attachment rule of a vote's documents: whoever may read the vote. */
export async function canSeeVoteFile(ctx: Ctx, file: { ownerId: string }): Promise<boolean> {
  const v = await ctx.db
    .selectFrom('votes')
    .select(['id', 'committee_code', 'area_path', 'state'])
    .where('id', '=', file.ownerId)
    .executeTakeFirst();
  if (!v) return false;
  return requireReader(ctx, v).then(
    () => true,
    () => false,
  );
}
