import type { PlatformModule } from '../../platform/module.js';
import { residentsMovedOut } from '../registry/index.js';
import { revokeMovedOut } from './links.service.js';
import { verificationRequestsRekeyer } from './rekey.js';
import { residentRoutes } from './residents.routes.js';

export type * from './residents.tables.js';

/**
 * Residents' accounts linked to the registry: verification requests (by the resident, decided
 * by committee staff or the household's head), verified links and their end when the registry
 * records a move-out. `resident_links` is a published read model for notices and affairs.
 */
export const manifest: PlatformModule = {
  name: 'residents',
  routes: residentRoutes,
  sharedReads: { resident_links: ['notices', 'affairs'] },
  subscriptions: (deps) => [
    residentsMovedOut.on((trx, { residentIds }) => revokeMovedOut(trx, deps, residentIds)),
  ],
  rekeyers: { verification_requests: verificationRequestsRekeyer },
};

export { residentHome, type ResidentHome } from './links.service.js';
export { residentRevoked, residentVerified } from './resident-events.js';
