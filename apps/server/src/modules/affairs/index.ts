import type { PlatformModule } from '../../platform/module.js';
import { rekeyColumns } from '../../platform/key-rotation.js';
import { setAttachmentAccessPolicy } from '../media/index.js';
import { affairsJobHandlers } from './affairs.jobs.js';
import { affairsRoutes } from './affairs.routes.js';
import { ATTACHMENT_OWNER, canSeeRequestFile } from './affairs.service.js';
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
  rekeyers: {
    affair_requests: rekeyColumns('affair_requests', ['applicant_name_enc', 'answers_enc']),
  },
  start: async () => {
    // a wrong catalogue stops the start, naming what is wrong
    loadCatalogue();
    setAttachmentAccessPolicy(ATTACHMENT_OWNER, canSeeRequestFile);
  },
};

export { AFFAIR_DEADLINE_JOB } from './affair-deadlines.js';
export { catalogueProblems, loadCatalogue } from './catalogue.js';
// for the demo city (demo/seed-affairs.ts): requests made through the same use cases
export { fileRequest } from './affairs.service.js';
export { actOnRequest, supplementRequest } from './affair-actions.js';
