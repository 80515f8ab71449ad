import type { CaseStatus } from '@cc/contracts';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { CasesTable, DB } from '../../platform/db/schema.js';

export type CaseRow = Selectable<CasesTable>;

export function findCase(db: Kysely<DB>, id: string): Promise<CaseRow | undefined> {
  return db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The row, locked until the transaction ends: two actors cannot both move the case. */
export function lockCase(trx: Kysely<DB>, id: string): Promise<CaseRow | undefined> {
  return trx.selectFrom('cases').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function nextCaseNumber(db: Kysely<DB>, at: Date): Promise<string> {
  const { rows } = await sql<{ n: number }>`select nextval('case_number_seq') as n`.execute(db);
  const day = at.toISOString().slice(0, 10).replaceAll('-', '');
  return `${day}${String(rows[0]!.n).padStart(6, '0')}`;
}

export interface EventInput {
  caseId: string;
  at: Date;
  actorId: string | null;
  actorName: string | null;
  action: string;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus | null;
  note?: string | null;
  photoIds?: string[];
  detail?: Record<string, unknown>;
}

export async function insertEvent(db: Kysely<DB>, e: EventInput): Promise<void> {
  await db
    .insertInto('case_events')
    .values({
      case_id: e.caseId,
      at: e.at,
      actor_id: e.actorId,
      actor_name: e.actorName,
      action: e.action,
      from_status: e.fromStatus,
      to_status: e.toStatus,
      note: e.note ?? null,
      photo_ids: e.photoIds ?? [],
      detail: JSON.stringify(e.detail ?? {}),
    })
    .execute();
}

export function findEvents(db: Kysely<DB>, caseId: string) {
  return db
    .selectFrom('case_events')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('id')
    .execute();
}

/** Accounts bound as `roles` at exactly this area: whom to tell about its queue. */
export function findAccountsAt(db: Kysely<DB>, areaCode: string, roles: readonly string[]) {
  return db
    .selectFrom('role_bindings')
    .select('account_id')
    .distinct()
    .where('area_code', '=', areaCode)
    .where('role', 'in', roles)
    .execute();
}
