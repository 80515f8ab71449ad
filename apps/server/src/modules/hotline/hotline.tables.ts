import type { ColumnType, Generated } from 'kysely';

/**
 * The tables the hotline module owns (12345 work orders in bulk, decision 028). Only this
 * module reads or writes them (apps/server/src/boundaries.test.ts checks). Keep in step with
 * platform/migrations (0041-departments-hotline.sql).
 */
declare module '../../platform/db/schema.js' {
  interface DB {
    hotline_categories: HotlineCategoriesTable;
    hotline_imports: HotlineImportsTable;
  }
}

type Json<T> = ColumnType<T, string, string>;

export interface HotlineCategoriesTable {
  category: string;
  scenario_code: string;
  attributes: Json<Record<string, string | number | string[]>>;
  updated_by: string | null;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface HotlineImportReport {
  changed: string[];
  unmapped: { category: string; rows: number; hotlineIds: string[] }[];
  unplaced: { rows: number; hotlineIds: string[] };
  problems: {
    list: { line: number; column: string; rule: string; message: string }[];
    count: number;
  };
}

export interface HotlineImportsTable {
  id: string;
  via: 'api' | 'upload';
  department_code: string | null;
  account_id: string | null;
  file_name: string;
  format: 'csv' | 'jsonl';
  outcome: 'imported' | 'refused';
  rows_read: number;
  created: Generated<number>;
  duplicates: Generated<number>;
  report: Json<HotlineImportReport>;
  created_at: Generated<Date>;
  finished_at: Date | null;
}
