import crypto from 'node:crypto';
import {
  COMMENT_BODY_MAX,
  COMMENT_REPLIES_PREVIEW,
  maskName,
  type AttachmentRef,
  type Comment,
  type CommentList,
  type CommentListQuery,
  type CommentReply,
  type CommentState,
  type DiscussionSummary,
  type PostCommentBody,
  type PraiseState,
} from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { openCursor, sealCursor } from '../../platform/cursor.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { maskPersonalNumbers } from '../../platform/text-masking.js';
import { recordAudit } from '../audit/index.js';
import { attachAttachments, attachmentRefs, setAttachments } from '../media/index.js';
import {
  bumpThreadComments,
  commentById,
  firstReplies,
  praisedBy,
  replies,
  topComments,
  type CommentRow,
} from './comments.repo.js';
import {
  requireWrite,
  subjectAccess,
  type DiscussionAccess,
  type DiscussionSubject,
} from './discussion.subjects.js';

/** The owner type of a comment's photos in the media module, and its praise target type. */
export const COMMENT = 'comment';
const PHOTO_KINDS = new Set(['jpeg', 'png']);
const NO_COMMENT = 'No such comment / 评论不存在';

/** The counts of a subject and what the reader may do. */
export async function getDiscussion(
  ctx: Ctx,
  type: string,
  subjectId: string,
): Promise<DiscussionSummary> {
  const { access } = await subjectAccess(ctx, type, subjectId);
  const thread = await ctx.db
    .selectFrom('discussion_threads')
    .select(['comment_count', 'praise_count'])
    .where('subject_type', '=', type)
    .where('subject_id', '=', subjectId)
    .executeTakeFirst();
  const praised = await praisedBy(ctx.db, type, [subjectId], ctx.actor?.id ?? null);
  return {
    commentCount: thread?.comment_count ?? 0,
    praiseCount: thread?.praise_count ?? 0,
    praisedByMe: praised.has(subjectId),
    canWrite: access.cannotWrite === null,
    cannotWriteReason: access.cannotWrite,
    isModerator: access.isModerator,
  };
}

const TOP_LIST = 'discussion.comments';
const REPLY_LIST = 'discussion.replies';

function position(ctx: Ctx, list: string, cursor: string | undefined): [string, string] | null {
  if (!cursor) return null;
  const v = openCursor(ctx.cipher.key, list, ctx.actor?.id, cursor);
  if (!Array.isArray(v) || typeof v[0] !== 'string' || typeof v[1] !== 'string') {
    throw AppError.invalid('cursor', 'format', 'cursor: start from the first page / 分页游标无效');
  }
  return [v[0], v[1]];
}

function nextCursor(ctx: Ctx, list: string, rows: CommentRow[], limit: number): string | null {
  if (rows.length <= limit) return null;
  const last = rows[limit - 1]!;
  return sealCursor(ctx.cipher.key, list, ctx.actor?.id, [last.at_key, last.id]);
}

/**
 * A page of a subject's top-level comments, newest first, each with its first replies (oldest
 * first): three queries and one for photos, praise and badges each, whatever the thread's size.
 */
export async function listComments(
  ctx: Ctx,
  type: string,
  subjectId: string,
  q: CommentListQuery,
): Promise<CommentList> {
  const { subject, access } = await subjectAccess(ctx, type, subjectId);
  const limit = q.limit ?? 20;
  const list = `${TOP_LIST}:${type}:${subjectId}`;
  const rows = await topComments(ctx.db, type, subjectId, position(ctx, list, q.cursor), limit + 1);
  const page = rows.slice(0, limit);
  const withReplies = page.filter((r) => r.reply_count > 0).map((r) => r.id);
  const firsts = await firstReplies(ctx.db, withReplies, COMMENT_REPLIES_PREVIEW);
  const shaped = await shapeComments(ctx, subject, subjectId, access, [...page, ...firsts]);
  const byParent = new Map<string, CommentReply[]>();
  for (const r of firsts) {
    const list = byParent.get(r.parent_id!) ?? [];
    list.push(shaped.get(r.id)!);
    byParent.set(r.parent_id!, list);
  }
  return {
    items: page.map((r) => ({ ...shaped.get(r.id)!, replies: byParent.get(r.id) ?? [] })),
    nextCursor: nextCursor(ctx, list, rows, limit),
  };
}

