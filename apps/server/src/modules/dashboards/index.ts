import type { PlatformModule } from '../../platform/module.js';
import { dashboardRoutes } from './dashboards.routes.js';

export type * from './dashboards.tables.js';
export { getDashboard, compareChildren } from './dashboards.service.js';
export { getIndicators, parseIndicators } from './indicators.js';

/** The operation centres' dashboards, live events and topic boards. */
export const manifest: PlatformModule = { name: 'dashboards', routes: dashboardRoutes };
