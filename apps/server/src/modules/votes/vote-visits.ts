import crypto from 'node:crypto';
import {
  type AssignVisitsBody,
  type MyVisit,
  type VisitOutcome,
  type VisitOutcomeBody,
  type VoteAssignee,
  type VoteChoice,
} from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { committeePath } from '../../platform/policy.js';
import { maskPersonalNumbers } from '../../platform/text-masking.js';
import { recordAudit } from '../audit/index.js';
import { committeeAccounts } from '../identity/index.js';
import { queueNotifications } from '../notifications/index.js';
import { unitsOf } from './vote-campaign.js';
import { assertTakesBallots } from './vote-chain.js';
import { mayWatch, requireRunner } from './votes.policy.js';
import { requireVote } from './votes.repo.js';

/**
 * Campaign visits: staff hand owner groups to a volunteer (a verified resident of the
 * committee, a "stair-climbing volunteer" 爬楼志愿者) or a colleague, who is told in the app,
 * sees the visits on a phone (units only, never names) and records how each went.
 */

const VISIT_NOT_FOUND = 'No such visit / 没有该走访任务';

/** Up to 20 accounts of the vote's committee a visit may go to, by user or display name prefix. */
export async function listAssignees(
  ctx: Ctx,
  voteId: string,
  q: string | undefined,
): Promise<{ items: VoteAssignee[] }> {
  const v = await requireVote(ctx.db, voteId);
  await requireRunner(ctx, v);
  const path = committeePath(v.area_path, v.committee_code);
  return { items: await committeeAccounts(ctx.db, { committeePath: path, q, limit: 20 }) };
}

/** Hand owner groups to a staff member or a verified resident of the committee to visit. */
export async function assignVisits(
  ctx: Ctx,
  voteId: string,
  body: AssignVisitsBody,
): Promise<{ assigned: number }> {
  const v = await requireVote(ctx.db, voteId);
  await requireRunner(ctx, v);
  assertTakesBallots(v, new Date());
  const [assignee] = await committeeAccounts(ctx.db, {
    committeePath: committeePath(v.area_path, v.committee_code),
    ids: [body.assigneeId],
    limit: 1,
  });
  if (!assignee)
    throw AppError.invalid(
      'assigneeId',
      'exists',
      "assigneeId: visits go to the committee's staff or to a verified resident of the committee / 走访任务只能分配给本居委会工作人员或已认证的本社区居民",
    );
  const heads = await ctx.db
    .selectFrom('vote_heads')
    .select('head_no')
    .where('vote_id', '=', v.id)
    .where('head_no', 'in', body.headNos)
    .execute();
  const known = new Set(heads.map((h) => h.head_no));
  const missing = body.headNos.filter((n) => !known.has(n));
  if (missing.length > 0)
    throw AppError.invalid(
      'headNos',
      'exists',
      `headNos: ${missing.slice(0, 10).join(', ')} ${missing.length === 1 ? 'is' : 'are'} not an owner group of this vote / 不是本次表决的业主`,
    );
  const now = new Date();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('vote_visits')
      .values(
        body.headNos.map((headNo) => ({
          id: crypto.randomUUID(),
          vote_id: v.id,
          head_no: headNo,
          assignee_id: assignee.id,
          assigned_by: ctx.actor!.id,
          assigned_at: now,
        })),
      )
      .execute();
    await queueNotifications(trx, [
      {
        caseId: null,
        areaPath: v.area_path,
        recipientId: assignee.id,
        channels: ['inapp'],
        text: `【社区云】您有${body.headNos.length}户业主的走访任务：业主表决「${v.title}」，请在表决截止前上门沟通并记录结果。`,
      },
    ]);
    await recordAudit(
      ctx,
      {
        action: 'votes.visits.assign',
        objectType: 'vote',
        objectId: v.id,
        areaPath: v.area_path,
        detail: { voteId: v.id, assigneeId: assignee.id, headNos: body.headNos },
      },
      trx,
    );
  });
  return { assigned: body.headNos.length };
}

