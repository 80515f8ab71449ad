import type { PlatformModule } from '../../platform/module.js';
import { setAttachmentAccessPolicy } from '../media/index.js';
import { registerModerationTarget } from '../moderation/index.js';
import { canSeeCommentFile, commentModerationTarget } from './comment-moderation.js';
import { discussionRoutes } from './discussion.routes.js';
import { COMMENT } from './discussion.service.js';

export type * from './discussion.tables.js';
export {
  registerDiscussionSubject,
  type DiscussionAccess,
  type DiscussionSubject,
} from './discussion.subjects.js';
export { threadCounts } from './discussion.service.js';
// for subjects that show their own praise (daily logs): which of them the reader praised
export { praisedBy } from './comments.repo.js';
// for the demo city (demo/seed-*.ts): comments and praise made through the same use cases
export { postComment } from './comment-writes.js';
export { praiseComment, praiseSubject } from './praise.service.js';

/**
 * Comments (one level of replies, photos) and praise on any subject a module registers
 * (`registerDiscussionSubject` in its start: a proposal, a building board). Counts are kept on
 * the rows. Comments are a moderation target (`comment`): their moderators are the subject's.
 */
export const manifest: PlatformModule = {
  name: 'discussion',
  routes: discussionRoutes,
  start: async () => {
    registerModerationTarget(COMMENT, commentModerationTarget);
    setAttachmentAccessPolicy(COMMENT, canSeeCommentFile);
  },
};
