import type { Generated } from 'kysely';

/**
 * The tables the daily-logs module owns: the logs and the accounts appointed to post them.
 * Only this module reads or writes them (apps/server/src/boundaries.test.ts checks). Keep in
 * step with platform/migrations/0031-daily-logs.sql.
 */
declare module '../../platform/db/schema.js' {
  interface DB {
    daily_logs: DailyLogsTable;
    daily_log_authors: DailyLogAuthorsTable;
  }
}

export interface DailyLogsTable {
  id: string;
  committee_code: string;
  /** the committee's area path */
  area_path: string;
  /** 'quarantine' | 'volunteer' | 'work' */
  kind: string;
  /** as published: ID and mobile numbers masked */
  body: string;
  author_id: string;
  /** 'committee' | 'quarantine' | 'volunteer' | 'work' */
  badge: string;
  /** 'visible' | 'hidden' | 'removed' */
  visibility: Generated<string>;
  created_at: Generated<Date>;
}

export interface DailyLogAuthorsTable {
  id: string;
  committee_code: string;
  area_path: string;
  account_id: string;
  /** 'quarantine' | 'volunteer' | 'work' */
  kind: string;
  appointed_by: string | null;
  appointed_at: Generated<Date>;
}
