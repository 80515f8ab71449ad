import type { Generated } from 'kysely';

/**
 * The table the building-groups module owns: each building's group leader (楼组长). Only this
 * module reads or writes it (apps/server/src/boundaries.test.ts checks). Keep in step with
 * platform/migrations/0024-building-groups.sql.
 */
declare module '../../platform/db/schema.js' {
  interface DB {
    building_leaders: BuildingLeadersTable;
  }
}

export interface BuildingLeadersTable {
  building_id: string;
  account_id: string;
  committee_code: string;
  /** the building's area path (its compound's) */
  area_path: string;
  appointed_by: string | null;
  appointed_at: Generated<Date>;
}
