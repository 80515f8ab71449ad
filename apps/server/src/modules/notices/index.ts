import type { PlatformModule } from '../../platform/module.js';
import { setAttachmentAccessPolicy } from '../media/index.js';
import { residentRevoked, residentVerified } from '../residents/index.js';
import { canReadNoticeFiles } from './feed.service.js';
import { noticeJobHandlers } from './notices.jobs.js';
import { noticeRoutes } from './notices.routes.js';
import { OWNER_TYPE } from './notices.service.js';
import { hideForRevoked, queueDeliverTo } from './publishing.js';

export type * from './notices.tables.js';
// for the demo city (demo/seed-notices.ts)
export { createNotice } from './notices.service.js';
export { markNoticeRead } from './feed.service.js';
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
    // in the residents module's transaction: delivery is queued, hiding done at once
    residentVerified.on((trx, { accountId }) => queueDeliverTo(trx, accountId)),
    residentRevoked.on((trx, { accountIds }) => hideForRevoked(trx, accountIds)),
  ],
  start: async () => {
    setAttachmentAccessPolicy(OWNER_TYPE, canReadNoticeFiles);
  },
};
