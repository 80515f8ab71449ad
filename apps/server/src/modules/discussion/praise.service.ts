import type { PraiseState } from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { COMMENT, commentAccess } from './discussion.service.js';
import { requireWrite, subjectAccess } from './discussion.subjects.js';

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
