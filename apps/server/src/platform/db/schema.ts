import type { ColumnType, Generated } from 'kysely';

/** Row types of the tables, as Kysely sees them. Keep in step with platform/migrations. */
export interface AreasTable {
  code: string;
  parent_code: string | null;
  path: string;
  level: string;
  depth: number;
  name: string;
  name_en: string | null;
  approximate: boolean;
  centre_lng: number;
  centre_lat: number;
  boundary: ColumnType<number[][][][] | null, string | null, string | null>;
  min_lng: number | null;
  min_lat: number | null;
  max_lng: number | null;
  max_lat: number | null;
}

export interface AccountsTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  phone_enc: string | null;
  phone_hmac: string | null;
  phone_masked: string | null;
  disabled: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  created_at: Generated<Date>;
  created_by: string | null;
}

export interface RoleBindingsTable {
  id: string;
  account_id: string;
  role: string;
  area_code: string;
  area_path: string;
  created_at: Generated<Date>;
  created_by: string | null;
}

export interface SessionsTable {
  id: string;
  account_id: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
}

export interface AuditLogTable {
  seq: ColumnType<number, number, never>;
  at: Date;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  object_type: string;
  object_id: string | null;
  ip: string | null;
  outcome: string;
  detail: ColumnType<unknown, string, never>;
  prev_hash: string;
  hash: string;
}

export interface CaseFlowHourlyTable {
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
  area_code: string;
  hour: Date;
  bucket: number;
  n: number;
}

export interface CaseStatusCountsTable {
  area_code: string;
  scenario_code: string;
  status: string;
  n: number;
}

export interface TopicFiguresTable {
  topic: string;
  metric: string;
  area_code: string;
  area_path: string;
  /** YYYY-MM-DD: pg returns a date as a string with our type parser, or a Date */
  day: ColumnType<string, string, string>;
  value: number;
  updated_at: Date;
  updated_by: string | null;
}

export interface SettingsTable {
  key: string;
  value: ColumnType<unknown, string, string>;
}

export interface PhotosTable {
  id: string;
  uploaded_by: string;
  case_id: string | null;
  created_at: Generated<Date>;
  width: number;
  height: number;
  bytes_large: number;
  bytes_thumb: number;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  checksum: string;
  applied_at: Generated<Date>;
}

