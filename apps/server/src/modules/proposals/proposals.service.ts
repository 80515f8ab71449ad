import crypto from 'node:crypto';
import {
  maskName,
  PROPOSAL_BODY_MAX,
  PROPOSAL_TITLE_MAX,
  PROPOSAL_TITLE_MIN,
  type AttachmentRef,
  type EditProposalBody,
  type ProposalCategory,
  type ProposalDetail,
  type ProposalEvent,
  type ProposalList,
  type ProposalListQuery,
  type ProposalPlace,
  type ProposalState,
  type ProposalSummary,
  type SubmitProposalBody,
} from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { openCursor, sealCursor } from '../../platform/cursor.js';
import { pathWithin } from '../../platform/db/path-within.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { isWithin } from '../../platform/policy.js';
import { maskPersonalNumbers } from '../../platform/text-masking.js';
import { findAreaCached, normalizeAreaCode, resolveAreaCode } from '../areas/index.js';
import { recordAudit } from '../audit/index.js';
import { attachmentRefs, setAttachments } from '../media/index.js';
import { queueNotifications } from '../notifications/index.js';
import { residentHome, type ResidentHome } from '../residents/index.js';
import { commentCounts } from './proposal-discussion.js';
import { deadlineJob, answerDue } from './proposal-deadlines.js';
import { thresholdNow } from './proposal-settings.js';
import {
  canAnswer,
  canRead,
  isModerator,
  isNeighbour,
  isUnverified,
  isViewerStaff,
  staffListScope,
} from './proposals.policy.js';
import * as repo from './proposals.repo.js';

/** The owner type of a proposal's photos in the media module. */
export const PHOTO_OWNER = 'proposal';

export const VERIFY_FIRST =
  'Only residents verified as living in the committee may propose, support or comment: verify your home first / 请先完成住户认证';
const WITHDRAWN_ONLY_OPEN =
  'Only a proposal still gathering support can be withdrawn / 只有征集支持中的建议可以撤回';

/** The actor's verified home, or a 403 that says to get verified first. */
export async function requireHome(ctx: Ctx): Promise<ResidentHome> {
  const home = await residentHome(ctx.db, ctx.actor!.id);
  if (!home) throw AppError.forbidden(VERIFY_FIRST);
  return home;
}

function cleanTitle(raw: string): string {
  const t = raw.trim();
  if (t.length < PROPOSAL_TITLE_MIN || t.length > PROPOSAL_TITLE_MAX)
    throw AppError.invalid(
      'title',
      t.length < PROPOSAL_TITLE_MIN ? 'minLength' : 'maxLength',
      `title must be ${PROPOSAL_TITLE_MIN}–${PROPOSAL_TITLE_MAX} characters / 标题须为${PROPOSAL_TITLE_MIN}–${PROPOSAL_TITLE_MAX}个字`,
    );
  return maskPersonalNumbers(t);
}

function cleanBody(raw: string): string {
  const t = raw.trim();
  if (t.length < 1 || t.length > PROPOSAL_BODY_MAX)
    throw AppError.invalid(
      'body',
      t.length < 1 ? 'minLength' : 'maxLength',
      `body must be 1–${PROPOSAL_BODY_MAX} characters / 正文须为1–${PROPOSAL_BODY_MAX}个字`,
    );
  return maskPersonalNumbers(t);
}

/** The place must lie in the committee (the area tree's point resolution): a 400 naming `place` otherwise. */
async function placeInCommittee(
  db: Kysely<DB>,
  place: ProposalPlace | null | undefined,
  committeePath: string,
): Promise<void> {
  if (!place) return;
  const code = resolveAreaCode(db, place.lng, place.lat);
  const area = code ? await findAreaCached(db, code) : undefined;
  if (!area || !isWithin(area.path, committeePath))
    throw AppError.invalid(
      'place',
      'within',
      `place (lng ${place.lng}, lat ${place.lat}) lies outside the committee's area / 位置不在本居委会范围内`,
    );
}

/** Attach the photos (own uploads, images only) in the caller's transaction; their count. */
async function attachPhotos(
  trx: Kysely<DB>,
  proposalId: string,
  by: string,
  ids: readonly string[],
) {
  await setAttachments(trx, {
    ids,
    ownerType: PHOTO_OWNER,
    ownerId: proposalId,
    uploadedBy: by,
    field: 'attachmentIds',
  });
  const refs = (await attachmentRefs(trx, PHOTO_OWNER, [proposalId])).get(proposalId) ?? [];
  for (const r of refs)
    if (r.kind !== 'jpeg' && r.kind !== 'png')
      throw AppError.invalid(
        'attachmentIds',
        'type',
        `attachmentIds: ${r.name} is not a photo (JPEG or PNG only) / 只能上传图片`,
      );
  return refs.length;
}

