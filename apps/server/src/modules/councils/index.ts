import type { FastifyInstance } from 'fastify';
import type { PlatformModule } from '../../platform/module.js';
import { blocksRoutes } from './blocks.routes.js';
import { councilVotesRoutes } from './council-votes.routes.js';
import { councilsRoutes } from './councils.routes.js';
import { fundRoutes } from './fund.routes.js';
import { guidelinesRoutes } from './guidelines.routes.js';
import { offersRoutes } from './offers.routes.js';
import { publicMapRoutes } from './public-map.routes.js';
import { shopsRoutes } from './shops.routes.js';

export type * from './councils.tables.js';

async function councilRoutes(app: FastifyInstance): Promise<void> {
  await blocksRoutes(app);
  await shopsRoutes(app);
  await councilsRoutes(app);
  await councilVotesRoutes(app);
  await fundRoutes(app);
  await guidelinesRoutes(app);
  await offersRoutes(app);
  await publicMapRoutes(app);
}

/**
 * Block co-governance (街区共治, "1 + 3 + X", decision 022): blocks drawn over a street; shops
 * with their unified social credit code; councils of member organisations and their
 * representatives; elections and motions, one member one vote, ballots in a hash chain; the
 * shared fund in fen, append-only and hash-chained, expenses approved by N directors;
 * guidelines with expert reviewers and members' applications; offers and needs matched into
 * projects, and the public map of rest areas (爱心休息区).
 */
export const manifest: PlatformModule = {
  name: 'councils',
  routes: councilRoutes,
};