/** A comment's replies, oldest first. */
export async function listReplies(
  ctx: Ctx,
  commentId: string,
  q: CommentListQuery,
): Promise<CommentList> {
  const { row, subject, access } = await commentAccess(ctx, commentId);
  const limit = q.limit ?? 20;
  const list = `${REPLY_LIST}:${commentId}`;
  const rows = await replies(ctx.db, row.id, position(ctx, list, q.cursor), limit + 1);
  const page = rows.slice(0, limit);
  const shaped = await shapeComments(ctx, subject, row.subject_id, access, page);
  return {
    items: page.map((r) => shaped.get(r.id)!),
    nextCursor: nextCursor(ctx, list, rows, limit),
  };
}

/** The comment, its subject and the reader's access to it; 404 when the reader may not read it. */
async function commentAccess(
  ctx: Ctx,
  commentId: string,
): Promise<{ row: CommentRow; subject: DiscussionSubject; access: DiscussionAccess }> {
  const row = await commentById(ctx.db, commentId);
  if (!row) throw AppError.notFound(NO_COMMENT);
  try {
    const { subject, access } = await subjectAccess(ctx, row.subject_type, row.subject_id);
    return { row, subject, access };
  } catch (e) {
    if (e instanceof AppError && e.statusCode === 404) throw AppError.notFound(NO_COMMENT);
    throw e;
  }
}

/** The comments as the reader sees them: photos, praise and badges in one query each. */
async function shapeComments(
  ctx: Ctx,
  subject: DiscussionSubject,
  subjectId: string,
  access: DiscussionAccess,
  rows: CommentRow[],
): Promise<Map<string, CommentReply>> {
  const out = new Map<string, CommentReply>();
  if (rows.length === 0) return out;
  const shown = (r: CommentRow) =>
    r.state === 'visible' || (access.isModerator && !r.removed_by_author);
  const ids = rows.map((r) => r.id);
  const [photos, praised, badges] = await Promise.all([
    attachmentRefs(
      ctx.db,
      COMMENT,
      rows.filter(shown).map((r) => r.id),
    ),
    praisedBy(ctx.db, COMMENT, ids, ctx.actor?.id ?? null),
    subject.authorBadges
      ? subject.authorBadges(ctx.db, subjectId, [...new Set(rows.map((r) => r.author_id))])
      : Promise.resolve(new Map<string, string>()),
  ]);
  for (const r of rows)
    out.set(r.id, toComment(ctx, r, shown(r), photos.get(r.id), praised, badges));
  return out;
}

function toComment(
  ctx: Ctx,
  r: CommentRow,
  shown: boolean,
  photos: AttachmentRef[] | undefined,
  praised: Set<string>,
  badges: Map<string, string>,
): CommentReply {
  return {
    id: r.id,
    parentId: r.parent_id,
    authorName: r.author_name_masked,
    isMine: r.author_id === ctx.actor?.id,
    authorBadge: badges.get(r.author_id) ?? null,
    body: shown ? r.body : '',
    attachments: shown ? (photos ?? []) : [],
    createdAt: r.created_at.toISOString(),
    praiseCount: r.praise_count,
    praisedByMe: praised.has(r.id),
    replyCount: r.reply_count,
    state: r.state as CommentState,
  };
}

/** The body as stored: trimmed, 1–2000 characters, ID and mobile numbers masked. */
function checkBody(raw: string): string {
  const body = raw.trim();
  if (body.length === 0) {
    throw AppError.invalid(
      'body',
      'minLength',
      'body: write something (1–2000 characters) / 评论内容不能为空',
    );
  }
  if (body.length > COMMENT_BODY_MAX) {
    throw AppError.invalid(
      'body',
      'maxLength',
      `body: at most ${COMMENT_BODY_MAX} characters / 评论不能超过${COMMENT_BODY_MAX}字`,
    );
  }
  return maskPersonalNumbers(body);
}

/**
 * A comment or a reply (one level: a reply to a reply is refused) with the author's own
 * uploaded photos. The thread's and the parent's counts move in the same transaction; the
 * subject's `onComment` runs in it too.
 */
