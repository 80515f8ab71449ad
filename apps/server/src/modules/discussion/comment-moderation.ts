import { STAFF_ROLES } from '@cc/contracts';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { reaches } from '../../platform/policy.js';
import type { OwnedFileRef } from '../media/index.js';
import type { ModerationTarget } from '../moderation/index.js';
import { residentHome } from '../residents/index.js';
import { commentById, type CommentRow } from './comments.repo.js';
import { changeCommentState } from './comment-state.js';
import { subjectOf, type DiscussionAccess } from './discussion.subjects.js';

/** The reader's access to a comment's subject (null: none, or no such comment). */
async function accessToComment(
  ctx: Ctx,
  commentId: string,
): Promise<{ row: CommentRow; state: string; access: DiscussionAccess } | null> {
  const row = await commentById(ctx.db, commentId);
  if (!row) return null;
  const access = await subjectOf(row.subject_type)?.access(ctx, row.subject_id);
  return access?.canRead ? { row, state: row.state, access } : null;
}

const NOT_A_REPORTER =
  'Only verified residents here (of this building, for a building board) and staff may report / 仅本社区（楼组为本楼）已认证的居民和工作人员可以举报';
const AUTHOR_DELETED =
  'Its author deleted this comment: it cannot be restored / 作者已删除该评论，无法恢复';

/**
 * May the reader report a comment: they read it (else 404) and it is not removed, and they are
 * a verified resident of its committee — of its building, on a building's board — or staff
 * reaching it (else 403: throwaway accounts cannot hide what others write).
 */
async function canReportComment(ctx: Ctx, id: string): Promise<boolean | string> {
  const a = await accessToComment(ctx, id);
  if (!a || a.state === 'removed' || !ctx.actor) return false;
  if (reaches(ctx.actor, a.row.area_path, STAFF_ROLES)) return true;
  const home = await residentHome(ctx.db, ctx.actor.id);
  const resident =
    !!home &&
    home.committeeCode === a.row.committee_code &&
    (a.row.building_id === null || home.buildingId === a.row.building_id);
  return resident || NOT_A_REPORTER;
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
  canReport: canReportComment,
  async canModerate(ctx, id) {
    return (await accessToComment(ctx, id))?.access.isModerator ?? false;
  },
  async setVisibility(trx, id, v) {
    if (v === 'visible' && (await commentById(trx, id))?.removed_by_author)
      throw AppError.conflict(AUTHOR_DELETED);
    await changeCommentState(trx, id, v);
  },
};

/** A comment's photos: whoever reads the discussion, while the comment is shown to them. */
export async function canSeeCommentFile(ctx: Ctx, file: OwnedFileRef): Promise<boolean> {
  const a = await accessToComment(ctx, file.ownerId);
  return !!a && (a.state === 'visible' || a.access.isModerator);
}
