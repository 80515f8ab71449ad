import type { PlatformModule } from '../../platform/module.js';
import { startAnchoring, stopAnchoring } from './anchors.js';
import { auditRoutes } from './audit.routes.js';

export type * from './audit.tables.js';
export {
  auditEntry,
  commonAreaPath,
  denyAndAudit,
  recordAudit,
  searchAudit,
  verifyAuditChain,
  type AuditEvent,
  type AuditLogReport,
  type ChainReport,
} from './audit.service.js';
export { appendAudits, canonicalJson, type AuditInput } from './audit.repo.js';
export { anchorAuditHead, anchorFile, type Anchor } from './anchors.js';
export { isUuid, nameAuditObjects, type AuditObjectNamer } from './object-names.js';

/**
 * The append-only, hash-chained audit log: rows keyed under the audit key, the chain's head
 * anchored outside the database at start, every AUDIT_ANCHOR_MINUTES and at a clean shutdown.
 */
export const manifest: PlatformModule = {
  name: 'audit',
  routes: auditRoutes,
  start: startAnchoring,
  stop: stopAnchoring,
};
