import { DAILY_LOG_SUBJECT_TYPE } from '@cc/contracts';
import type { PlatformModule } from '../../platform/module.js';
import { registerDiscussionSubject } from '../discussion/index.js';
import { setAttachmentAccessPolicy } from '../media/index.js';
import { registerModerationTarget } from '../moderation/index.js';
import { canSeeLogPhoto, dailyLogSubject, dailyLogTarget } from './daily-log-discussion.js';
import { PHOTO_OWNER } from './daily-log-reads.js';
import { dailyLogRoutes } from './daily-logs.routes.js';

export type * from './daily-logs.tables.js';

/**
 * Daily logs (隔离日志 / 志愿者日志 / 工作日志): a committee's staff and the authors they appoint
 * post logs with photos (ID and mobile numbers masked on publish); the committee's verified
 * residents read, praise and comment (discussion subject `daily_log`); three reports hide a
 * log until its committee's staff restore or remove it (moderation target `daily_log`).
 */
export const manifest: PlatformModule = {
  name: 'daily-logs',
  routes: dailyLogRoutes,
  start: async () => {
    registerDiscussionSubject(DAILY_LOG_SUBJECT_TYPE, dailyLogSubject);
    registerModerationTarget(DAILY_LOG_SUBJECT_TYPE, dailyLogTarget);
    setAttachmentAccessPolicy(PHOTO_OWNER, canSeeLogPhoto);
  },
};

// for the demo city (demo/seed-daily-logs.ts): logs and authors made through the same use cases
export { postDailyLog } from './daily-log-posting.js';
export { appointDailyLogAuthor } from './daily-log-authors.js';
