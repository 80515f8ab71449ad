import { BUILDING_SUBJECT_TYPE } from '@cc/contracts';
import type { PlatformModule } from '../../platform/module.js';
import { registerDiscussionSubject } from '../discussion/index.js';
import { registerModeratorScope } from '../moderation/index.js';
import { residentRevoked, residentVerified } from '../residents/index.js';
import { buildingBoard } from './board-access.js';
import { buildingsLedBy, leaderOfBuilding } from './building-groups.repo.js';
import { buildingGroupRoutes } from './building-groups.routes.js';
import { endLeadershipsOf } from './building-leaders.js';

export type * from './building-groups.tables.js';

/**
 * Building groups (楼组): a board per building for its verified residents (the discussion
 * module's subject `building`), moderated by the committee's staff and the building's leader
 * (楼组长), whom the staff appoint from its residents. A leader who moves away or whose link
 * ends leads no more. Leaders read their building's moderation queue (registerModeratorScope).
 */
export const manifest: PlatformModule = {
  name: 'building-groups',
  routes: buildingGroupRoutes,
  subscriptions: (deps) => [
    residentRevoked.on((trx, { accountIds }) => endLeadershipsOf(trx, deps, accountIds)),
    residentVerified.on((trx, { accountId, buildingId }) =>
      endLeadershipsOf(trx, deps, [accountId], buildingId),
    ),
  ],
  start: async () => {
    registerDiscussionSubject(BUILDING_SUBJECT_TYPE, buildingBoard);
    // 楼组长 read their buildings' moderation queue and are told when a post there is hidden
    registerModeratorScope(buildingsLedBy, leaderOfBuilding);
  },
};

// for the demo city (demo/seed-building-groups.ts): the leader appointed through the use case
export { appointBuildingLeader } from './building-leaders.js';
