import type { CaseStatus } from '@cc/contracts';
import { sql, type Kysely, type Selectable } from 'kysely';
import { insertRows } from '../../platform/db/insert-rows.js';
import type { CaseEventsTable, CasesTable, DB } from '../../platform/db/schema.js';

export type CaseRow = Selectable<CasesTable>;
export type EventRow = Selectable<CaseEventsTable>;

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
  /** from the table's sequence when the writer numbered it (CaseWrites.numberSteps) */
  id?: number | undefined;
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

/** A step as its row reads; `id` is undefined until the writer numbers it. */
export function eventRow(e: EventInput): Omit<EventRow, 'id'> & { id: number | undefined } {
  return {
    id: e.id,
    case_id: e.caseId,
    at: e.at,
    actor_id: e.actorId,
    actor_name: e.actorName,
    action: e.action,
    from_status: e.fromStatus,
    to_status: e.toStatus,
    note: e.note ?? null,
    photo_ids: e.photoIds ?? [],
    detail: e.detail ?? {},
  };
}

/** The steps' rows in one statement: all numbered (CaseWrites.numberSteps) or none. */
export function insertEventsQuery(events: readonly EventInput[]) {
  return insertRows(
    'case_events',
    events.map((e) => {
      const { id, ...row } = eventRow(e);
      return id === undefined ? row : { id, ...row };
    }),
  );
}

export function findEvents(db: Kysely<DB>, caseIds: readonly string[]) {
  return db
    .selectFrom('case_events')
    .selectAll()
    .where('case_id', 'in', caseIds)
    .orderBy('id')
    .execute();
}

/** Accounts bound as `roles` at exactly these areas, by area: whom to tell about a queue. */
export async function findAccountsAt(
  db: Kysely<DB>,
  areaCodes: readonly string[],
  roles: readonly string[],
): Promise<Map<string, string[]>> {
  const byArea = new Map<string, string[]>();
  if (areaCodes.length === 0) return byArea;
  const rows = await db
    .selectFrom('role_bindings')
    .select(['area_code', 'account_id'])
    .distinct()
    .where('area_code', 'in', [...new Set(areaCodes)])
    .where('role', 'in', roles)
    .execute();
  for (const r of rows) byArea.set(r.area_code, [...(byArea.get(r.area_code) ?? []), r.account_id]);
  return byArea;
}
