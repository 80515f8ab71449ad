import crypto from 'node:crypto';
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
        id: crypto.randomUUID(),
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

/**
 * Free-text answers of a question, in the order of their random keys: never the order they
 * came in (which would line anonymous answers up with who took part when).
 */
export function someTexts(
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
    .orderBy('id')
    .limit(limit)
    .execute();
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
    .orderBy('x.question_id')
    .orderBy('x.id')
    .execute();
}
