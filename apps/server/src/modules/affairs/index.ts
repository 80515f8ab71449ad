import type { PlatformModule } from '../../platform/module.js';
import { rekeyColumns } from '../../platform/key-rotation.js';
import { setAttachmentAccessPolicy } from '../media/index.js';
import { certificateRevoked } from '../certificates/index.js';
import { ATTACHMENT_OWNER } from './affair-attachments.js';
import { markCertificateRevoked } from './affair-revocations.js';
import { affairsJobHandlers } from './affairs.jobs.js';
import { affairsRoutes } from './affairs.routes.js';
import { canSeeRequestFile } from './affairs.service.js';
import { loadCatalogue } from './catalogue.js';

export type * from './affairs.tables.js';

/**
 * Online affairs (办事): the catalogue of committee services (data/affairs/services.json,
 * checked at start), residents' requests, staff's steps, deadlines that warn and escalate.
 */
export const manifest: PlatformModule = {
  name: 'affairs',
  routes: affairsRoutes,
  jobs: affairsJobHandlers,
  // a revoked certificate shows as revoked on its request
  subscriptions: () => [certificateRevoked.on((trx, p) => markCertificateRevoked(trx, p))],
  rekeyers: {
    affair_requests: rekeyColumns('affair_requests', ['applicant_name_enc', 'answers_enc']),
  },
  start: async () => {
    // a wrong catalogue stops the start, naming what is wrong
    loadCatalogue();
    setAttachmentAccessPolicy(ATTACHMENT_OWNER, canSeeRequestFile);
  },
};

export { catalogueProblems, loadCatalogue } from './catalogue.js';
// for the demo city (demo/seed-affairs.ts): requests made through the same use cases
export { fileRequest } from './affairs.service.js';
export { actOnRequest, supplementRequest } from './affair-actions.js';
