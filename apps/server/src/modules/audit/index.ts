export { auditRoutes } from './audit.routes.js';
export {
  denyAndAudit,
  recordAudit,
  searchAudit,
  verifyAuditChain,
  type ChainReport,
} from './audit.service.js';
export { canonicalJson } from './audit.repo.js';
