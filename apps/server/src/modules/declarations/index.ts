import type { FastifyInstance } from 'fastify';
import type { PlatformModule } from '../../platform/module.js';
import { declarationJobHandlers, scheduleDeclarationPurge } from './declarations.jobs.js';
import { declarationRoutes } from './declarations.routes.js';
import { keyRegionRoutes } from './key-regions.routes.js';
import { loadRegions } from './regions.js';
import { regionRoutes } from './regions.routes.js';
import { declarationRekeyers } from './rekey.js';

export type * from './declarations.tables.js';
export {
  declarationMarkedDuplicate,
  keyRegionArrival,
  type DeclarationMarkedDuplicate,
  type KeyRegionArrival,
  type KeyRegionLevel,
} from './declaration-events.js';
// for the demo city (demo/seed-declarations.ts): declarations stored through the use case
export { checkDeclaration } from './declaration-input.js';
export { ensureLink } from './declaration-links.js';
export { declaredRoom, storeDeclaration, type DeclaredRoom } from './declare.service.js';
export { createKeyRegion } from './key-regions.service.js';
export { PURGE_DECLARATIONS_JOB, purgeDeclarations } from './declarations.jobs.js';

/**
 * 社区通's arrival declarations (信息申报): the compounds' QR links, the public form with an SMS
 * code, a resident declaring for a guest, committee staff's review and reveal; the city's key
 * regions (重点地区) and the regions of China and the world. A declaration from a key region
 * publishes `keyRegionArrival` (the observations module opens an observation; marking it a
 * duplicate publishes `declarationMarkedDuplicate`, which ends it); each one feeds
 * the epidemic board. Declarations are purged a retention period after they end (daily job).
 */
export const manifest: PlatformModule = {
  name: 'declarations',
  routes: async (app: FastifyInstance) => {
    await app.register(regionRoutes);
    await app.register(keyRegionRoutes);
    await app.register(declarationRoutes);
  },
  jobs: declarationJobHandlers,
  rekeyers: declarationRekeyers,
  start: async (deps) => {
    // a bad region file stops the server at start, not a declaration
    loadRegions();
    await scheduleDeclarationPurge(deps);
  },
};
