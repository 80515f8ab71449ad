import {
  CASE_REJECT_REASONS,
  TERMINAL_STATUSES,
  type CaseRejectReason,
  type CaseStatus,
} from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import { inDistricts, pathWithin, scopeWithin } from '../../platform/db/path-within.js';
import { districtsUnder } from '../../platform/district.js';
import type { DB } from '../../platform/db/schema.js';

/**
 * What other modules read of cases, asked here instead of reading `cases` themselves:
 * Open311's public requests, and the dashboards' map points.
 */

export interface Open311CaseFilter {
  numbers?: string[];
  scenarioCodes?: string[];
  from?: Date;
  to?: Date;
  statuses?: readonly CaseStatus[];
  limit: number;
  offset: number;
}

/** A case filed through Open311, as a public GeoReport row shows it (never its contact). */
export interface Open311Case {
  number: string;
  scenarioCode: string;
  status: CaseStatus;
  description: string;
  mediaUrl: string | null;
  lat: number | null;
  lng: number | null;
  address: string | null;
  unitName: string | null;
  resolveDueAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  areaName: string;
  /** the area whose operation centre holds the case */
  queueAreaName: string;
  /** the number of the case it merged into */
  mergedIntoNumber: string | null;
  /** the category of the operator's reason for a rejection (never the note), if rejected */
  rejectReason: CaseRejectReason | null;
}

/** Cases filed through Open311, newest first. */
export async function listOpen311Cases(
  db: Kysely<DB>,
  f: Open311CaseFilter,
): Promise<Open311Case[]> {
  let q = db
    .selectFrom('cases')
    .innerJoin('areas as area', 'area.code', 'cases.area_code')
    .innerJoin('areas as queue', 'queue.code', 'cases.queue_area_code')
    .leftJoin('cases as merged', 'merged.id', 'cases.merged_into')
    .select((eb) => [
      'cases.number',
      'cases.scenario_code',
      'cases.status',
      'cases.description',
      'cases.media_url',
      'cases.lat',
      'cases.lng',
      'cases.address',
      'cases.unit_name',
      'cases.resolve_due_at',
      'cases.created_at',
      'cases.updated_at',
      'cases.closed_at',
      'area.name as area_name',
      'queue.name as queue_area_name',
      'merged.number as merged_into_number',
      eb
        .selectFrom('case_events')
        .select(sql<string>`case_events.detail->>'reason'`.as('reason'))
        .whereRef('case_events.case_id', '=', 'cases.id')
        .where('case_events.action', '=', 'reject')
        .orderBy('case_events.id', 'desc')
        .limit(1)
        .as('reject_reason'),
    ])
    .where('cases.source', '=', 'open311');
  if (f.numbers) q = q.where('cases.number', 'in', f.numbers);
  if (f.scenarioCodes) q = q.where('cases.scenario_code', 'in', f.scenarioCodes);
  if (f.from) q = q.where('cases.created_at', '>=', f.from);
  if (f.to) q = q.where('cases.created_at', '<=', f.to);
  if (f.statuses) q = q.where('cases.status', 'in', f.statuses);
  const rows = await q
    .orderBy('cases.created_at', 'desc')
    .orderBy('cases.number', 'desc')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return rows.map((r) => ({
    number: r.number,
    scenarioCode: r.scenario_code,
    status: r.status as CaseStatus,
    description: r.description,
    mediaUrl: r.media_url,
    lat: r.lat,
    lng: r.lng,
    address: r.address,
    unitName: r.unit_name,
    resolveDueAt: r.resolve_due_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    closedAt: r.closed_at,
    areaName: r.area_name,
    queueAreaName: r.queue_area_name,
    mergedIntoNumber: r.merged_into_number,
    rejectReason: rejectReason(r.status as CaseStatus, r.reject_reason),
  }));
}

/** A rejection recorded before reasons had categories counts as `other`. */
function rejectReason(status: CaseStatus, recorded: string | null): CaseRejectReason | null {
  if (status !== 'rejected') return null;
  return CASE_REJECT_REASONS.find((r) => r === recorded) ?? 'other';
}

