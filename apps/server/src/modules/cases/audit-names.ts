import type { AuditObjectNamer } from '../audit/index.js';
import { isUuid } from '../audit/index.js';

/** The audit log names a case by its number, and finds one by its number. */
export const caseAuditNamer: AuditObjectNamer = {
  async names(db, ids) {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return new Map();
    const rows = await db
      .selectFrom('cases')
      .select(['id', 'number'])
      .where('id', 'in', valid)
      .execute();
    return new Map(rows.map((r) => [r.id, r.number]));
  },
  async find(db, text) {
    const rows = await db.selectFrom('cases').select('id').where('number', '=', text).execute();
    return rows.map((r) => r.id);
  },
};
