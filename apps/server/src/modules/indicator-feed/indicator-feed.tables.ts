import type { ColumnType } from 'kysely';

/**
 * The tables the indicator-feed module owns (decision 028): the fed indicators' catalogue and
 * groups, their figures and the figures' history. Only this module reads or writes them
 * (apps/server/src/boundaries.test.ts checks); the dashboards read values through its
 * index.ts. Keep in step with platform/migrations (0043-indicator-feed.sql).
 */
declare module '../../platform/db/schema.js' {
  interface DB {
    fed_indicator_groups: FedIndicatorGroupsTable;
    fed_indicators: FedIndicatorsTable;
    indicator_figures: IndicatorFiguresTable;
    indicator_fed_areas: IndicatorFedAreasTable;
    indicator_figure_history: IndicatorFigureHistoryTable;
    indicator_figure_days: IndicatorFigureDaysTable;
  }
}

/** The figures summed up per indicator, area and Shanghai day (migration 0046). */
export interface IndicatorFigureDaysTable {
  indicator_id: string;
  area_code: string;
  /** the start of the Shanghai day */
  day: Date;
  sum: number;
  max: number;
  count: number;
  latest: number;
  latest_at: Date;
}

export interface FedIndicatorGroupsTable {
  id: string;
  name: string;
  name_en: string;
  position: number;
}

export interface FedIndicatorsTable {
  id: string;
  group_id: string;
  name: string;
  name_en: string;
  unit: string;
  unit_en: string;
  decimals: number;
  definition: string;
  definition_en: string;
  department: string;
  rollup: 'sum' | 'mean_population' | 'max' | 'latest';
  over_time: 'latest' | 'sum' | 'max' | 'mean';
  direction: 'higher' | 'lower' | 'neutral';
  target: number | null;
  green: number | null;
  red: number | null;
  levels: string[];
  position: number;
  last_figure_at: Date | null;
  updated_by: string | null;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface IndicatorFiguresTable {
  indicator_id: string;
  area_code: string;
  area_path: string;
  at: Date;
  value: number;
  department: string;
  received_at: Date;
}

/** The areas an indicator has figures for (a dashboard's way into its subtree). */
export interface IndicatorFedAreasTable {
  indicator_id: string;
  area_code: string;
  area_path: string;
}

export interface IndicatorFigureHistoryTable {
  indicator_id: string;
  area_code: string;
  at: Date;
  value: number;
  department: string;
  received_at: Date;
  replaced_at: Date;
}
