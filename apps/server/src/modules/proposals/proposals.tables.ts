import type { ColumnType, Generated } from 'kysely';

/**
 * The tables the proposals module owns (众议院): proposals, their supports, follows and public
 * timelines, and the committees' and streets' threshold settings. Only this module reads or
 * writes them; others ask through its index.ts. Keep in step with
 * platform/migrations/0022-proposals.sql.
 */
declare module '../../platform/db/schema.js' {
  interface DB {
    proposals: ProposalsTable;
    proposal_supports: ProposalSupportsTable;
    proposal_follows: ProposalFollowsTable;
    proposal_events: ProposalEventsTable;
    proposal_committee_settings: ProposalCommitteeSettingsTable;
    proposal_street_settings: ProposalStreetSettingsTable;
  }
}

export interface ProposalsTable {
  id: string;
  committee_code: string;
  area_path: string;
  street_code: string | null;
  author_id: string;
  author_name_masked: string;
  title: string;
  body: string;
  category: string;
  place_lng: number | null;
  place_lat: number | null;
  photo_count: Generated<number>;
  state: string;
  visibility: Generated<string>;
  support_count: Generated<number>;
  follower_count: Generated<number>;
  threshold: number;
  answer_days: number;
  threshold_reached_at: Date | null;
  due_at: Date | null;
  escalation_level: Generated<number>;
  answer_kind: string | null;
  answer_text: string | null;
  answer_at: Date | null;
  answer_by: string | null;
  answer_by_name: string | null;
  /** a date (YYYY-MM-DD) */
  done_by: ColumnType<string | null, string | null, string | null>;
  progress: number | null;
  done_at: Date | null;
  meeting_id: string | null;
  meeting_item_id: string | null;
  case_id: string | null;
  case_number: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  last_activity_at: Generated<Date>;
}

export interface ProposalSupportsTable {
  proposal_id: string;
  account_id: string;
  created_at: Generated<Date>;
}

export interface ProposalFollowsTable {
  proposal_id: string;
  account_id: string;
  created_at: Generated<Date>;
}

export interface ProposalEventsTable {
  id: string;
  proposal_id: string;
  at: Generated<Date>;
  actor_id: string | null;
  actor_name: string;
  action: string;
  from_state: string | null;
  to_state: string | null;
  message: string | null;
  detail: ColumnType<Record<string, unknown> | null, string | null, never>;
}

export interface ProposalCommitteeSettingsTable {
  committee_code: string;
  min_supports: number;
  household_percent: number;
  updated_by: string | null;
  updated_at: Generated<Date>;
}

export interface ProposalStreetSettingsTable {
  street_code: string;
  min_supports_floor: number;
  min_supports_ceiling: number;
  percent_floor: number;
  percent_ceiling: number;
  answer_days: number;
  updated_by: string | null;
  updated_at: Generated<Date>;
}
