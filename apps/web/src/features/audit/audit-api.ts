import type { AuditList, AuditQuery } from '@cc/contracts';
import { api } from '../../lib/api';

export const listAudit = (query: AuditQuery, signal?: AbortSignal) =>
  api.get<AuditList>('/api/audit', { ...query }, signal);
