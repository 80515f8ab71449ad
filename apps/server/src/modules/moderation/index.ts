import type { PlatformModule } from '../../platform/module.js';
import { moderationRoutes } from './moderation.routes.js';

export type * from './moderation.tables.js';
export {
  registerModerationTarget,
  registerModeratorScope,
  type BuildingModerators,
  type ModerationTarget,
  type ModeratorScope,
} from './moderation.targets.js';

/**
 * Moderation (内容审核): reports on what residents publish, hiding after three distinct
 * reporters, moderators' restore or remove with a reason (audited), a queue by area. Content
 * modules register their kinds of content (`registerModerationTarget`) in their start; this
 * module imports none of them.
 */
export const manifest: PlatformModule = {
  name: 'moderation',
  routes: moderationRoutes,
};
