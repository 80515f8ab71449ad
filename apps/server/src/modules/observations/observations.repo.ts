import type {
  ObservationCheckIn,
  ObservationRow,
  ObservationStep,
  ObservationToday,
} from '@cc/contracts';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { findAreaCached } from '../areas/index.js';
import { OBSERVATION_NOT_FOUND } from './observations.policy.js';

/** Queries the use-case files share: an observation's row (dates as text), its check-ins, steps. */

const day = (column: string) => sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;

const COLUMNS = [
  'o.id',
  'o.declaration_id',
  'o.committee_code',
  'o.compound_code',
  'o.area_path',
  'o.room_label',
  'o.name_masked',
  'o.phone_masked',
  'o.region_code',
  'o.region_name',
  'o.level',
  'o.state',
  'o.end_reason',
  'o.case_numbers',
  'o.created_at',
] as const;

export function observationQuery(db: Kysely<DB>) {
  return db
    .selectFrom('observations as o')
    .select(COLUMNS)
    .select([
      day('o.start_date').as('start_date'),
      day('o.end_date').as('end_date'),
      sql<string | null>`to_char(o.ended_on, 'YYYY-MM-DD')`.as('ended_on'),
    ]);
}

export type ObservationRecord = NonNullable<
  Awaited<ReturnType<ReturnType<typeof observationQuery>['executeTakeFirst']>>
>;

export async function findObservation(
  db: Kysely<DB>,
  id: string,
): Promise<ObservationRecord | null> {
  return (await observationQuery(db).where('o.id', '=', id).executeTakeFirst()) ?? null;
}

/** The observation under a row lock (inside a transaction), or 404. */
export async function lockObservation(trx: Kysely<DB>, id: string): Promise<ObservationRecord> {
  const row = await observationQuery(trx).where('o.id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw AppError.notFound(OBSERVATION_NOT_FOUND);
  return row;
}

/**
 * SQL: where the observation `o` stands on `d`: abnormal (any abnormal check-in that day),
 * checked in, missing (expected that day — between its start and end and not ended by then —
 * but no check-in), or null (not expected that day).
 */
export function todayOf(d: string): RawBuilder<ObservationToday | null> {
  return sql<ObservationToday | null>`case
    when exists (select 1 from observation_check_ins c
      where c.observation_id = o.id and c.day = ${d}::date and c.abnormal) then 'abnormal'
    when exists (select 1 from observation_check_ins c
      where c.observation_id = o.id and c.day = ${d}::date) then 'checked_in'
    when o.start_date <= ${d}::date and o.end_date >= ${d}::date
      and (o.ended_on is null or o.ended_on > ${d}::date) then 'missing'
    else null end`;
}

export interface LastCheckIn {
  observation_id: string;
  at: Date;
  temperature_dc: number;
  symptoms: string[];
  way: 'self' | 'call' | 'visit';
}

/** The newest check-in of each observation. */
export async function lastCheckIns(
  db: Kysely<DB>,
  ids: readonly string[],
): Promise<Map<string, LastCheckIn>> {
  if (ids.length === 0) return new Map();
  const { rows } = await sql<LastCheckIn>`
    select distinct on (observation_id) observation_id, at, temperature_dc, symptoms, way
    from observation_check_ins where observation_id = any(${ids}::uuid[])
    order by observation_id, at desc, id desc`.execute(db);
  return new Map(rows.map((r) => [r.observation_id, r]));
}

/** Compound names by code, from the area catalogue. */
export async function compoundNames(
  db: Kysely<DB>,
  codes: readonly string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const code of new Set(codes)) out.set(code, (await findAreaCached(db, code))?.name ?? code);
  return out;
}

export const celsius = (tenths: number): number => tenths / 10;

/** One observation as staff see it: name and phone masked, as stored. */
export function toRow(
  r: ObservationRecord,
  today: ObservationToday | null,
  last: LastCheckIn | undefined,
  compoundName: string,
): ObservationRow {
  return {
    id: r.id,
    declarationId: r.declaration_id,
    name: r.name_masked,
    phone: r.phone_masked,
    room: { label: r.room_label },
    compound: { code: r.compound_code, name: compoundName },
    region: { name: r.region_name, level: r.level },
    startDate: r.start_date,
    endDate: r.end_date,
    state: r.state,
    today,
    lastCheckIn: last
      ? {
          at: last.at.toISOString(),
          temperature: celsius(last.temperature_dc),
          symptoms: last.symptoms,
          by: last.way === 'self' ? 'self' : 'staff',
        }
      : null,
    caseNumbers: r.case_numbers,
  };
}

export async function checkInsOf(db: Kysely<DB>, id: string): Promise<ObservationCheckIn[]> {
  const rows = await db
    .selectFrom('observation_check_ins')
    .select(['at', 'temperature_dc', 'symptoms', 'abnormal', 'way', 'note'])
    .select(day('day').as('day'))
    .where('observation_id', '=', id)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((c) => ({
    day: c.day,
    at: c.at.toISOString(),
    temperature: celsius(c.temperature_dc),
    symptoms: c.symptoms,
    by: c.way === 'self' ? 'self' : 'staff',
    way: c.way,
    note: c.note,
    abnormal: c.abnormal,
  }));
}

export async function stepsOf(db: Kysely<DB>, id: string): Promise<ObservationStep[]> {
  const rows = await db
    .selectFrom('observation_steps')
    .select(['kind', 'at', 'note', 'case_number'])
    .where('observation_id', '=', id)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((s) => ({
    kind: s.kind,
    at: s.at.toISOString(),
    note: s.note,
    ...(s.case_number ? { caseNumber: s.case_number } : {}),
  }));
}

/** Where the observation stands on `d` (one observation). */
export async function todayOfOne(
  db: Kysely<DB>,
  id: string,
  d: string,
): Promise<ObservationToday | null> {
  const row = await db
    .selectFrom('observations as o')
    .select(todayOf(d).as('today'))
    .where('o.id', '=', id)
    .executeTakeFirst();
  return row?.today ?? null;
}
