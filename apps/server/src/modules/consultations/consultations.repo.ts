import type { ConsultationStatus, ConsultationSummary } from '@cc/contracts';
import { sql, type Kysely, type Selectable } from 'kysely';
import { pathWithin } from '../../platform/db/path-within.js';
import type { DB } from '../../platform/db/schema.js';
import type { MultiPolygon } from '../areas/index.js';
import type { AnswerRow } from './consultation-questions.js';
import type { ConsultationsTable } from './consultations.tables.js';

export type ConsultationRow = Selectable<ConsultationsTable>;

/** The row with its target's name and level (areas are shared reference data). */
export type ConsultationWithArea = ConsultationRow & { area_name: string; area_level: string };

export function findConsultation(
  db: Kysely<DB>,
  id: string,
): Promise<ConsultationWithArea | undefined> {
  return db
    .selectFrom('consultations as c')
    .innerJoin('areas as a', 'a.code', 'c.area_code')
    .selectAll('c')
    .select(['a.name as area_name', 'a.level as area_level'])
    .where('c.id', '=', id)
    .executeTakeFirst();
}

export function statusOf(
  row: Pick<ConsultationRow, 'state' | 'opens_at' | 'closes_at'>,
  now = new Date(),
): ConsultationStatus {
  if (row.state === 'draft') return 'draft';
  if (row.opens_at && now < row.opens_at) return 'scheduled';
  if (now >= row.closes_at) return 'closed';
  return 'open';
}

export function toSummary(row: ConsultationWithArea, hasAnswered: boolean): ConsultationSummary {
  return {
    id: row.id,
    title: row.title,
    area: {
      code: row.area_code,
      name: row.area_name,
      level: row.area_level as ConsultationSummary['area']['level'],
    },
    isAnonymous: row.is_anonymous,
    status: statusOf(row),
    opensAt: row.opens_at?.toISOString() ?? null,
    closesAt: row.closes_at.toISOString(),
    questionCount: row.question_count,
    hasMapQuestion: row.has_map_question,
    responseCount: row.response_count,
    hasAnswered,
    createdAt: row.created_at.toISOString(),
  };
}

export type Position = [createdAt: string, id: string];

const afterPosition = (after: Position | null) =>
  after
    ? sql<boolean>`(c.created_at, c.id) < (${new Date(after[0])}, ${after[1]})`
    : sql<boolean>`true`;

/** Staff: the consultations whose target lies in their areas, newest first (keyset). */
export function listInAreas(
  db: Kysely<DB>,
  roots: string[],
  after: Position | null,
  limit: number,
): Promise<ConsultationWithArea[]> {
  return db
    .selectFrom('consultations as c')
    .innerJoin('areas as a', 'a.code', 'c.area_code')
    .selectAll('c')
    .select(['a.name as area_name', 'a.level as area_level'])
    .where(pathWithin('c.area_path', roots))
    .where(afterPosition(after))
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(limit)
    .execute();
}

/** A resident: the published consultations of the areas on their home's chain, newest first. */
export function listForHome(
  db: Kysely<DB>,
  chainCodes: string[],
  accountId: string,
  after: Position | null,
  limit: number,
): Promise<(ConsultationWithArea & { answered: string | null })[]> {
  return db
    .selectFrom('consultations as c')
    .innerJoin('areas as a', 'a.code', 'c.area_code')
    .leftJoin('consultation_participants as p', (j) =>
      j.onRef('p.consultation_id', '=', 'c.id').on('p.account_id', '=', accountId),
    )
    .selectAll('c')
    .select(['a.name as area_name', 'a.level as area_level', 'p.account_id as answered'])
    .where('c.area_code', 'in', chainCodes)
    .where('c.state', '=', 'published')
    .where(afterPosition(after))
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(limit)
    .execute();
}

