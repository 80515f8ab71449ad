import type { PlatformModule } from '../../platform/module.js';
import { residentsChanged, residentsMovedOut } from '../registry/index.js';
import { resyncLinks, revokeMovedOut } from './links.service.js';
import { residentJobHandlers } from './residents.jobs.js';
import { verificationRequestsRekeyer } from './rekey.js';
import { residentRoutes } from './residents.routes.js';

export type * from './residents.tables.js';

/**
 * Residents' accounts linked to the registry: verification requests (by the resident, decided
 * by committee staff or the household's head), verified links that follow the registry's
 * moves and end with a move-out or a move away. `resident_links` is a published read model for notices and affairs.
 */
export const manifest: PlatformModule = {
  name: 'residents',
  routes: residentRoutes,
  jobs: residentJobHandlers,
  sharedReads: { resident_links: ['notices', 'affairs', 'building-groups', 'proposals'] },
  subscriptions: (deps) => [
    residentsMovedOut.on((trx, { residentIds }) => revokeMovedOut(trx, deps, residentIds)),
    residentsChanged.on((trx, { residentIds }) => resyncLinks(trx, deps, residentIds)),
  ],
  rekeyers: { verification_requests: verificationRequestsRekeyer },
};

export {
  HOME_NOT_VERIFIED_RULE,
  requireVerifiedHome,
  residentHome,
  VERIFY_HOME_FIRST,
  type ResidentHome,
} from './links.service.js';
// for proposals: an applicant reads the committee it asked to be verified in
export { pendingCommittee } from './requests.service.js';
export { residentRevoked, residentVerified } from './resident-events.js';
