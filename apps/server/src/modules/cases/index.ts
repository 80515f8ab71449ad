export { caseRoutes } from './cases.routes.js';
export { caseJobHandlers } from './cases.jobs.js';
export { actOnCase, getCaseDetail } from './cases.service.js';
export { fileCase, type FileCaseInput } from './intake.js';
export { createDispatchRule, createPoint } from './dispatch.js';
export { canSeeCase } from './cases.policy.js';
export { findScenario, getTaxonomy, validateAttributes } from './taxonomy.js';
export { TRANSITIONS, nextStatus } from './state-machine.js';
export {
  countOpenCases,
  FLOW_COUNTERS,
  RESOLVE_BUCKET_MINUTES,
  rebuildRollups,
  rollupsMissing,
  verifyRollups,
  type FlowCounter,
} from './rollups.js';
