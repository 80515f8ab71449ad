import type { ColumnType, Generated } from 'kysely';

/**
 * The database as Kysely sees it. The platform declares its own tables here; each module adds
 * the tables it owns to `DB` from its `<module>.tables.ts` (declaration merging), so platform
 * code imports no module and a table has one home. Keep in step with platform/migrations.
 */
export interface DB {
  jobs: JobsTable;
  rate_limit_hits: RateLimitHitsTable;
  schema_migrations: SchemaMigrationsTable;
  settings: SettingsTable;
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

export interface RateLimitHitsTable {
  key: string;
  hits: number;
  window_ends: Date;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  checksum: string;
  applied_at: Generated<Date>;
}

export interface SettingsTable {
  key: string;
  value: ColumnType<unknown, string, string>;
}
