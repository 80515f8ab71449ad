import type { CommentState } from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { bumpThreadComments } from './comments.repo.js';

/**
 * Move a comment to `to` inside the caller's transaction. A removed comment leaves the
 * thread's and its parent's counts (and comes back to them when restored). A comment its
 * author removed stays removed (and so does one the author deletes after a moderator's removal:
 * its text goes too).
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
  if (!row || row.removed_by_author) return false;
  if (row.state === to && !byAuthor) return false;
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