export async function hasParticipated(
  db: Kysely<DB>,
  consultationId: string,
  accountId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('consultation_participants')
    .select('account_id')
    .where('consultation_id', '=', consultationId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return !!row;
}

/**
 * The outline a pin must fall in: the target's own boundary, or the nearest area above it that
 * has one (a compound imported without a boundary still takes pins inside its committee).
 */
export async function nearestBoundary(
  db: Kysely<DB>,
  areaPath: string,
): Promise<{ code: string; name: string; boundary: MultiPolygon } | null> {
  const codes = areaPath.split('/');
  const row = await db
    .selectFrom('areas')
    .select(['code', 'name', 'boundary'])
    .where('code', 'in', codes)
    .where('boundary', 'is not', null)
    .orderBy('depth', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.boundary ? { code: row.code, name: row.name, boundary: row.boundary } : null;
}

/** The answer rows of one response, in one statement. */
export function insertAnswers(
  trx: Kysely<DB>,
  consultationId: string,
  responseId: string,
  rows: readonly AnswerRow[],
) {
  return trx
    .insertInto('consultation_answers')
    .values(
      rows.map((r) => ({
        consultation_id: consultationId,
        response_id: responseId,
        question_id: r.questionId,
        option_id: r.optionId,
        value: r.value,
        text: r.text,
        lng: r.lng,
        lat: r.lat,
      })),
    )
    .execute();
}

const TALLY_SHARDS = 8;
/** Cells of 1e-4 degrees: about 11 m north–south, 9.5 m east–west in Shanghai. */
export const PIN_CELL = 1e4;

/**
 * Count one response in the tallies and the pin cells (one statement each, rows in a fixed
 * order so two answers at once never wait on each other in a circle).
 */
export async function countAnswers(
  trx: Kysely<DB>,
  consultationId: string,
  rows: readonly AnswerRow[],
): Promise<void> {
  const shard = Math.floor(Math.random() * TALLY_SHARDS);
  const keys = new Map<string, { questionId: string; key: string; n: number }>();
  const bump = (questionId: string, key: string) => {
    const id = `${questionId}\u0000${key}`;
    const k = keys.get(id);
    if (k) k.n++;
    else keys.set(id, { questionId, key, n: 1 });
  };
  const answered = new Set<string>();
  const cells = new Map<string, { questionId: string; lng: number; lat: number; n: number }>();
  for (const r of rows) {
    answered.add(r.questionId);
    if (r.optionId !== null) bump(r.questionId, r.optionId);
    if (r.value !== null) bump(r.questionId, `v${r.value}`);
    if (r.lng !== null && r.lat !== null) {
      const lng = Math.round(r.lng * PIN_CELL);
      const lat = Math.round(r.lat * PIN_CELL);
      const id = `${r.questionId}\u0000${lng}\u0000${lat}`;
      const c = cells.get(id);
      if (c) c.n++;
      else cells.set(id, { questionId: r.questionId, lng, lat, n: 1 });
    }
  }
  for (const q of answered) bump(q, '*');
  const tallies = [...keys.values()].sort((a, b) =>
    a.questionId === b.questionId
      ? a.key.localeCompare(b.key)
      : a.questionId.localeCompare(b.questionId),
  );
  if (tallies.length > 0) {
    await trx
      .insertInto('consultation_tallies')
      .values(
        tallies.map((t) => ({
          consultation_id: consultationId,
          question_id: t.questionId,
          key: t.key,
          shard,
          count: t.n,
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(['consultation_id', 'question_id', 'key', 'shard'])
          .doUpdateSet({ count: sql`consultation_tallies.count + excluded.count` }),
      )
      .execute();
  }
  const pins = [...cells.values()].sort(
    (a, b) => a.questionId.localeCompare(b.questionId) || a.lng - b.lng || a.lat - b.lat,
  );
  if (pins.length > 0) {
    await trx
      .insertInto('consultation_pin_cells')
      .values(
        pins.map((c) => ({
          consultation_id: consultationId,
          question_id: c.questionId,
          cell_lng: c.lng,
          cell_lat: c.lat,
          count: c.n,
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(['consultation_id', 'question_id', 'cell_lng', 'cell_lat'])
          .doUpdateSet({ count: sql`consultation_pin_cells.count + excluded.count` }),
      )
      .execute();
  }
}

/** The kept counts: per question, `*` (answered) and each option or scale value. */
export async function tallies(
  db: Kysely<DB>,
  consultationId: string,
): Promise<Map<string, Map<string, number>>> {
  const rows = await db
    .selectFrom('consultation_tallies')
    .select(['question_id', 'key', (eb) => eb.fn.sum<string>('count').as('n')])
    .where('consultation_id', '=', consultationId)
    .groupBy(['question_id', 'key'])
    .execute();
  const byQuestion = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const q = byQuestion.get(r.question_id) ?? new Map<string, number>();
    q.set(r.key, Number(r.n));
    byQuestion.set(r.question_id, q);
  }
  return byQuestion;
}

/** The latest free-text answers of a question. */
export function latestTexts(
  db: Kysely<DB>,
  consultationId: string,
  questionId: string,
  limit: number,
) {
  return db
    .selectFrom('consultation_answers')
    .select('text')
    .where('consultation_id', '=', consultationId)
    .where('question_id', '=', questionId)
    .where('text', 'is not', null)
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
}

/** The heat map's cells of a question, the fullest first. */
export async function pinCells(
  db: Kysely<DB>,
  consultationId: string,
  questionId: string,
  limit: number,
): Promise<{ lng: number; lat: number; count: number }[]> {
  const rows = await db
    .selectFrom('consultation_pin_cells')
    .select(['cell_lng', 'cell_lat', 'count'])
    .where('consultation_id', '=', consultationId)
    .where('question_id', '=', questionId)
    .orderBy('count', 'desc')
    .orderBy('cell_lng')
    .orderBy('cell_lat')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    lng: r.cell_lng / PIN_CELL,
    lat: r.cell_lat / PIN_CELL,
    count: r.count,
  }));
}

/** Every response with its answers, for the export (ordered by response, answers together). */
export function exportRows(db: Kysely<DB>, consultationId: string) {
  return db
    .selectFrom('consultation_responses as r')
    .innerJoin('consultation_answers as x', 'x.response_id', 'r.id')
    .select([
      'r.id',
      'r.respondent_name_masked',
      'r.submitted_at',
      'x.question_id',
      'x.option_id',
      'x.value',
      'x.text',
      'x.lng',
      'x.lat',
    ])
    .where('r.consultation_id', '=', consultationId)
    .where('x.consultation_id', '=', consultationId)
    .orderBy('r.id')
    .orderBy('x.seq')
    .execute();
}
