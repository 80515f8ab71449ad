import type { AuditObjectNamer } from '../audit/index.js';
import { isUuid } from '../audit/index.js';

/** The audit log names an account by its user name, and finds one by it. */
export const accountAuditNamer: AuditObjectNamer = {
  async names(db, ids) {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return new Map();
    const rows = await db
      .selectFrom('accounts')
      .select(['id', 'username'])
      .where('id', 'in', valid)
      .execute();
    return new Map(rows.map((r) => [r.id, r.username]));
  },
  async find(db, text) {
    const rows = await db
      .selectFrom('accounts')
      .select('id')
      .where('username', '=', text)
      .execute();
    return rows.map((r) => r.id);
  },
};
