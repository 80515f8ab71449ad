import type { Generated } from 'kysely';

/**
 * The tables the meetings module owns: meetings (议事会), their agenda items and who comes.
 * Only this module reads or writes them; other modules ask through its index.ts. Keep in step
 * with platform/migrations/0021-meetings.sql.
 */
declare module '../../platform/db/schema.js' {
  interface DB {
    meetings: MeetingsTable;
    meeting_agenda_items: MeetingAgendaItemsTable;
    meeting_attendees: MeetingAttendeesTable;
    meeting_tell_batches: MeetingTellBatchesTable;
  }
}

export interface MeetingsTable {
  id: string;
  host_type: string;
  host_code: string;
  area_path: string;
  title: string;
  starts_at: Date;
  ends_at: Date;
  place: string | null;
  online_url: string | null;
  capacity: number | null;
  door_code: string;
  state: string;
  registered_count: Generated<number>;
  attended_count: Generated<number>;
  agenda_count: Generated<number>;
  minutes: string | null;
  minutes_published_at: Date | null;
  cancel_reason: string | null;
  cancelled_at: Date | null;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface MeetingAgendaItemsTable {
  id: string;
  meeting_id: string;
  position: number;
  title: string;
  note: string | null;
  source_type: string | null;
  source_id: string | null;
  decision: string | null;
  outcome: string | null;
  decided_at: Date | null;
  created_at: Generated<Date>;
}

export interface MeetingAttendeesTable {
  id: string;
  meeting_id: string;
  kind: string;
  account_id: string | null;
  resident_id: string | null;
  name_enc: string;
  name_masked: string;
  state: string;
  attended_at: Date | null;
  attended_by: string | null;
  registered_at: Generated<Date>;
  cancelled_at: Date | null;
}

/** A batch of registrants told by the job (its progress): one row per batch, never two. */
export interface MeetingTellBatchesTable {
  meeting_id: string;
  kind: string;
  /** the attendee id the batch starts after; '' for the first */
  after_id: string;
  told: number;
}