export async function postComment(
  ctx: Ctx,
  type: string,
  subjectId: string,
  input: PostCommentBody,
): Promise<Comment> {
  const actor = ctx.actor!;
  const { subject, access } = await subjectAccess(ctx, type, subjectId);
  requireWrite(access);
  const body = checkBody(input.body);
  const parentId = input.parentId?.toLowerCase() ?? null;
  const id = crypto.randomUUID();
  await ctx.db.transaction().execute(async (trx) => {
    if (parentId) {
      const parent = await trx
        .selectFrom('discussion_comments')
        .select(['subject_type', 'subject_id', 'parent_id', 'state'])
        .where('id', '=', parentId)
        .forUpdate()
        .executeTakeFirst();
      if (!parent || parent.subject_type !== type || parent.subject_id !== subjectId) {
        throw AppError.invalid(
          'parentId',
          'exists',
          'parentId: no such comment in this discussion / 要回复的评论不存在',
        );
      }
      if (parent.parent_id !== null) {
        throw AppError.invalid(
          'parentId',
          'depth',
          'parentId: replies go one level deep; reply to the top comment instead / 只能回复一级评论',
        );
      }
      if (parent.state !== 'visible') {
        throw AppError.invalid(
          'parentId',
          'state',
          'parentId: that comment is hidden or removed / 该评论已被隐藏或删除，无法回复',
        );
      }
    }
    await trx
      .insertInto('discussion_comments')
      .values({
        id,
        subject_type: type,
        subject_id: subjectId,
        parent_id: parentId,
        author_id: actor.id,
        author_name_masked: maskName(actor.displayName),
        body,
        area_path: access.areaPath,
        committee_code: access.committeeCode,
        building_id: access.buildingId,
      })
      .execute();
    const photoIds = input.attachmentIds ?? [];
    if (photoIds.length > 0) await attachPhotos(trx, id, actor.id, photoIds);
    // parent before thread: every writer takes the locks in this order
    if (parentId) {
      await trx
        .updateTable('discussion_comments')
        .set({ reply_count: sql<number>`reply_count + 1` })
        .where('id', '=', parentId)
        .execute();
    }
    await bumpThreadComments(trx, type, subjectId, 1);
    await subject.onComment?.(trx, ctx, subjectId, { id, authorId: actor.id, parentId });
  });
  const row = (await commentById(ctx.db, id))!;
  const shaped = await shapeComments(ctx, subject, subjectId, access, [row]);
  return { ...shaped.get(id)!, ...(parentId ? {} : { replies: [] }) };
}

async function attachPhotos(
  trx: Kysely<DB>,
  commentId: string,
  uploadedBy: string,
  ids: readonly string[],
): Promise<void> {
  await attachAttachments(trx, {
    ids,
    ownerType: COMMENT,
    ownerId: commentId,
    uploadedBy,
    field: 'attachmentIds',
  });
  const refs = (await attachmentRefs(trx, COMMENT, [commentId])).get(commentId) ?? [];
  const notPhoto = refs.find((r) => !PHOTO_KINDS.has(r.kind));
  if (notPhoto) {
    throw AppError.invalid(
      'attachmentIds',
      'type',
      `attachmentIds: ${notPhoto.name} is not a photo (JPEG or PNG only) / 只能附加图片`,
    );
  }
}

/**
 * Move a comment to `to` inside the caller's transaction. A removed comment leaves the
 * thread's and its parent's counts (and comes back to them when restored). A comment its
 * author removed stays removed.
 */
export async function changeCommentState(
  trx: Kysely<DB>,
  commentId: string,
  to: CommentState,
  byAuthor = false,
): Promise<boolean> {
  const row = await trx
    .selectFrom('discussion_comments')
    .select(['state', 'parent_id', 'subject_type', 'subject_id', 'removed_by_author'])
    .where('id', '=', commentId)
    .forUpdate()
    .executeTakeFirst();
  if (!row || row.state === to || (row.removed_by_author && !byAuthor)) return false;
  await trx
    .updateTable('discussion_comments')
    .set({ state: to, ...(byAuthor ? { body: '', removed_by_author: true } : {}) })
    .where('id', '=', commentId)
    .execute();
  const counted = (s: string) => (s === 'removed' ? 0 : 1);
  const delta = counted(to) - counted(row.state);
  if (delta !== 0) {
    if (row.parent_id) {
      await trx
        .updateTable('discussion_comments')
        .set({ reply_count: sql<number>`reply_count + ${delta}` })
        .where('id', '=', row.parent_id)
        .execute();
    }
    await bumpThreadComments(trx, row.subject_type, row.subject_id, delta);
  }
  return true;
}

