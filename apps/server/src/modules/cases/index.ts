import type { PlatformModule } from '../../platform/module.js';
import { rekeyColumns } from '../../platform/key-rotation.js';
import { setPhotoAccessPolicy } from '../media/index.js';
import { caseJobHandlers } from './cases.jobs.js';
import { caseRoutes } from './cases.routes.js';
import { canSeeCasePhoto } from './cases.service.js';
import { rebuildRollups, rollupsMissing } from './rollups.js';
import { nameAuditObjects } from '../audit/index.js';
import { caseAuditNamer } from './audit-names.js';

export type * from './cases.tables.js';

/** 一网统管's closed loop of cases: intake, dispatch, deadlines, the timeline and its rollups. */
export const manifest: PlatformModule = {
  name: 'cases',
  routes: caseRoutes,
  jobs: caseJobHandlers,
  // the dashboards' rollups (rollups.ts) are published to them as read models
  sharedReads: {
    case_flow_hourly: ['dashboards'],
    case_resolve_hist: ['dashboards'],
    case_status_counts: ['dashboards'],
    case_source_hourly: ['dashboards'],
  },
  rekeyers: {
    cases: rekeyColumns('cases', ['contact_name_enc', 'contact_phone_enc'], {
      contact_phone_hmac: 'contact_phone_enc',
    }),
  },
  start: async (deps) => {
    setPhotoAccessPolicy(canSeeCasePhoto);
    nameAuditObjects('case', caseAuditNamer);
    // a database from before the dashboards' rollups (migration 0005) gets them once
    if (await rollupsMissing(deps.db)) await rebuildRollups(deps.db);
  },
};

export { actOnCase } from './case-actions.js';
// for the volunteers module: a task's case, and its steps on the timeline
export { caseForTask, recordCaseNote, type CaseForTask, type CaseNoteInput } from './case-notes.js';
export { nextCaseNumber } from './cases.repo.js';
export { fileCase, type FileCaseInput } from './intake.js';
export { createDispatchRule, createPoint } from './dispatch.js';
// for the address index: every fixed point's name and place
export { pointPlaces, pointsOfKind, type PointPlace } from './point-places.js';
export {
  findCaseNumber,
  findOpen311CaseNumber,
  listCasePoints,
  listOpen311Cases,
  listRecentCaseEvents,
  type CasePoint,
  type Open311Case,
  type Open311CaseFilter,
  type RecentCaseEvent,
} from './case-feeds.js';
export { findScenario, getTaxonomy, validateAttributes } from './taxonomy.js';
export { TRANSITIONS } from './state-machine.js';
// for the property module: complaints about property per compound
export { caseCountsByCompound } from './property-complaints.repo.js';
export {
  countOpenCases,
  FLOW_COUNTERS,
  RESOLVE_BUCKET_MINUTES,
  rebuildRollups,
  verifyRollups,
  type FlowCounter,
} from './rollups.js';
