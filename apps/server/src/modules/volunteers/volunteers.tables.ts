import type { ColumnType, Generated } from 'kysely';

/**
 * The tables the volunteers module owns. Only this module reads or writes them
 * (apps/server/src/boundaries.test.ts checks); other modules ask through its index.ts.
 * Keep in step with platform/migrations (0033-volunteers.sql).
 */
declare module '../../platform/db/schema.js' {
  interface DB {
    volunteer_skills: VolunteerSkillsTable;
    volunteers: VolunteersTable;
    volunteer_skill_cells: VolunteerSkillCellsTable;
    volunteer_teams: VolunteerTeamsTable;
    volunteer_team_members: VolunteerTeamMembersTable;
    volunteer_activities: VolunteerActivitiesTable;
    volunteer_shifts: VolunteerShiftsTable;
    volunteer_shift_roles: VolunteerShiftRolesTable;
    volunteer_signups: VolunteerSignupsTable;
    volunteer_tasks: VolunteerTasksTable;
    volunteer_hours: VolunteerHoursTable;
    volunteer_active_decays: VolunteerActiveDecaysTable;
  }
}

type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface VolunteerSkillsTable {
  code: string;
  name: string;
  name_en: string;
  created_by: string | null;
  created_at: Defaulted<Date>;
}

export interface VolunteersTable {
  id: string;
  account_id: string | null;
  name_enc: string;
  name_masked: string;
  phone_enc: string | null;
  phone_hmac: string | null;
  phone_masked: string | null;
  committee_code: string;
  area_path: string;
  serve_codes: string[];
  skills: Defaulted<string[]>;
  availability: string;
  lat: number;
  lng: number;
  /** bigint: pg returns it as a string */
  cell: ColumnType<string, number | string, number | string>;
  status: Defaulted<string>;
  total_minutes: Defaulted<number>;
  last_served_on: ColumnType<string | null, string | null | undefined, string | null>;
  joined_at: Defaulted<Date>;
  registered_by: string | null;
}

export interface VolunteerSkillCellsTable {
  skill: string;
  cell: ColumnType<string, number | string, number | string>;
  volunteer_id: string;
  lat: number;
  lng: number;
  availability: string;
  area_path: string;
}

export interface VolunteerTeamsTable {
  id: string;
  committee_code: string;
  area_path: string;
  name: string;
  kind: string;
  created_by: string | null;
  created_at: Defaulted<Date>;
}

export interface VolunteerTeamMembersTable {
  team_id: string;
  volunteer_id: string;
  role: string;
  joined_at: Defaulted<Date>;
}

export interface VolunteerActivitiesTable {
  id: string;
  area_code: string;
  area_path: string;
  kind: string;
  category: string;
  title: string;
  description: string;
  place: string;
  lat: number;
  lng: number;
  radius_m: number;
  open_to: string;
  team_id: string | null;
  remind_minutes: Defaulted<number>;
  status: Defaulted<string>;
  cancel_reason: string | null;
  code_secret_enc: string;
  starts_at: Date;
  ends_at: Date;
  organiser_id: string;
  created_at: Defaulted<Date>;
}

export interface VolunteerShiftsTable {
  id: string;
  activity_id: string;
  title: string;
  starts_at: Date;
  ends_at: Date;
  /** set by the reminder job when it claims the shift (reminded once) */
  reminded_at: Defaulted<Date | null>;
}

export interface VolunteerShiftRolesTable {
  id: string;
  shift_id: string;
  activity_id: string;
  name: string;
  capacity: number;
  confirmed: Defaulted<number>;
  position: number;
}

export interface VolunteerSignupsTable {
  id: string;
  /** bigint identity: pg returns it as a string */
  seq: ColumnType<string, never, never>;
  activity_id: string;
  shift_id: string;
  role_id: string;
  volunteer_id: string | null;
  account_id: string | null;
  name_masked: string;
  starts_at: Date;
  ends_at: Date;
  status: string;
  checked_in_at: Date | null;
  check_in_method: string | null;
  checked_out_at: Date | null;
  check_out_method: string | null;
  minutes: number | null;
  code_misses: Defaulted<number>;
  confirmed_at: Date | null;
  confirmed_by: string | null;
  created_at: Defaulted<Date>;
  cancelled_at: Date | null;
}

export interface VolunteerTasksTable {
  id: string;
  case_id: string | null;
  case_number: string | null;
  title: string;
  note: string | null;
  place: string | null;
  lat: number;
  lng: number;
  area_path: string;
  skill: string | null;
  volunteer_id: string;
  status: string;
  sent_by: string;
  sent_by_name: string;
  sent_at: Defaulted<Date>;
  answered_at: Date | null;
  done_at: Date | null;
  decline_reason: string | null;
  confirmed_at: Date | null;
  confirmed_by: string | null;
}

export interface VolunteerHoursTable {
  /** bigint identity: pg returns it as a string */
  id: Generated<string>;
  volunteer_id: string;
  kind: string;
  category: string;
  minutes: number;
  from_at: Date;
  to_at: Date;
  year: number;
  signup_id: string | null;
  task_id: string | null;
  corrects: string | null;
  title: string;
  note: string | null;
  committee_code: string;
  area_path: string;
  team_ids: Defaulted<string[]>;
  by_account: string | null;
  at: Defaulted<Date>;
}

/** The days whose active-volunteer decay was fed (active-decay.ts): once per day. */
export interface VolunteerActiveDecaysTable {
  day: ColumnType<Date, string, string>;
  volunteers: number;
  decayed_at: Defaulted<Date>;
}
