import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { AnswerRow } from './consultation-questions.js';

/**
 * The counts kept as answers come in (per option, scale value and ~10 m pin cell), so that
 * results read a few rows whatever the number of answers.
 */

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
