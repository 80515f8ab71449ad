import type { ColumnType, Generated } from 'kysely';

/**
 * The tables the elevators module owns (加装电梯): projects, their stages, cost shares,
 * volunteers and the streets' yearly targets. Only this module reads or writes them. Keep in
 * step with platform/migrations/0026-elevators.sql.
 */
declare module '../../platform/db/schema.js' {
  interface DB {
    elevator_projects: ElevatorProjectsTable;
    elevator_stages: ElevatorStagesTable;
    elevator_cost_shares: ElevatorCostSharesTable;
    elevator_volunteers: ElevatorVolunteersTable;
    elevator_targets: ElevatorTargetsTable;
  }
}

/** date columns: written as 'YYYY-MM-DD', read through to_char (never as a Date) */
type DateColumn = ColumnType<unknown, string | null, string | null>;

export interface ElevatorProjectsTable {
  id: string;
  committee_code: string;
  street_code: string;
  district_code: string;
  area_path: string;
  building_id: string;
  building_name: string;
  unit: string;
  lng: number | null;
  lat: number | null;
  title: string;
  stage: string;
  target_year: number | null;
  vote_id: string | null;
  vote_passed: boolean | null;
  vote_published_at: Date | null;
  in_service_on: DateColumn;
  cost_preset: string | null;
  /** bigint: read back as a number (platform/db/database.ts) */
  cost_total_fen: number | null;
  cost_floors: number | null;
  cost_set_at: Date | null;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ElevatorStagesTable {
  id: string;
  project_id: string;
  stage: string;
  position: number;
  planned_on: DateColumn;
  actual_on: DateColumn;
  note: string | null;
  entered_at: Date | null;
  updated_at: Generated<Date>;
}

export interface ElevatorCostSharesTable {
  project_id: string;
  room_id: string;
  position: number;
  label: string;
  floor: number;
  weight: number;
  share_fen: number;
}

export interface ElevatorVolunteersTable {
  project_id: string;
  account_id: string;
  kind: string;
  added_by: string;
  added_at: Generated<Date>;
}

export interface ElevatorTargetsTable {
  street_code: string;
  year: number;
  area_path: string;
  target: number;
  set_by: string;
  set_at: Generated<Date>;
}
