import type { PlatformModule } from '../../platform/module.js';
import { dashboardRoutes } from './dashboards.routes.js';
import { dashboardJobHandlers, scheduleStockCarry } from './topic-carry.js';

export type * from './dashboards.tables.js';
export { getDashboard, compareChildren } from './dashboards.service.js';
export { getIndicators, parseIndicators } from './indicators.js';
// for the modules whose work feeds a topic board (社区通 → the epidemic board)
export { announceTopicFigures, feedTopicFigures, type TopicFigureChange } from './topic-feed.js';

/** The operation centres' dashboards, live events and topic boards. */
export const manifest: PlatformModule = {
  name: 'dashboards',
  routes: dashboardRoutes,
  // stock figures (people under observation) carried into each new day at Shanghai midnight
  jobs: dashboardJobHandlers,
  start: scheduleStockCarry,
};