/** The author deletes their comment (its text and photos go), or a moderator removes it (audited). */
export async function deleteComment(ctx: Ctx, commentId: string): Promise<void> {
  const actor = ctx.actor!;
  const { row, access } = await commentAccess(ctx, commentId);
  const isAuthor = row.author_id === actor.id;
  if (!isAuthor && !access.isModerator) {
    throw AppError.forbidden(
      'Only its author or a moderator here may delete a comment / 只有作者或本区域管理员可以删除评论',
    );
  }
  if (row.state === 'removed' && (!isAuthor || row.removed_by_author)) return;
  await ctx.db.transaction().execute(async (trx) => {
    await changeCommentState(trx, commentId, 'removed', isAuthor);
    if (isAuthor) {
      await setAttachments(trx, {
        ids: [],
        ownerType: COMMENT,
        ownerId: commentId,
        uploadedBy: actor.id,
      });
    } else {
      await recordAudit(
        ctx,
        {
          action: 'comment.remove',
          objectType: COMMENT,
          objectId: commentId,
          areaPath: row.area_path,
        },
        trx,
      );
    }
  });
}

/** Praise a comment (`on`) or take the praise back; idempotent, the count exact. */
export async function praiseComment(
  ctx: Ctx,
  commentId: string,
  on: boolean,
): Promise<PraiseState> {
  const actor = ctx.actor!;
  const { row, access } = await commentAccess(ctx, commentId);
  requireWrite(access);
  if (on && row.state !== 'visible') {
    throw AppError.conflict('That comment is hidden or removed / 该评论已被隐藏或删除');
  }
  const count = await ctx.db.transaction().execute(async (trx) => {
    const changed = await togglePraise(trx, COMMENT, commentId, actor.id, on);
    if (changed) {
      const r = await trx
        .updateTable('discussion_comments')
        .set({ praise_count: sql<number>`praise_count + ${on ? 1 : -1}` })
        .where('id', '=', commentId)
        .returning('praise_count')
        .executeTakeFirstOrThrow();
      return r.praise_count;
    }
    const r = await trx
      .selectFrom('discussion_comments')
      .select('praise_count')
      .where('id', '=', commentId)
      .executeTakeFirstOrThrow();
    return r.praise_count;
  });
  return { praiseCount: count, praisedByMe: on };
}

/** Praise a subject (a proposal, a post) or take the praise back; idempotent, the count exact. */
export async function praiseSubject(
  ctx: Ctx,
  type: string,
  subjectId: string,
  on: boolean,
): Promise<PraiseState> {
  const actor = ctx.actor!;
  const { access } = await subjectAccess(ctx, type, subjectId);
  requireWrite(access);
  const count = await ctx.db.transaction().execute(async (trx) => {
    const changed = await togglePraise(trx, type, subjectId, actor.id, on);
    const r = await sql<{ praise_count: number }>`
      insert into discussion_threads (subject_type, subject_id, praise_count)
      values (${type}, ${subjectId}, ${changed && on ? 1 : 0})
      on conflict (subject_type, subject_id) do update
        set praise_count = discussion_threads.praise_count + ${changed ? (on ? 1 : -1) : 0}
      returning praise_count`.execute(trx);
    return r.rows[0]!.praise_count;
  });
  return { praiseCount: count, praisedByMe: on };
}

/** Add or take away the account's praise; true when that changed anything. */
async function togglePraise(
  trx: Kysely<DB>,
  targetType: string,
  targetId: string,
  accountId: string,
  on: boolean,
): Promise<boolean> {
  if (on) {
    const r = await trx
      .insertInto('discussion_praise')
      .values({ target_type: targetType, target_id: targetId, account_id: accountId })
      .onConflict((oc) => oc.columns(['target_type', 'target_id', 'account_id']).doNothing())
      .returning('account_id')
      .executeTakeFirst();
    return !!r;
  }
  const r = await trx
    .deleteFrom('discussion_praise')
    .where('target_type', '=', targetType)
    .where('target_id', '=', targetId)
    .where('account_id', '=', accountId)
    .returning('account_id')
    .executeTakeFirst();
  return !!r;
}

/** Comment and praise counts of subjects of one type (subjects without any are left out). */
export async function threadCounts(
  db: Kysely<DB>,
  type: string,
  ids: readonly string[],
): Promise<Map<string, { comments: number; praise: number }>> {
  const out = new Map<string, { comments: number; praise: number }>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('discussion_threads')
    .select(['subject_id', 'comment_count', 'praise_count'])
    .where('subject_type', '=', type)
    .where('subject_id', 'in', [...new Set(ids)])
    .execute();
  for (const r of rows)
    out.set(r.subject_id, { comments: r.comment_count, praise: r.praise_count });
  return out;
}
