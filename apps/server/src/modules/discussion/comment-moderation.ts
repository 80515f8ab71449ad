import type { Ctx } from '../../platform/context.js';
import type { OwnedFileRef } from '../media/index.js';
import type { ModerationTarget } from '../moderation/index.js';
import { commentById } from './comments.repo.js';
import { changeCommentState } from './discussion.service.js';
import { subjectOf, type DiscussionAccess } from './discussion.subjects.js';

/** The reader's access to a comment's subject (null: none, or no such comment). */
async function accessToComment(
  ctx: Ctx,
  commentId: string,
): Promise<{ state: string; access: DiscussionAccess } | null> {
  const row = await commentById(ctx.db, commentId);
  if (!row) return null;
  const access = await subjectOf(row.subject_type)?.access(ctx, row.subject_id);
  return access?.canRead ? { state: row.state, access } : null;
}

/** Comments as moderation sees them: their moderators are their subject's. */
export const commentModerationTarget: ModerationTarget = {
  async describe(db, id) {
    const row = await commentById(db, id);
    if (!row) return null;
    return {
      areaPath: row.area_path,
      committeeCode: row.committee_code,
      buildingId: row.building_id,
      authorId: row.author_id,
      excerpt: row.body,
      link: null,
    };
  },
  async canSee(ctx, id) {
    const a = await accessToComment(ctx, id);
    return !!a && a.state !== 'removed';
  },
  async canModerate(ctx, id) {
    return (await accessToComment(ctx, id))?.access.isModerator ?? false;
  },
  async setVisibility(trx, id, v) {
    await changeCommentState(trx, id, v);
  },
};

/** A comment's photos: whoever reads the discussion, while the comment is shown to them. */
export async function canSeeCommentFile(ctx: Ctx, file: OwnedFileRef): Promise<boolean> {
  const a = await accessToComment(ctx, file.ownerId);
  return !!a && (a.state === 'visible' || a.access.isModerator);
}
