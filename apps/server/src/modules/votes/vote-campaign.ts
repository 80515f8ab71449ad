import type {
  CampaignEntry,
  CampaignList,
  CampaignQuery,
  VisitOutcome,
  VoteChoice,
} from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { openCursor, sealCursor } from '../../platform/cursor.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { accountNames } from '../identity/index.js';
import { requireReader } from './votes.policy.js';
import { requireVote } from './votes.repo.js';

/**
 * The campaign (动员): the live list of owner groups that have not voted or disagree, handed
 * out to volunteers ("stair-climbing volunteers" 爬楼志愿者) and staff to visit, each visit's
 * outcome recorded by whoever went. Units only, never names.
 */

const LIST = 'votes.campaign';
const STAFF_ONLY =
  "The campaign list is for the committee's staff / 动员名单仅供居委会工作人员查看";

/** Each head's unit labels in order, and its first room. */
export async function unitsOf(db: Kysely<DB>, voteId: string, headNos: readonly number[]) {
  const out = new Map<number, { labels: string[]; roomId: string }>();
  if (headNos.length === 0) return out;
  const rows = await db
    .selectFrom('vote_units')
    .select(['head_no', 'room_id', 'label'])
    .where('vote_id', '=', voteId)
    .where('head_no', 'in', [...new Set(headNos)])
    .orderBy('head_no')
    .orderBy('position')
    .execute();
  for (const r of rows) {
    const u = out.get(r.head_no);
    if (u) u.labels.push(r.label);
    else out.set(r.head_no, { labels: [r.label], roomId: r.room_id });
  }
  return out;
}

/** The live list of who is left (not voted, disagree, or all), a page by head number. */
export async function campaignList(
  ctx: Ctx,
  voteId: string,
  q: CampaignQuery,
): Promise<CampaignList> {
  const v = await requireVote(ctx.db, voteId);
  const reader = await requireReader(ctx, v);
  if (reader.kind !== 'staff') throw AppError.forbidden(STAFF_ONLY);
  const filter = q.filter ?? 'not_voted';
  const limit = q.limit ?? 100;
  const list = `${LIST}:${v.id}:${filter}`;
  let after = 0;
  if (q.cursor) {
    const pos = openCursor(ctx.cipher.key, list, ctx.actor?.id, q.cursor);
    if (typeof pos !== 'number' || !Number.isInteger(pos))
      throw AppError.invalid(
        'cursor',
        'format',
        'cursor: not a cursor of this list / 分页游标无效',
      );
    after = pos;
  }
  const rows = await ctx.db
    .selectFrom('vote_heads as h')
    .leftJoin('vote_ballots as b', (j) =>
      j.onRef('b.vote_id', '=', 'h.vote_id').onRef('b.head_no', '=', 'h.head_no'),
    )
    .select(['h.head_no', 'h.area', 'b.choice'])
    .where('h.vote_id', '=', v.id)
    .where('h.head_no', '>', after)
    .$if(filter === 'not_voted', (qb) => qb.where('b.head_no', 'is', null))
    .$if(filter === 'disagree', (qb) => qb.where('b.choice', '=', 'disagree'))
    .orderBy('h.head_no')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const headNos = page.map((r) => r.head_no);
  const { rows: counts } = await sql<{ not_voted: number; disagree: number }>`
    select count(*) filter (where b.head_no is null)::int as not_voted,
      count(*) filter (where b.choice = 'disagree')::int as disagree
    from vote_heads h
    left join vote_ballots b on b.vote_id = h.vote_id and b.head_no = h.head_no
    where h.vote_id = ${v.id}`.execute(ctx.db);
  const units = await unitsOf(ctx.db, v.id, headNos);
  const visits =
    headNos.length === 0
      ? []
      : await ctx.db
          .selectFrom('vote_visits')
          .distinctOn('head_no')
          .select(['id', 'head_no', 'assignee_id', 'outcome', 'note', 'assigned_at', 'visited_at'])
          .where('vote_id', '=', v.id)
          .where('head_no', 'in', headNos)
          .orderBy('head_no')
          .orderBy('assigned_at', 'desc')
          .orderBy('id', 'desc')
          .execute();
  const names = await accountNames(
    ctx.db,
    visits.map((x) => x.assignee_id),
  );
  const visitOf = new Map(visits.map((x) => [x.head_no, x]));
  const items: CampaignEntry[] = page.map((r) => {
    const u = units.get(r.head_no);
    const visit = visitOf.get(r.head_no);
    return {
      headNo: r.head_no,
      units: u?.labels ?? [],
      roomId: u?.roomId ?? '',
      area: Number(r.area),
      choice: (r.choice as VoteChoice | null) ?? null,
      visit: visit
        ? {
            id: visit.id,
            assigneeName: names.get(visit.assignee_id) ?? '',
            outcome: visit.outcome as VisitOutcome | null,
            note: visit.note,
            at: (visit.visited_at ?? visit.assigned_at).toISOString(),
          }
        : null,
    };
  });
  const last = page.at(-1);
  return {
    items,
    nextCursor:
      rows.length > limit && last
        ? sealCursor(ctx.cipher.key, list, ctx.actor?.id, last.head_no)
        : null,
    counts: {
      notVoted: Number(counts[0]?.not_voted ?? 0),
      disagree: Number(counts[0]?.disagree ?? 0),
    },
  };
}