/** A case's number (the id a filer is given back). */
export async function findCaseNumber(db: Kysely<DB>, caseId: string): Promise<string> {
  const row = await db
    .selectFrom('cases')
    .select('number')
    .where('id', '=', caseId)
    .executeTakeFirstOrThrow();
  return row.number;
}

/** The number of the Open311 case an Open311 token stands for, if any. */
export async function findOpen311CaseNumber(
  db: Kysely<DB>,
  token: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('cases')
    .select('number')
    .where('open311_token', '=', token)
    .where('source', '=', 'open311')
    .executeTakeFirst();
  return row?.number;
}

/** A case on a map. */
export interface CasePoint {
  id: string;
  lat: number;
  lng: number;
  scenarioCode: string;
  status: CaseStatus;
}

/** The cases reported in [from, to) in the area and below that have a point, newest first. */
export async function listCasePoints(
  db: Kysely<DB>,
  q: {
    areaPath: string;
    from: Date;
    to: Date;
    limit: number;
    /** only these scenarios' cases, and only those not yet ended (a topic board's) */
    scenarios?: readonly string[];
    openOnly?: boolean;
  },
): Promise<CasePoint[]> {
  let query = db
    .selectFrom('cases')
    .select(['id', 'lat', 'lng', 'scenario_code', 'status'])
    .where(scopeWithin('district_code', 'area_path', [q.areaPath]))
    .where('created_at', '>=', q.from)
    .where('created_at', '<', q.to)
    .where('lat', 'is not', null);
  if (q.scenarios)
    query = query.where('scenario_code', 'in', q.scenarios.length ? [...q.scenarios] : ['']);
  if (q.openOnly) query = query.where('status', 'not in', [...TERMINAL_STATUSES]);
  const rows = await query.orderBy('created_at', 'desc').limit(q.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    lat: r.lat!,
    lng: r.lng!,
    scenarioCode: r.scenario_code,
    status: r.status as CaseStatus,
  }));
}

/** The newest case events a big screen's live panel opens with look this far back at most. */
const RECENT_EVENTS_WINDOW = 50_000;

/** A case's step as a dashboard's live stream sends it (`event: case`). */
export interface RecentCaseEvent {
  id: string;
  number: string;
  areaCode: string;
  scenarioCode: string;
  status: CaseStatus;
  lat: number | null;
  lng: number | null;
  at: string;
}

/**
 * The latest steps that moved a case in the area (filed, dispatched, accepted …), newest
 * first, as the live stream sends them: what a big screen's live panel opens with before the
 * stream goes on. Bounded: only the city's newest RECENT_EVENTS_WINDOW steps are looked at (a
 * range of the events' key), so a quiet committee gets fewer rows, never a long scan.
 */
export async function listRecentCaseEvents(
  db: Kysely<DB>,
  q: { areaPath: string; limit: number },
): Promise<RecentCaseEvent[]> {
  // below the city: the district's newest steps (its own window, its shard); the city's: all
  const districts = districtsUnder([q.areaPath]);
  const newest = districts
    ? sql<number>`(select coalesce(max(id), 0) - ${RECENT_EVENTS_WINDOW} from case_events
        where ${inDistricts('district_code', districts)})`
    : sql<number>`(select coalesce(max(id), 0) - ${RECENT_EVENTS_WINDOW} from case_events)`;
  const rows = await db
    .selectFrom('case_events')
    .innerJoin('cases', (join) =>
      join
        .onRef('cases.id', '=', 'case_events.case_id')
        .onRef('cases.district_code', '=', 'case_events.district_code'),
    )
    .select([
      'cases.id',
      'cases.number',
      'cases.area_code',
      'cases.scenario_code',
      'cases.lat',
      'cases.lng',
      'case_events.to_status',
      'case_events.at',
    ])
    .where(districts ? inDistricts('case_events.district_code', districts) : sql<boolean>`true`)
    .where('case_events.id', '>', newest)
    .where('case_events.to_status', 'is not', null)
    .where(pathWithin('cases.area_path', [q.areaPath]))
    .orderBy('case_events.id', 'desc')
    .limit(q.limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    areaCode: r.area_code,
    scenarioCode: r.scenario_code,
    status: r.to_status as CaseStatus,
    lat: r.lat,
    lng: r.lng,
    at: new Date(r.at).toISOString(),
  }));
}