/**
 * A verified resident proposes to their committee. The threshold is fixed now (the committee's
 * rule over its verified households), and the author is its first supporter and follower.
 */
export async function submitProposal(ctx: Ctx, body: SubmitProposalBody): Promise<ProposalDetail> {
  const actor = ctx.actor!;
  const title = cleanTitle(body.title);
  const text = cleanBody(body.body);
  const home = await requireHome(ctx);
  const path = repo.committeePath(home.areaPath, home.committeeCode);
  await placeInCommittee(ctx.db, body.place, path);
  const { threshold, answerDays } = await thresholdNow(ctx.db, home.committeeCode, path);
  const id = crypto.randomUUID();
  const now = new Date();
  const reached = threshold <= 1;
  const due = reached ? answerDue(now, answerDays) : null;
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('proposals')
      .values({
        id,
        committee_code: home.committeeCode,
        area_path: path,
        street_code: repo.streetOf(path),
        author_id: actor.id,
        author_name_masked: maskName(actor.displayName),
        title,
        body: text,
        category: body.category,
        place_lng: body.place?.lng ?? null,
        place_lat: body.place?.lat ?? null,
        state: reached ? 'awaiting_answer' : 'open',
        support_count: 1,
        follower_count: 1,
        threshold,
        answer_days: answerDays,
        threshold_reached_at: reached ? now : null,
        due_at: due,
        created_at: now,
        updated_at: now,
        last_activity_at: now,
      })
      .execute();
    await trx
      .insertInto('proposal_supports')
      .values({ proposal_id: id, account_id: actor.id, created_at: now })
      .execute();
    await trx
      .insertInto('proposal_follows')
      .values({ proposal_id: id, account_id: actor.id, created_at: now })
      .execute();
    const photos = body.attachmentIds?.length
      ? await attachPhotos(trx, id, actor.id, body.attachmentIds)
      : 0;
    if (photos > 0)
      await trx
        .updateTable('proposals')
        .set({ photo_count: photos })
        .where('id', '=', id)
        .execute();
    await repo.insertEvent(trx, {
      proposalId: id,
      actorId: actor.id,
      actorName: maskName(actor.displayName),
      action: 'submit',
      toState: 'open',
      at: now,
      detail: { threshold },
    });
    if (reached) {
      await repo.insertEvent(trx, {
        proposalId: id,
        actorId: null,
        actorName: '系统 system',
        action: 'threshold',
        fromState: 'open',
        toState: 'awaiting_answer',
        at: now,
        detail: { supportCount: 1, threshold, dueAt: due!.toISOString() },
      });
      const staff = await repo.staffAt(trx, home.committeeCode, ['committee_staff']);
      await queueNotifications(
        trx,
        staff.map((recipientId) => ({
          caseId: null,
          areaPath: path,
          recipientId,
          channels: ['inapp' as const],
          text: `【社区云】居民建议「${title}」已达到支持门槛，请在${answerDays}天内答复。`,
        })),
        [deadlineJob(id, now, due!)],
      );
    }
    await recordAudit(
      ctx,
      {
        action: 'proposals.submit',
        objectType: 'proposal',
        objectId: id,
        areaPath: path,
        detail: { threshold },
      },
      trx,
    );
  });
  ctx.jobs.kick();
  return getProposal(ctx, id);
}

/** The proposal for a writer: 404 to whoever may not read it, 403 (saying why) to an unverified reader. */
async function readable(ctx: Ctx, id: string) {
  const p = await repo.findProposal(ctx.db, id);
  const home = await residentHome(ctx.db, ctx.actor!.id);
  if (!p || !canRead(ctx.actor, home, p)) throw AppError.notFound(repo.NOT_FOUND);
  return { p, home };
}

