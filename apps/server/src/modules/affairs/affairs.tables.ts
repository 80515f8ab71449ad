import type { ColumnType, Generated } from 'kysely';

/**
 * The tables the affairs module owns: residents' requests (办事) and their timelines. Only this
 * module reads or writes them (apps/server/src/boundaries.test.ts checks); other modules ask
 * through its index.ts. Keep in step with platform/migrations/0017-affairs.sql.
 */
declare module '../../platform/db/schema.js' {
  interface DB {
    affair_requests: AffairRequestsTable;
    affair_events: AffairEventsTable;
  }
}

export interface AffairRequestsTable {
  id: string;
  number: string;
  service_code: string;
  state: string;
  account_id: string;
  applicant_name_enc: string;
  applicant_name_masked: string;
  resident_id: string | null;
  room_id: string | null;
  committee_code: string;
  compound_code: string;
  area_path: string;
  answers_enc: string;
  /** attachment ids by the service's attachment code */
  attachments: ColumnType<Record<string, string[]>, string, string>;
  pending_question: string | null;
  case_id: string | null;
  case_number: string | null;
  certificate_id: string | null;
  certificate_code: string | null;
  due_at: Date;
  escalation_level: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  closed_at: Date | null;
}

export interface AffairEventsTable {
  id: string;
  request_id: string;
  at: Generated<Date>;
  actor_id: string | null;
  actor_name: string;
  action: string;
  from_state: string | null;
  to_state: string | null;
  message: string | null;
  detail: ColumnType<Record<string, unknown> | null, string | null, never>;
}
