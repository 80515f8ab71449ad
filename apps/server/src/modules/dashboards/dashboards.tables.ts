import type { ColumnType } from 'kysely';

/**
 * The tables the dashboards module owns: the topic boards' daily figures. Only this module reads or writes them
 * (apps/server/src/boundaries.test.ts checks); other modules ask through its index.ts.
 * Keep in step with platform/migrations.
 */
declare module '../../platform/db/schema.js' {
  interface DB {
    topic_figures: TopicFiguresTable;
  }
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
