import type { ColumnType } from 'kysely';

/**
 * The tables the audit module owns: the append-only, hash-chained audit log. Only this module reads or writes them
 * (apps/server/src/boundaries.test.ts checks); other modules ask through its index.ts.
 * Keep in step with platform/migrations.
 */
declare module '../../platform/db/schema.js' {
  interface DB {
    audit_log: AuditLogTable;
  }
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
  /** the area of what the row is about; null: city-level (migration 0011) */
  area_path: string | null;
  /** the area of who acted (migration 0011) */
  actor_area_path: string | null;
  /** 1: SHA-256 of the row; 2: HMAC under the audit key (migration 0011) */
  hash_version: number;
  prev_hash: string;
  hash: string;
}