export interface JobsTable {
  id: Generated<number>;
  kind: string;
  payload: ColumnType<Record<string, unknown>, string, string>;
  run_at: Date;
  attempts: Generated<number>;
  locked_until: Date | null;
  done_at: Date | null;
  last_error: string | null;
  dedupe_key: string | null;
  created_at: Generated<Date>;
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

export interface Open311ClientsTable {
  id: string;
  name: string;
  api_key_hash: string;
  disabled: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface CasesTable {
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

export interface NotificationsTable {
  id: string;
  channel: string;
  case_id: string | null;
  recipient_id: string | null;
  to_enc: string | null;
  to_masked: string | null;
  body: string;
  status: string;
  provider: string | null;
  provider_ref: string | null;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
  read_at: Date | null;
}

export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  request_hash: string;
  case_id: string;
  created_at: Generated<Date>;
}

export interface RegistryTagsTable {
  code: string;
  name: string;
  name_en: string;
  care: Generated<boolean>;
  builtin: Generated<boolean>;
  created_at: Generated<Date>;
  created_by: string | null;
}

export interface BuildingsTable {
  id: Generated<string>;
  committee_code: string;
  compound_code: string;
  area_path: string;
  name: string;
  floors: number | null;
  lng: number | null;
  lat: number | null;
}

export interface RoomsTable {
  id: Generated<string>;
  building_id: string;
  committee_code: string;
  area_path: string;
  unit: Generated<string>;
  number: string;
  floor: number | null;
  floor_area: ColumnType<number | null, number | null, number | null>;
  use: string;
  ownership: string;
  occupancy: string;
  row_digest: string;
  import_id: string | null;
  updated_at: Generated<Date>;
}

export interface HouseholdsTable {
  id: Generated<string>;
  committee_code: string;
  number: string;
  room_id: string | null;
  created_at: Generated<Date>;
}

export interface ResidentsTable {
  id: Generated<string>;
  committee_code: string;
  street_code: string;
  area_path: string;
  room_id: string | null;
  household_id: string | null;
  relation: string | null;
  name: string;
  document_type: string;
  document_enc: string;
  document_hmac: string;
  document_masked: string;
  phone_enc: string | null;
  phone_hmac: string | null;
  phone_masked: string | null;
  birth_date: ColumnType<string, string, string>;
  sex: string;
  registration: string;
  nationality: Generated<string>;
  tags: Generated<string[]>;
  health_enc: string | null;
  status: Generated<string>;
  moved_out_at: Date | null;
  row_digest: string;
  import_id: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface OrganisationsTable {
  id: Generated<string>;
  committee_code: string;
  area_path: string;
  name: string;
  kind: string;
  contact_name: string | null;
  contact_phone_enc: string | null;
  contact_phone_hmac: string | null;
  contact_phone_masked: string | null;
  address: string | null;
  row_digest: string;
  import_id: string | null;
  updated_at: Generated<Date>;
}

export interface RegistryChangesTable {
  id: Generated<number>;
  entity: string;
  entity_id: string;
  committee_code: string;
  action: string;
  changes: ColumnType<Record<string, unknown>, string, string>;
  actor_id: string | null;
  import_id: string | null;
  at: Generated<Date>;
}

export interface RegistryImportsTable {
  id: string;
  kind: string;
  committee_code: string;
  actor_id: string;
  file_name: string;
  format: string;
  status: string;
  total_bytes: number;
  read_bytes: Generated<number>;
  rows_read: Generated<number>;
  rows_bad: Generated<number>;
  inserted: Generated<number>;
  updated: Generated<number>;
  unchanged: Generated<number>;
  message: string | null;
  started_at: Generated<Date>;
  finished_at: Date | null;
}

export interface RegistryImportProblemsTable {
  import_id: string;
  row: number;
  field: string;
  reason: string;
}

export interface RegistryCommitteeStatsTable {
  committee_code: string;
  area_path: string;
  residents: number;
  stats: ColumnType<CommitteeStatsJson, string, string>;
  updated_at: Generated<Date>;
}

/** The one screen's figures of one committee (registry_committee_stats.stats). */
export interface CommitteeStatsJson {
  /** "birthYear:sex" → count, so ages stay right as years pass */
  births: Record<string, number>;
  registration: Record<string, number>;
  nationality: Record<string, number>;
  tags: Record<string, number>;
  occupancy: Record<string, number>;
  rooms: number;
  buildings: number;
  households: number;
  organisations: Record<string, number>;
}

export interface DB {
  jobs: JobsTable;
  dispatch_points: DispatchPointsTable;
  dispatch_rules: DispatchRulesTable;
  open311_clients: Open311ClientsTable;
  cases: CasesTable;
  case_events: CaseEventsTable;
  case_flow_hourly: CaseFlowHourlyTable;
  case_resolve_hist: CaseResolveHistTable;
  case_status_counts: CaseStatusCountsTable;
  topic_figures: TopicFiguresTable;
  notifications: NotificationsTable;
  idempotency_keys: IdempotencyKeysTable;
  areas: AreasTable;
  accounts: AccountsTable;
  role_bindings: RoleBindingsTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  settings: SettingsTable;
  photos: PhotosTable;
  schema_migrations: SchemaMigrationsTable;
  registry_tags: RegistryTagsTable;
  buildings: BuildingsTable;
  rooms: RoomsTable;
  households: HouseholdsTable;
  residents: ResidentsTable;
  organisations: OrganisationsTable;
  registry_changes: RegistryChangesTable;
  registry_imports: RegistryImportsTable;
  registry_import_problems: RegistryImportProblemsTable;
  registry_committee_stats: RegistryCommitteeStatsTable;
}
