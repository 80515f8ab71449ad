import crypto from 'node:crypto';
import { MEETING_AGENDA_MAX } from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { maskPersonalNumbers } from '../../platform/text-masking.js';
import { MEETING_NOT_FOUND, lockMeeting, type MeetingRow } from './meetings.repo.js';

export const NOT_UPCOMING =
  'The meeting was already held or cancelled: choose an upcoming one / 该议事会已召开或已取消，请选择即将召开的会议';

/**
 * One more item at the end of a scheduled meeting's agenda (the meeting locked by the caller),
 * and the count on the meeting kept. 409 when the agenda is full.
 */
export async function insertAgendaItem(
  trx: Kysely<DB>,
  m: MeetingRow,
  item: { title: string; note: string | null; sourceType: string | null; sourceId: string | null },
  field = 'agenda',
): Promise<string> {
  if (m.agenda_count >= MEETING_AGENDA_MAX) {
    throw AppError.conflict(
      `The agenda is full (at most ${MEETING_AGENDA_MAX} items) / 议程已满（最多 ${MEETING_AGENDA_MAX} 项）`,
      field,
    );
  }
  const id = crypto.randomUUID();
  await trx
    .insertInto('meeting_agenda_items')
    .values({
      id,
      meeting_id: m.id,
      position: m.agenda_count + 1,
      // published to every resident: ID and mobile numbers masked before they are stored
      title: maskPersonalNumbers(item.title),
      note: item.note === null ? null : maskPersonalNumbers(item.note),
      source_type: item.sourceType,
      source_id: item.sourceId,
      decision: null,
      outcome: null,
      decided_at: null,
    })
    .execute();
  await trx
    .updateTable('meetings')
    .set((eb) => ({ agenda_count: eb('agenda_count', '+', 1), updated_at: new Date() }))
    .where('id', '=', m.id)
    .execute();
  m.agenda_count += 1;
  return id;
}

/**
 * Put an item on a committee's meeting from elsewhere (a proposal the committee answers "put to
 * a meeting"), in the caller's transaction. Idempotent per source: the same source on the same
 * meeting gives back the item already there. 404 when the meeting is not that committee's,
 * 409 when it was held or cancelled (or its agenda is full).
 */
export async function addAgendaItem(
  trx: Kysely<DB>,
  o: {
    meetingId: string;
    committeeCode: string;
    title: string;
    sourceType: string;
    sourceId: string;
  },
): Promise<{ itemId: string }> {
  const m = await lockMeeting(trx, o.meetingId);
  if (!m || m.host_type !== 'committee' || m.host_code !== o.committeeCode) {
    throw AppError.notFound(MEETING_NOT_FOUND);
  }
  if (m.state !== 'scheduled' || m.ends_at <= new Date()) {
    throw AppError.conflict(NOT_UPCOMING, 'meetingId');
  }
  const same = await trx
    .selectFrom('meeting_agenda_items')
    .select('id')
    .where('meeting_id', '=', m.id)
    .where('source_type', '=', o.sourceType)
    .where('source_id', '=', o.sourceId)
    .executeTakeFirst();
  if (same) return { itemId: same.id };
  const title = o.title.trim().slice(0, 120) || '—';
  const itemId = await insertAgendaItem(
    trx,
    m,
    { title, note: null, sourceType: o.sourceType, sourceId: o.sourceId },
    'meetingId',
  );
  return { itemId };
}
