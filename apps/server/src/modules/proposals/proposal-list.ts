import {
  type ProposalCategory,
  type ProposalList,
  type ProposalListQuery,
  type ProposalState,
  type ProposalSummary,
} from '@cc/contracts';
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { openCursor, sealCursor } from '../../platform/cursor.js';
import { pathWithin } from '../../platform/db/path-within.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { findAreaCached, normalizeAreaCode } from '../areas/index.js';
import { commentCounts } from './proposal-discussion.js';
import { isModerator, readsCommittee, staffListScope, type ListRoot } from './proposals.policy.js';
import * as repo from './proposals.repo.js';

const LIST = 'proposals.list';
const NO_COMMITTEE = 'No such committee / 没有这个居委会';
const excerptOf = (body: string) => (body.length > 120 ? `${body.slice(0, 120)}…` : body);

export function toSummary(
  ctx: Ctx,
  p: repo.ProposalRow,
  o: { committeeName: string; comments: number; mySupport: boolean; now: Date },
): ProposalSummary {
  return {
    id: p.id,
    title: p.title,
    excerpt: excerptOf(p.body),
    category: p.category as ProposalCategory,
    state: p.state as ProposalState,
    committeeCode: p.committee_code,
    committeeName: o.committeeName,
    authorName: p.author_name_masked,
    isMine: p.author_id === ctx.actor?.id,
    supportCount: p.support_count,
    threshold: p.threshold,
    followerCount: p.follower_count,
    commentCount: o.comments,
    mySupport: o.mySupport,
    hasPlace: p.place_lng !== null,
    photoCount: p.photo_count,
    progress: p.progress,
    isOverdue: p.state === 'awaiting_answer' && !!p.due_at && p.due_at < o.now,
    isEscalated: p.escalation_level > 0,
    isHidden: p.visibility !== 'visible',
    createdAt: p.created_at.toISOString(),
    lastActivityAt: p.last_activity_at.toISOString(),
    dueAt: p.due_at?.toISOString() ?? null,
  };
}

export async function committeeNames(db: Kysely<DB>, codes: readonly string[]) {
  const out = new Map<string, string>();
  for (const c of new Set(codes)) out.set(c, (await findAreaCached(db, c))?.name ?? c);
  return out;
}

type Query = SelectQueryBuilder<DB, 'proposals', repo.ProposalRow>;

/** A staff root as its index reads it: the committee's, the street's, or (rarely) the path's. */
const byRoot = (q: Query, root: ListRoot): Query =>
  'committee' in root
    ? q.where('committee_code', '=', root.committee)
    : 'street' in root
      ? q.where('street_code', '=', root.street)
      : q.where(pathWithin('area_path', [root.path]));

/**
 * A committee's proposals, newest activity first, a keyset page at a time: a resident reads their
 * own committee's (an applicant for verification: the committee applied to), staff their area's
 * (one index range per root of their bindings, merged). Hidden proposals are left out but for
 * moderators; the author's own list (`mine`) shows their hidden ones, never removed ones.
 */
export async function listProposals(ctx: Ctx, q: ProposalListQuery): Promise<ProposalList> {
  const actor = ctx.actor!;
  const reader = await repo.readerOf(ctx.db, actor.id);
  let base = ctx.db.selectFrom('proposals').selectAll() as Query;
  let roots: ListRoot[] = [];
  let moderates = false;
  const staffRoots = staffListScope(actor);
  // named, else the resident's own, else (not staff) the committee applied to
  const committee =
    q.committee ??
    reader.home?.committeeCode ??
    (staffRoots.length > 0 ? null : reader.pendingCommittee);
  if (q.mine) {
    base = base.where('author_id', '=', actor.id).where('visibility', '<>', 'removed');
  } else if (committee) {
    const code = normalizeAreaCode(committee, 'committee');
    const area = await findAreaCached(ctx.db, code);
    if (!area || area.level !== 'committee') throw AppError.notFound(NO_COMMITTEE);
    const scope = { committee_code: code, area_path: area.path };
    if (!readsCommittee(actor, reader, scope)) throw AppError.notFound(NO_COMMITTEE);
    moderates = isModerator(actor, scope);
    roots = [{ committee: code }];
  } else if (staffRoots.length > 0) {
    // staff lists: hidden ones are kept in the query and shown only where they moderate (below)
    moderates = true;
    roots = staffRoots;
  } else {
    throw AppError.invalid(
      'committee',
      'required',
      'committee is required: whose proposals to list / 请指定居委会',
    );
  }
  if (q.state) base = base.where('state', '=', q.state);
  if (!moderates && !q.mine) base = base.where('visibility', '=', 'visible');
  const limit = q.limit ?? 20;
  if (q.cursor) {
    const pos = openCursor(ctx.cipher.key, LIST, actor.id, q.cursor) as [string, string];
    if (!Array.isArray(pos) || typeof pos[0] !== 'string' || typeof pos[1] !== 'string')
      throw AppError.invalid(
        'cursor',
        'format',
        'cursor is not one this list gave you / 分页游标无效',
      );
    base = base.where((eb) =>
      eb(
        sql`(last_activity_at, id)`,
        '<',
        sql`(${new Date(pos[0])}::timestamptz, ${pos[1]}::uuid)`,
      ),
    );
  }
  const page = (query: Query) =>
    query
      .orderBy('last_activity_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
  // one index range per root (a page each), merged: never a sort of the whole area's rows
  const pages = await Promise.all(
    q.mine ? [page(base)] : roots.map((root) => page(byRoot(base, root))),
  );
  let rows = pages
    .flat()
    .sort(
      (a, b) =>
        b.last_activity_at.getTime() - a.last_activity_at.getTime() || (a.id < b.id ? 1 : -1),
    );
  const more = rows.length > limit;
  rows = rows.slice(0, limit);
  // staff see hidden ones only where they moderate
  const visible = rows.filter(
    (p) => p.visibility === 'visible' || isModerator(actor, p) || p.author_id === actor.id,
  );
  const ids = visible.map((p) => p.id);
  const [names, comments, mine] = await Promise.all([
    committeeNames(
      ctx.db,
      visible.map((p) => p.committee_code),
    ),
    commentCounts(ctx.db, ids),
    ids.length === 0
      ? Promise.resolve(new Set<string>())
      : ctx.db
          .selectFrom('proposal_supports')
          .select('proposal_id')
          .where('proposal_id', 'in', ids)
          .where('account_id', '=', actor.id)
          .execute()
          .then((r) => new Set(r.map((x) => x.proposal_id))),
  ]);
  const now = new Date();
  const last = rows.at(-1);
  return {
    items: visible.map((p) =>
      toSummary(ctx, p, {
        committeeName: names.get(p.committee_code) ?? p.committee_code,
        comments: comments.get(p.id) ?? 0,
        mySupport: mine.has(p.id),
        now,
      }),
    ),
    nextCursor:
      more && last
        ? sealCursor(ctx.cipher.key, LIST, actor.id, [last.last_activity_at.toISOString(), last.id])
        : null,
  };
}
