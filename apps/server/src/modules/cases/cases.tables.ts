import type { ColumnType, Generated } from 'kysely';

/**
 * The tables the cases module owns: cases and their timeline, dispatch rules and fixed points, intake idempotency keys, and the rollups it publishes to the dashboards. Only this module reads or writes them
 * (apps/server/src/boundaries.test.ts checks); other modules ask through its index.ts.
 * Keep in step with platform/migrations.
 */
declare module '../../platform/db/schema.js' {
  interface DB {
    cases: CasesTable;
    case_events: CaseEventsTable;
    case_flow_hourly: CaseFlowHourlyTable;
    case_source_hourly: CaseSourceHourlyTable;
    case_resolve_hist: CaseResolveHistTable;
    case_status_counts: CaseStatusCountsTable;
    dispatch_points: DispatchPointsTable;
    dispatch_rules: DispatchRulesTable;
    idempotency_keys: IdempotencyKeysTable;
  }
}

export interface CasesTable {
  /** the distribution key: the district of the row's area (platform/district.ts, decision 030) */
  district_code: string;
  id: string;
  number: string;
  scenario_code: string;
  status: string;
  source: string;
  description: string;
  attributes: ColumnType<Record<string, unknown>, string, string>;
  lng: number | null;
  lat: number | null;
  address: string | null;
  media_url: string | null;
  area_code: string;
  area_path: string;
  queue_area_code: string;
  queue_area_path: string;
  reporter_id: string | null;
  open311_client_id: string | null;
  open311_token: string | null;
  contact_name_enc: string | null;
  contact_name_masked: string | null;
  contact_phone_enc: string | null;
  contact_phone_hmac: string | null;
  contact_phone_masked: string | null;
  assignee_id: string | null;
  unit_name: string | null;
  dispatch_rule_id: string | null;
  point_id: string | null;
  merged_into: string | null;
  accept_due_at: Date | null;
  resolve_due_at: Date | null;
  escalation_level: Generated<number>;
  rating: number | null;
  version: Generated<number>;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
}

export interface CaseEventsTable {
  /** the distribution key: the district of the row's area (platform/district.ts, decision 030) */
  district_code: string;
  id: Generated<number>;
  case_id: string;
  at: Date;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  from_status: string | null;
  to_status: string | null;
  note: string | null;
  photo_ids: ColumnType<string[], string[] | undefined, never>;
  detail: ColumnType<unknown, string | undefined, never>;
}

/** Cases reported per area × hour × source (migration 0044). */
export interface CaseSourceHourlyTable {
  /** the distribution key: the district of the row's area (platform/district.ts, decision 030) */
  district_code: string;
  area_code: string;
  hour: Date;
  source: string;
  reported: number;
}

export interface CaseFlowHourlyTable {
  /** the distribution key: the district of the row's area (platform/district.ts, decision 030) */
  district_code: string;
  area_code: string;
  hour: Date;
  scenario_code: string;
  reported: number;
  dispatched: number;
  accepted: number;
  resolved: number;
  resolved_on_time: number;
  /** bigint: pg returns it as a string */
  resolve_seconds: ColumnType<string, number, number>;
  closed: number;
  rejected: number;
  merged: number;
  returned: number;
  reopened: number;
  escalated: number;
  rated: number;
  rating_sum: number;
}

export interface CaseResolveHistTable {
  /** the distribution key: the district of the row's area (platform/district.ts, decision 030) */
  district_code: string;
  area_code: string;
  hour: Date;
  bucket: number;
  n: number;
}

export interface CaseStatusCountsTable {
  /** the distribution key: the district of the row's area (platform/district.ts, decision 030) */
  district_code: string;
  area_code: string;
  scenario_code: string;
  status: string;
  n: number;
}

export interface DispatchPointsTable {
  id: string;
  name: string;
  kind: string;
  lng: number;
  lat: number;
  radius_m: number;
  scenario_codes: string[] | null;
  leader_id: string;
  unit_name: string;
  area_code: string;
  area_path: string;
  created_at: Generated<Date>;
  created_by: string | null;
}

export interface DispatchRulesTable {
  id: string;
  scenario_code: string | null;
  area_code: string;
  area_path: string;
  area_depth: number;
  unit_name: string;
  assignee_id: string | null;
  created_at: Generated<Date>;
  created_by: string | null;
}

export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  request_hash: string;
  case_id: string;
  created_at: Generated<Date>;
}
