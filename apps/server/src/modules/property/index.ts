import { PROPERTY_FEE_SUBJECT } from '@cc/contracts';
import type { PlatformModule } from '../../platform/module.js';
import { registerVoteSubject, votePublished } from '../votes/index.js';
import { complaintScenarios } from './complaint-scenarios.js';
import { feeChangeSubject, onVotePublished } from './fee-changes.js';
import { propertyRoutes } from './property.routes.js';

export type * from './property.tables.js';

/**
 * Property management, "1 + 3" (物业): per compound its property company (one row per credit
 * code, shared by the compounds it manages), its owners' committee (业委会) and its property
 * fee with the history; a fee change is decided by an owners' vote (vote subject
 * 'property_fee': the votes module asks, and tells when the result is published); complaints
 * about property per 1,000 households from the cases (the scenarios in
 * data/property/complaint-scenarios.json) and the registry's households.
 */
export const manifest: PlatformModule = {
  name: 'property',
  routes: propertyRoutes,
  subscriptions: (deps) => [
    votePublished.on((trx, p) =>
      p.subjectType === PROPERTY_FEE_SUBJECT ? onVotePublished(trx, deps, p) : Promise.resolve(),
    ),
  ],
  start: async () => {
    // checked against the taxonomy at start: a wrong code stops the server, not a request
    complaintScenarios();
    registerVoteSubject(PROPERTY_FEE_SUBJECT, feeChangeSubject);
  },
};

// for the demo city (demo/seed-property.ts): the "1 + 3" written through the use cases
export { recordFees, setCompany, setOwnersCommittee } from './property-edits.js';
