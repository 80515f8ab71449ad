import type { Generated } from 'kysely';

/**
 * The tables the moderation module owns: one item per reported (or moderated) post or comment
 * and the reports themselves. Keep in step with platform/migrations/0020-discussion-moderation.sql.
 */
declare module '../../platform/db/schema.js' {
  interface DB {
    moderation_items: ModerationItemsTable;
    moderation_reports: ModerationReportsTable;
  }
}

export interface ModerationItemsTable {
  target_type: string;
  target_id: string;
  /** 'reported' | 'hidden' | 'restored' | 'removed' */
  state: string;
  report_count: Generated<number>;
  area_path: string;
  committee_code: string;
  building_id: string | null;
  author_id: string;
  excerpt: string;
  link: string | null;
  first_reported_at: Date | null;
  last_reported_at: Date | null;
  hidden_at: Date | null;
  decided_at: Date | null;
  decided_by: string | null;
  decided_by_name: string | null;
  decision_reason: string | null;
  sort_at: Generated<Date>;
  /** the reporting round (a report after a restore starts the next) */
  round: Generated<number>;
}

export interface ModerationReportsTable {
  target_type: string;
  target_id: string;
  account_id: string;
  reason: string;
  note: string | null;
  round: Generated<number>;
  created_at: Generated<Date>;
}
