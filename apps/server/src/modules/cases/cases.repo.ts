import type { CaseSource, CaseStatus } from '@cc/contracts';
import { sql, type Kysely, type Selectable } from 'kysely';
import { insertRows } from '../../platform/db/insert-rows.js';
import { inDistricts, pathWithin, scopeWithin } from '../../platform/db/path-within.js';
import type { DB } from '../../platform/db/schema.js';
import { districtsUnder } from '../../platform/district.js';
import type { CaseEventsTable, CasesTable } from './cases.tables.js';

export type CaseRow = Selectable<CasesTable>;
export type EventRow = Selectable<CaseEventsTable>;
/** A case with the name of its area, as lists and details show it. */
export type AreaCaseRow = CaseRow & { area_name: string };

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
  /** the case's district (CaseWrites.event fills it from the case) */
  districtCode: string;
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
    district_code: e.districtCode,
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

/** The timelines of cases read already: their districts route the read (decision 030). */
export function findEvents(
  db: Kysely<DB>,
  cases: readonly { id: string; district_code: string }[],
) {
  return db
    .selectFrom('case_events')
    .selectAll()
    .where(inDistricts('district_code', [...new Set(cases.map((c) => c.district_code))]))
    .where(
      'case_id',
      'in',
      cases.map((c) => c.id),
    )
    .orderBy('id')
    .execute();
}

/** Cases with their area's name. */
function casesWithArea(db: Kysely<DB>) {
  return db
    .selectFrom('cases')
    .innerJoin('areas', 'areas.code', 'cases.area_code')
    .selectAll('cases')
    .select('areas.name as area_name');
}

export function findCasesWithArea(db: Kysely<DB>, ids: readonly string[]): Promise<AreaCaseRow[]> {
  return casesWithArea(db).where('cases.id', 'in', ids).execute();
}

/** Whose cases a reader sees: their own, and those under their viewing and queue areas. */
export interface CaseVisibility {
  accountId: string;
  /** cases whose area lies under one of these paths */
  areaPaths: string[];
  /** cases whose queue (operation centre) lies under one of these paths */
  queuePaths: string[];
}

export interface CaseFilter {
  status?: CaseStatus | undefined;
  scenarioCode?: string | undefined;
  source?: CaseSource | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  overdue?: boolean | undefined;
  /** cases in this area and below */
  areaPath?: string | undefined;
  /** the case with this number (the unique index) */
  number?: string | undefined;
  /** a word in the description or address, or a scenario whose name has it */
  keyword?: { text: string; scenarioCodes: string[] } | undefined;
}

/** A keyword is looked for among the newest this many cases that pass the other filters. */
export const KEYWORD_WINDOW = 20_000;

/** `text` as a LIKE pattern that matches it anywhere, its own % _ and \ taken literally. */
const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const OVERDUE_SQL = sql<boolean>`(cases.status = 'escalated'
  or (cases.status in ('reported','dispatched','reopened') and cases.accept_due_at < now())
  or (cases.status in ('reported','dispatched','accepted','in_progress','returned','escalated','reopened') and cases.resolve_due_at < now()))`;

/** The cases a reader sees that match the filter, unordered (the list and the export page it). */
/** SQL: the case is one `v`'s account holds, reported, or sees by area or queue. */
export function visibleCase(v: CaseVisibility) {
  const seen = sql<boolean>`(${sql.join(
    [
      sql<boolean>`cases.assignee_id = ${v.accountId}`,
      sql<boolean>`cases.reporter_id = ${v.accountId}`,
      pathWithin('cases.area_path', v.areaPaths),
      pathWithin('cases.queue_area_path', v.queuePaths),
    ],
    sql` or `,
  )})`;
  // A reader with areas below the city sees their districts' cases only (a queue lies in its
  // case's district): the read goes to those districts (decision 030). Cases they hold or
  // reported elsewhere are in their own list (`mine`), which reads every district.
  const scope = [...v.areaPaths, ...v.queuePaths];
  const districts = scope.length > 0 ? districtsUnder(scope) : null;
  return districts
    ? sql<boolean>`(${inDistricts('cases.district_code', districts)} and ${seen})`
    : seen;
}

export function filteredCasesQuery(db: Kysely<DB>, v: CaseVisibility, f: CaseFilter) {
  let query = casesWithArea(db).where(visibleCase(v));
  if (f.status) query = query.where('cases.status', '=', f.status);
  if (f.scenarioCode) query = query.where('cases.scenario_code', '=', f.scenarioCode);
  if (f.source) query = query.where('cases.source', '=', f.source);
  if (f.from) query = query.where('cases.created_at', '>=', f.from);
  if (f.to) query = query.where('cases.created_at', '<', f.to);
  if (f.overdue !== undefined)
    query = query.where(f.overdue ? OVERDUE_SQL : sql<boolean>`not ${OVERDUE_SQL}`);
  if (f.areaPath)
    query = query.where(scopeWithin('cases.district_code', 'cases.area_path', [f.areaPath]));
  if (f.number) query = query.where('cases.number', '=', f.number);
  if (f.keyword) {
    // bounded: the newest KEYWORD_WINDOW cases of the same scope and filters (an index walk),
    // then the words in them; no scan of a city's history for one word
    const newest = filteredCasesQuery(db, v, { ...f, keyword: undefined })
      .clearSelect()
      .select('cases.id')
      .orderBy('cases.created_at', 'desc')
      .limit(KEYWORD_WINDOW);
    const pattern = containsPattern(f.keyword.text);
    const { scenarioCodes } = f.keyword;
    query = query
      .where('cases.id', 'in', newest)
      .where((eb) =>
        eb.or([
          eb('cases.description', 'ilike', pattern),
          eb('cases.address', 'ilike', pattern),
          ...(scenarioCodes.length > 0 ? [eb('cases.scenario_code', 'in', scenarioCodes)] : []),
        ]),
      );
  }
  return query;
}