/** The author edits title, text, category, photos or place while nobody else supports it. */
export async function editProposal(
  ctx: Ctx,
  id: string,
  body: EditProposalBody,
): Promise<ProposalDetail> {
  const actor = ctx.actor!;
  const { p } = await readable(ctx, id);
  if (p.author_id !== actor.id)
    throw AppError.forbidden('Only the author edits a proposal / 只有建议人可以修改');
  const title = body.title === undefined ? undefined : cleanTitle(body.title);
  const text = body.body === undefined ? undefined : cleanBody(body.body);
  await placeInCommittee(ctx.db, body.place, p.area_path);
  await ctx.db.transaction().execute(async (trx) => {
    const locked = await repo.lockProposal(trx, id);
    if (!locked || locked.state !== 'open' || locked.support_count !== 1)
      throw AppError.conflict(
        'A proposal can be edited only until someone else supports it / 已有邻居支持，建议不能再修改',
      );
    const photos =
      body.attachmentIds === undefined
        ? undefined
        : await attachPhotos(trx, id, actor.id, body.attachmentIds);
    const now = new Date();
    await trx
      .updateTable('proposals')
      .set({
        ...(title === undefined ? {} : { title }),
        ...(text === undefined ? {} : { body: text }),
        ...(body.category === undefined ? {} : { category: body.category }),
        ...(body.place === undefined
          ? {}
          : { place_lng: body.place?.lng ?? null, place_lat: body.place?.lat ?? null }),
        ...(photos === undefined ? {} : { photo_count: photos }),
        updated_at: now,
        last_activity_at: now,
      })
      .where('id', '=', id)
      .execute();
    await repo.insertEvent(trx, {
      proposalId: id,
      actorId: actor.id,
      actorName: locked.author_name_masked,
      action: 'edit',
      at: now,
    });
  });
  return getProposal(ctx, id);
}

/** The author withdraws a proposal still gathering support. */
export async function withdrawProposal(ctx: Ctx, id: string): Promise<ProposalDetail> {
  const actor = ctx.actor!;
  const { p } = await readable(ctx, id);
  if (p.author_id !== actor.id)
    throw AppError.forbidden('Only the author withdraws a proposal / 只有建议人可以撤回');
  await ctx.db.transaction().execute(async (trx) => {
    const now = new Date();
    const done = await trx
      .updateTable('proposals')
      .set({ state: 'withdrawn', updated_at: now, last_activity_at: now })
      .where('id', '=', id)
      .where('state', '=', 'open')
      .returning('id')
      .executeTakeFirst();
    if (!done) throw AppError.conflict(WITHDRAWN_ONLY_OPEN);
    await repo.insertEvent(trx, {
      proposalId: id,
      actorId: actor.id,
      actorName: p.author_name_masked,
      action: 'withdraw',
      fromState: 'open',
      toState: 'withdrawn',
      at: now,
    });
  });
  return getProposal(ctx, id);
}

const LIST = 'proposals.list';
const excerptOf = (body: string) => (body.length > 120 ? `${body.slice(0, 120)}…` : body);

