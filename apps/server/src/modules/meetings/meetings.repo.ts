import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { MeetingsTable } from './meetings.tables.js';

/** The meetings module's queries that more than one use case shares. */

export type MeetingRow = Selectable<MeetingsTable>;

export const MEETING_NOT_FOUND = 'No such meeting / 议事会不存在';

export function findMeeting(db: Kysely<DB>, id: string): Promise<MeetingRow | undefined> {
  return db.selectFrom('meetings').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The meeting, locked for the rest of the transaction. */
export function lockMeeting(trx: Kysely<DB>, id: string): Promise<MeetingRow | undefined> {
  return trx.selectFrom('meetings').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}