interface VisitRow {
  id: string;
  vote_id: string;
  head_no: number;
  outcome: string | null;
  note: string | null;
  assigned_at: Date;
  title: string;
  closes_at: Date;
  state: string;
  area_path: string;
  choice: string | null;
}

const visitsQuery = (db: Kysely<DB>, accountId: string) =>
  db
    .selectFrom('vote_visits as x')
    .innerJoin('votes as v', 'v.id', 'x.vote_id')
    .leftJoin('vote_ballots as b', (j) =>
      j.onRef('b.vote_id', '=', 'x.vote_id').onRef('b.head_no', '=', 'x.head_no'),
    )
    .select([
      'x.id',
      'x.vote_id',
      'x.head_no',
      'x.outcome',
      'x.note',
      'x.assigned_at',
      'v.title',
      'v.closes_at',
      'v.state',
      'v.area_path',
      'b.choice',
    ])
    .where('x.assignee_id', '=', accountId);

/**
 * The assignee's visits: whether each group voted; its choice only to staff who watch the vote,
 * or once the result is published (a volunteer neighbour never learns a choice before).
 */
async function toMyVisits(ctx: Ctx, rows: VisitRow[]): Promise<MyVisit[]> {
  const db = ctx.db;
  const byVote = new Map<string, number[]>();
  for (const r of rows) byVote.set(r.vote_id, [...(byVote.get(r.vote_id) ?? []), r.head_no]);
  const labels = new Map<string, string[]>();
  for (const [voteId, heads] of byVote)
    for (const [headNo, u] of await unitsOf(db, voteId, heads))
      labels.set(`${voteId}:${headNo}`, u.labels);
  return rows.map((r) => ({
    id: r.id,
    voteId: r.vote_id,
    voteTitle: r.title,
    closesAt: r.closes_at.toISOString(),
    units: labels.get(`${r.vote_id}:${r.head_no}`) ?? [],
    voted: r.choice !== null,
    choice:
      r.state === 'published' || mayWatch(ctx.actor, r) ? (r.choice as VoteChoice | null) : null,
    outcome: r.outcome as VisitOutcome | null,
    note: r.note,
    assignedAt: r.assigned_at.toISOString(),
  }));
}

/** The signed-in volunteer's visits, newest first (100 at most). */
export async function myVisits(ctx: Ctx): Promise<{ items: MyVisit[] }> {
  const rows = await visitsQuery(ctx.db, ctx.actor!.id)
    .orderBy('x.assigned_at', 'desc')
    .orderBy('x.id', 'desc')
    .limit(100)
    .execute();
  return { items: await toMyVisits(ctx, rows) };
}

/** The assignee records how a visit went, while the vote is open. */
export async function recordVisitOutcome(
  ctx: Ctx,
  visitId: string,
  body: VisitOutcomeBody,
): Promise<MyVisit> {
  const actor = ctx.actor!;
  const visit = await visitsQuery(ctx.db, actor.id).where('x.id', '=', visitId).executeTakeFirst();
  if (!visit) throw AppError.notFound(VISIT_NOT_FOUND);
  const v = await requireVote(ctx.db, visit.vote_id);
  assertTakesBallots(v, new Date());
  const note = body.note?.trim() ? maskPersonalNumbers(body.note.trim()) : null;
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('vote_visits')
      .set({ outcome: body.outcome, note, visited_at: new Date() })
      .where('id', '=', visitId)
      .where('assignee_id', '=', actor.id)
      .execute();
    await recordAudit(
      ctx,
      {
        action: 'votes.visits.outcome',
        objectType: 'vote_visit',
        objectId: visitId,
        areaPath: v.area_path,
        detail: { voteId: v.id, headNo: visit.head_no, outcome: body.outcome },
      },
      trx,
    );
  });
  const [out] = await toMyVisits(ctx, [{ ...visit, outcome: body.outcome, note }]);
  return out!;
}
