import type { PlatformModule } from '../../platform/module.js';
import { auditRoutes } from './audit.routes.js';

export type * from './audit.tables.js';
export {
  auditEntry,
  denyAndAudit,
  recordAudit,
  searchAudit,
  verifyAuditChain,
  type ChainReport,
} from './audit.service.js';
export { appendAudits, canonicalJson, type AuditInput } from './audit.repo.js';

/** The append-only, hash-chained audit log. */
export const manifest: PlatformModule = { name: 'audit', routes: auditRoutes };
