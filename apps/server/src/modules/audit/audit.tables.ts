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
  prev_hash: string;
  hash: string;
}