function toSummary(
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

async function committeeNames(db: Kysely<DB>, codes: readonly string[]) {
  const out = new Map<string, string>();
  for (const c of new Set(codes)) out.set(c, (await findAreaCached(db, c))?.name ?? c);
  return out;
}

/**
 * A committee's proposals, newest activity first, a keyset page at a time: a resident reads their
 * own committee's (an unverified account names the committee), staff their area's. Hidden
 * proposals are left out but for moderators (and their authors).
 */
export async function listProposals(ctx: Ctx, q: ProposalListQuery): Promise<ProposalList> {
  const actor = ctx.actor!;
  const home = await residentHome(ctx.db, actor.id);
  const scope = staffListScope(actor);
  let query = ctx.db.selectFrom('proposals').selectAll();
  let moderates = false;
  if (q.mine) {
    query = query.where('author_id', '=', actor.id);
  } else if (q.committee) {
    const code = normalizeAreaCode(q.committee, 'committee');
    const area = await findAreaCached(ctx.db, code);
    if (!area || area.level !== 'committee')
      throw AppError.notFound('No such committee / 没有这个居委会');
    const scope = { committee_code: code, area_path: area.path };
    if (!(isViewerStaff(actor, scope) || isNeighbour(home, scope) || isUnverified(actor, home)))
      throw AppError.notFound('No such committee / 没有这个居委会');
    moderates = isModerator(actor, scope);
    query = query.where('committee_code', '=', code);
  } else if (home) {
    moderates = false;
    query = query.where('committee_code', '=', home.committeeCode);
  } else if (scope) {
    // staff lists: hidden ones are kept in the query and shown only where they moderate (below)
    moderates = true;
    query =
      'committee' in scope
        ? query.where('committee_code', '=', scope.committee)
        : 'street' in scope
          ? query.where('street_code', '=', scope.street)
          : query.where(pathWithin('area_path', scope.paths));
  } else {
    throw AppError.invalid(
      'committee',
      'required',
      'committee is required: whose proposals to list / 请指定居委会',
    );
  }
  if (q.state) query = query.where('state', '=', q.state);
  if (!moderates && !q.mine) query = query.where('visibility', '=', 'visible');
  const limit = q.limit ?? 20;
  if (q.cursor) {
    const pos = openCursor(ctx.cipher.key, LIST, actor.id, q.cursor) as [string, string];
    if (!Array.isArray(pos) || typeof pos[0] !== 'string' || typeof pos[1] !== 'string')
      throw AppError.invalid(
        'cursor',
        'format',
        'cursor is not one this list gave you / 分页游标无效',
      );
    query = query.where((eb) =>
      eb(
        sql`(last_activity_at, id)`,
        '<',
        sql`(${new Date(pos[0])}::timestamptz, ${pos[1]}::uuid)`,
      ),
    );
  }
  let rows = await query
    .orderBy('last_activity_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
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

/** Why the reader may not support (null: they may). */
function cannotSupport(home: ResidentHome | null, p: repo.ProposalRow): string | null {
  if (!home) return VERIFY_FIRST;
  if (!isNeighbour(home, p))
    return 'Only residents of the committee support its proposals / 仅本居委会居民可以支持';
  if (!SUPPORTABLE.includes(p.state as ProposalState))
    return 'This proposal no longer takes support / 该建议已不再征集支持';
  return null;
}

/** States in which a proposal takes new supports. */
export const SUPPORTABLE: readonly ProposalState[] = [
  'open',
  'awaiting_answer',
  'accepted',
  'meeting',
  'case',
];

/** One proposal with its timeline, answer, updates and links, and what the reader may do. */
export async function getProposal(ctx: Ctx, id: string): Promise<ProposalDetail> {
  const actor = ctx.actor!;
  const { p, home } = await readable(ctx, id);
  const [events, refs, names, comments, support, follow] = await Promise.all([
    ctx.db
      .selectFrom('proposal_events')
      .selectAll()
      .where('proposal_id', '=', id)
      .orderBy('at')
      .orderBy('id')
      .execute(),
    attachmentRefs(ctx.db, PHOTO_OWNER, [id]),
    committeeNames(ctx.db, [p.committee_code]),
    commentCounts(ctx.db, [id]),
    ctx.db
      .selectFrom('proposal_supports')
      .select('account_id')
      .where('proposal_id', '=', id)
      .where('account_id', '=', actor.id)
      .executeTakeFirst(),
    ctx.db
      .selectFrom('proposal_follows')
      .select('account_id')
      .where('proposal_id', '=', id)
      .where('account_id', '=', actor.id)
      .executeTakeFirst(),
  ]);
  const state = p.state as ProposalState;
  const reason = cannotSupport(home, p);
  const isAuthor = p.author_id === actor.id;
  const answerer = canAnswer(actor, p);
  return {
    ...toSummary(ctx, p, {
      committeeName: names.get(p.committee_code) ?? p.committee_code,
      comments: comments.get(id) ?? 0,
      mySupport: !!support,
      now: new Date(),
    }),
    body: p.body,
    photos: (refs.get(id) ?? []) as AttachmentRef[],
    place:
      p.place_lng !== null && p.place_lat !== null ? { lng: p.place_lng, lat: p.place_lat } : null,
    answer:
      p.answer_kind && p.answer_at
        ? {
            kind: p.answer_kind as 'accepted',
            text: p.answer_text ?? '',
            at: p.answer_at.toISOString(),
            byName: p.answer_by_name ?? '',
            doneBy: p.done_by,
          }
        : null,
    updates: events
      .filter((e) => e.action === 'update')
      .map((e) => ({
        id: e.id,
        at: e.at.toISOString(),
        byName: e.actor_name,
        text: e.message ?? '',
        progress: Number(e.detail?.progress ?? 0),
        done: e.detail?.done === true,
      })),
    timeline: events.map((e): ProposalEvent => ({
      at: e.at.toISOString(),
      action: e.action as ProposalEvent['action'],
      actorName: e.actor_name,
      fromState: e.from_state as ProposalState | null,
      toState: e.to_state as ProposalState | null,
      message: e.message,
      detail: e.detail,
    })),
    links: {
      meetingId: p.meeting_id,
      meetingItemId: p.meeting_item_id,
      caseId: p.case_id,
      caseNumber: p.case_number,
    },
    myFollow: !!follow,
    canSupport: reason === null && !support,
    cannotSupportReason: reason,
    canTakeBack: !!support && !isAuthor && state === 'open',
    canEdit: isAuthor && state === 'open' && p.support_count === 1,
    canWithdraw: isAuthor && state === 'open',
    canAnswer: answerer && state === 'awaiting_answer',
    canUpdate: answerer && state === 'accepted',
    doneAt: p.done_at?.toISOString() ?? null,
  };
}

/** For the media module: whoever may read the proposal reads its photos. */
export async function canSeeProposalFile(ctx: Ctx, file: { ownerId: string }): Promise<boolean> {
  if (!ctx.actor) return false;
  const p = await repo.findProposal(ctx.db, file.ownerId);
  return !!p && canRead(ctx.actor, await residentHome(ctx.db, ctx.actor.id), p);
}
