import { maskName } from '@cc/contracts';
import type { AuditObjectNamer } from '../audit/index.js';
import { isUuid } from '../audit/index.js';

/** The audit log names a resident by the masked name only (张**): the log is no way round a reveal. */
export const residentAuditNamer: AuditObjectNamer = {
  async names(db, ids) {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return new Map();
    const rows = await db
      .selectFrom('residents')
      .select(['id', 'name'])
      .where('id', 'in', valid)
      .execute();
    return new Map(rows.map((r) => [r.id, maskName(r.name)]));
  },
};
