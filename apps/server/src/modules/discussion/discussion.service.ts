import {
  COMMENT_REPLIES_PREVIEW,
  type AttachmentRef,
  type CommentList,
  type CommentListQuery,
  type CommentReply,
  type CommentState,
  type DiscussionSummary,
} from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { openCursor, sealCursor } from '../../platform/cursor.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { attachmentRefs } from '../media/index.js';
import {
  commentById,
  firstReplies,
  praisedBy,
  replies,
  topComments,
  type CommentRow,
} from './comments.repo.js';
import {
  subjectAccess,
  type DiscussionAccess,
  type DiscussionSubject,
} from './discussion.subjects.js';

/**
 * Reading discussions: a subject's counts, its comments with their first replies, a comment's
 * replies, and comments as the reader sees them (hidden and removed ones without their text,
 * but for moderators). Writing is in comment-writes.ts and praise.service.ts.
 */

/** The owner type of a comment's photos in the media module, and its praise target type. */
export const COMMENT = 'comment';
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
export async function commentAccess(
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
export async function shapeComments(
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
