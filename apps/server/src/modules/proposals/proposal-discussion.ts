import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { type DiscussionSubject, threadCounts } from '../discussion/index.js';
import type { ModerationTarget } from '../moderation/index.js';
import {
  canRead,
  isApplicant,
  isModerator,
  isNeighbour,
  isViewerStaff,
} from './proposals.policy.js';
import * as repo from './proposals.repo.js';

/**
 * A proposal as a discussion subject (comments and praise: its committee's verified residents
 * write, staff reaching it read, its committee's staff moderate) and as a moderation target
 * (three reports hide it; hidden proposals drop out of lists for everyone but moderators).
 */

export const SUBJECT = 'proposal';

const CANNOT_WRITE_UNVERIFIED =
  'Only residents verified as living in the committee may comment: verify your home first / 请先完成住户认证后再评论';
const CANNOT_WRITE_STAFF =
  'Staff read the discussion; residents of the committee write in it / 工作人员可查看讨论，居民参与评论';
const CANNOT_REPORT =
  'Only residents verified as living in the committee (and its staff) may report: verify your home first / 仅本社区已认证的居民可以举报，请先完成住户认证';
const CANNOT_WRITE_CLOSED =
  'This proposal was withdrawn: its discussion is closed / 建议已撤回，讨论已关闭';

export const proposalSubject: DiscussionSubject = {
  async access(ctx, subjectId) {
    if (!ctx.actor) return null;
    const p = await repo.findProposal(ctx.db, subjectId);
    if (!p) return null;
    const reader = await repo.readerOf(ctx.db, ctx.actor.id);
    if (!canRead(ctx.actor, reader, p)) return null;
    const home = reader.home;
    // an applicant for verification (or a district operator watching an escalation) reads only
    const cannotWrite = !home
      ? isApplicant(reader, p)
        ? CANNOT_WRITE_UNVERIFIED
        : CANNOT_WRITE_STAFF
      : !isNeighbour(home, p)
        ? CANNOT_WRITE_UNVERIFIED
        : p.state === 'withdrawn'
          ? CANNOT_WRITE_CLOSED
          : null;
    return {
      canRead: true,
      cannotWrite,
      isModerator: isModerator(ctx.actor, p),
      areaPath: p.area_path,
      committeeCode: p.committee_code,
      buildingId: null,
    };
  },
  // a comment is activity: the proposal moves up its committee's list
  async onComment(trx, _deps, subjectId) {
    await trx
      .updateTable('proposals')
      .set({ last_activity_at: new Date() })
      .where('id', '=', subjectId)
      .execute();
  },
};

export const proposalTarget: ModerationTarget = {
  async describe(db, targetId) {
    const p = await repo.findProposal(db, targetId);
    if (!p) return null;
    return {
      areaPath: p.area_path,
      committeeCode: p.committee_code,
      buildingId: null,
      authorId: p.author_id,
      excerpt: `${p.title}：${p.body.slice(0, 80)}`,
      link: `/r/together/${p.id}`,
    };
  },
  // verified residents of its committee and staff reaching it report (others: 404 or 403)
  async canReport(ctx: Ctx, targetId) {
    if (!ctx.actor) return false;
    const p = await repo.findProposal(ctx.db, targetId);
    if (!p) return false;
    const reader = await repo.readerOf(ctx.db, ctx.actor.id);
    if (!canRead(ctx.actor, reader, p)) return false;
    return isNeighbour(reader.home, p) || isViewerStaff(ctx.actor, p) || CANNOT_REPORT;
  },
  async canModerate(ctx: Ctx, targetId) {
    const p = await repo.findProposal(ctx.db, targetId);
    return !!p && isModerator(ctx.actor, p);
  },
  async setVisibility(trx, targetId, v) {
    await trx.updateTable('proposals').set({ visibility: v }).where('id', '=', targetId).execute();
  },
};

/** Comment counts of a page of proposals (kept on the discussion's thread rows). */
export async function commentCounts(
  db: Kysely<DB>,
  ids: readonly string[],
): Promise<Map<string, number>> {
  const counts = await threadCounts(db, SUBJECT, ids);
  return new Map([...counts].map(([id, c]) => [id, c.comments]));
}
