export { caseRoutes } from './cases.routes.js';
export { caseJobHandlers } from './cases.jobs.js';
export { fileCase, getCaseDetail, type FileCaseInput } from './cases.service.js';
export { canSeeCase } from './cases.policy.js';
export { findScenario, getTaxonomy, validateAttributes } from './taxonomy.js';
export { TRANSITIONS, nextStatus } from './state-machine.js';
