import crypto from 'node:crypto';
import { COMMENT_BODY_MAX, maskName, type Comment, type PostCommentBody } from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { maskPersonalNumbers } from '../../platform/text-masking.js';
import { attachAttachments, attachmentRefs, setAttachments } from '../media/index.js';
import { changeCommentState } from './comment-state.js';
import { bumpThreadComments, commentById } from './comments.repo.js';
import { COMMENT, commentAccess, shapeComments } from './discussion.service.js';
import { requireWrite, subjectAccess } from './discussion.subjects.js';

const PHOTO_KINDS = new Set(['jpeg', 'png']);

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
 * The author deletes their comment (its text and photos go; nothing brings it back). Only the
 * author: a moderator removes through the moderation decision, with a reason, audited.
 */
export async function deleteComment(ctx: Ctx, commentId: string): Promise<void> {
  const actor = ctx.actor!;
  const { row } = await commentAccess(ctx, commentId);
  if (row.author_id !== actor.id) {
    throw AppError.forbidden(
      'Only its author may delete a comment; moderators remove it with a reason in 内容审核 / 只有作者可以删除评论，管理员请通过内容审核处理并填写理由',
    );
  }
  if (row.removed_by_author) return;
  await ctx.db.transaction().execute(async (trx) => {
    await changeCommentState(trx, commentId, 'removed', true);
    await setAttachments(trx, {
      ids: [],
      ownerType: COMMENT,
      ownerId: commentId,
      uploadedBy: actor.id,
    });
  });
}
