import type { ColumnType } from 'kysely';

/**
 * The tables the areas module owns: the area tree (city → … → compound); read-only reference data for every module. Only this module reads or writes them
 * (apps/server/src/boundaries.test.ts checks); other modules ask through its index.ts.
 * Keep in step with platform/migrations.
 */
declare module '../../platform/db/schema.js' {
  interface DB {
    areas: AreasTable;
  }
}

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
