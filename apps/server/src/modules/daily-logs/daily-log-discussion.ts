import { DAILY_LOG_BADGE_LABELS, DAILY_LOG_STAFF_ROLES, type DailyLogKind } from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { DiscussionSubject } from '../discussion/index.js';
import { accountsBoundAt } from '../identity/index.js';
import type { OwnedFileRef } from '../media/index.js';
import type { ModerationTarget } from '../moderation/index.js';
import { visibleLog } from './daily-log-reads.js';
import { authorKindsOf, findLog, setLogVisibility } from './daily-logs.repo.js';
import { canReportLog, isLogModerator } from './daily-logs.policy.js';

/**
 * A log as a discussion subject (praise and comments: whoever reads it writes; its committee's
 * staff moderate), as a moderation target (three reports hide it; a moderator restores or
 * removes it) and as the owner of its photos (whoever sees the log sees them).
 */

const CANNOT_REPORT =
  'Only verified residents of the committee and its staff may report a log / 仅本社区已认证的居民和居委会工作人员可以举报日志';

export const dailyLogSubject: DiscussionSubject = {
  async access(ctx, subjectId) {
    const seen = await visibleLog(ctx, subjectId);
    if (!seen) return null;
    return {
      canRead: true,
      cannotWrite: null,
      isModerator: isLogModerator(seen.reader),
      areaPath: seen.row.area_path,
      committeeCode: seen.row.committee_code,
      buildingId: null,
    };
  },
  // 居委 for the committee's staff, the kind's badge (志愿者 …) for its appointed authors
  async authorBadges(db: Kysely<DB>, subjectId, authorIds) {
    const badges = new Map<string, string>();
    const log = await findLog(db, subjectId);
    if (!log || authorIds.length === 0) return badges;
    const authors = new Set(authorIds);
    const kinds = await authorKindsOf(db, log.committee_code, authorIds);
    for (const [id, k] of kinds)
      badges.set(id, DAILY_LOG_BADGE_LABELS[k[0] as DailyLogKind]?.zh ?? '');
    const bound = await accountsBoundAt(db, log.area_path.split('/'), DAILY_LOG_STAFF_ROLES);
    for (const ids of bound.values())
      for (const id of ids)
        if (authors.has(id)) badges.set(id, DAILY_LOG_BADGE_LABELS.committee.zh);
    return badges;
  },
};

export const dailyLogTarget: ModerationTarget = {
  async describe(db, targetId) {
    const log = await findLog(db, targetId);
    if (!log) return null;
    return {
      areaPath: log.area_path,
      committeeCode: log.committee_code,
      buildingId: null,
      authorId: log.author_id,
      excerpt: log.body.slice(0, 120),
      link: `/r/logs/${log.id}`,
    };
  },
  async canReport(ctx: Ctx, targetId) {
    const seen = await visibleLog(ctx, targetId);
    if (!seen) return false;
    return canReportLog(seen.reader) || CANNOT_REPORT;
  },
  async canModerate(ctx: Ctx, targetId) {
    const seen = await visibleLog(ctx, targetId);
    return !!seen && isLogModerator(seen.reader);
  },
  async setVisibility(trx, targetId, v) {
    await setLogVisibility(trx, targetId, v);
  },
};

/** A log's photos: whoever sees the log. */
export async function canSeeLogPhoto(ctx: Ctx, file: OwnedFileRef): Promise<boolean> {
  return !!(await visibleLog(ctx, file.ownerId));
}
