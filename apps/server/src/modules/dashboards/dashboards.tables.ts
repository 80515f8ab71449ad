import type { ColumnType } from 'kysely';

/**
 * The tables the dashboards module owns: the topic boards' daily figures, imported and fed. Only this module reads or writes them
 * (apps/server/src/boundaries.test.ts checks); other modules ask through its index.ts.
 * Keep in step with platform/migrations.
 */
declare module '../../platform/db/schema.js' {
  interface DB {
    topic_figures: TopicFiguresTable;
    topic_feed_figures: TopicFeedFiguresTable;
    topic_feed_carries: TopicFeedCarriesTable;
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

/** A figure fed by a module (topic-feed.ts), at one area of the chain and one day. */
export interface TopicFeedFiguresTable {
  topic: string;
  metric: string;
  /** '' for the metric itself; else one part of it (an origin) */
  facet: ColumnType<string, string | undefined, string>;
  area_path: string;
  /** the area's parent: a board reads its children by this */
  parent_path: string;
  day: ColumnType<string, string, string>;
  value: number;
}

/** A day whose stock metrics were carried over from the day before (once per topic and day). */
export interface TopicFeedCarriesTable {
  topic: string;
  day: ColumnType<string, string, string>;
  carried_at: ColumnType<Date, Date | undefined, never>;
}
