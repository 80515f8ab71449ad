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

export interface DB {
  areas: AreasTable;
  accounts: AccountsTable;
  role_bindings: RoleBindingsTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  settings: SettingsTable;
  photos: PhotosTable;
  schema_migrations: SchemaMigrationsTable;
}
