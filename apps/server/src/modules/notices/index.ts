import type { PlatformModule } from '../../platform/module.js';
import { enqueueJobsQuery } from '../../platform/jobs.js';
import { setAttachmentAccessPolicy } from '../media/index.js';
import { residentRevoked, residentVerified } from '../residents/index.js';
import { canReadNoticeFiles } from './feed.service.js';
import { DELIVER_TO_RESIDENT_JOB, HIDE_FOR_ACCOUNTS_JOB } from './notice-job-kinds.js';
import { noticeJobHandlers } from './notices.jobs.js';
import { noticeRoutes } from './notices.routes.js';
import { OWNER_TYPE } from './notices.service.js';

export type * from './notices.tables.js';
export { FAN_OUT_BATCH, SMS_BATCH, urgentText } from './publishing.js';
// for the demo city (demo/seed-notices.ts) and benchmarks
export { createNotice } from './notices.service.js';
export { markNoticeRead, noticeFeed } from './feed.service.js';
export { fanOutNotice as deliverNoticeNow } from './publishing.js';

/**
 * 通知公告: staff write notices aimed at areas and buildings; publishing resolves the target
 * against the verified residents and writes one receipt each by jobs in batches (decision
 * 014); residents read their feed; staff see exact read counts per building. Urgent notices
 * also go out as SMS through the notifications outbox.
 */
export const manifest: PlatformModule = {
  name: 'notices',
  routes: noticeRoutes,
  jobs: noticeJobHandlers,
  subscriptions: () => [
    // in the residents module's transaction: only queue the work
    residentVerified.on(async (trx, { accountId }) => {
      await enqueueJobsQuery([DELIVER_TO_RESIDENT_JOB.spec({ accountId })])!.execute(trx);
    }),
    residentRevoked.on(async (trx, { accountIds }) => {
      if (accountIds.length === 0) return;
      await enqueueJobsQuery([HIDE_FOR_ACCOUNTS_JOB.spec({ accountIds })])!.execute(trx);
    }),
  ],
  start: async () => {
    setAttachmentAccessPolicy(OWNER_TYPE, canReadNoticeFiles);
  },
};
