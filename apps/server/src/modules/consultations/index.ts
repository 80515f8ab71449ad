import type { PlatformModule } from '../../platform/module.js';
import { consultationsRoutes } from './consultations.routes.js';

export type * from './consultations.tables.js';

/**
 * Consultations (征询): questionnaires that committee staff, street operators and community
 * planners put to the verified residents of a committee, grid or compound — choices, scales,
 * free text and pins on the area's map — named or anonymous; results as counts and a heat map.
 */
export const manifest: PlatformModule = {
  name: 'consultations',
  routes: consultationsRoutes,
};
