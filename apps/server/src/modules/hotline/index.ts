import type { PlatformModule } from '../../platform/module.js';
import { hotlineRoutes } from './hotline.routes.js';

export type * from './hotline.tables.js';

/**
 * 12345 热线对接 (decision 028): the hotline's work orders in bulk become cases with source
 * `hotline`, once per hotline id, through a category mapping that staff keep; each file's
 * report says what was filed, what was a duplicate and what was held back.
 */
export const manifest: PlatformModule = {
  name: 'hotline',
  routes: hotlineRoutes,
};
