export { auditRoutes } from './audit.routes.js';
export {
  auditEntry,
  denyAndAudit,
  recordAudit,
  searchAudit,
  verifyAuditChain,
  type ChainReport,
} from './audit.service.js';
export { appendAudits, canonicalJson, type AuditInput } from './audit.repo.js';
