import type { ColumnType, Generated } from 'kysely';

/**
 * The tables the observations module owns (居家健康观察): observations, their check-ins and
 * their recorded steps. Only this module reads or writes them. Keep in step with
 * platform/migrations/0030-observations.sql. Date columns are read through `to_char` as
 * 'YYYY-MM-DD' (observations.repo.ts).
 */
declare module '../../platform/db/schema.js' {
  interface DB {
    observations: ObservationsTable;
    observation_check_ins: ObservationCheckInsTable;
    observation_steps: ObservationStepsTable;
  }
}

type DayColumn = ColumnType<string, string, string>;

export interface ObservationsTable {
  id: string;
  declaration_id: string | null;
  committee_code: string;
  compound_code: string;
  area_path: string;
  room_id: string | null;
  room_label: string;
  name_enc: string;
  name_masked: string;
  phone_enc: string;
  phone_hmac: string;
  phone_masked: string;
  token_hmac: string;
  token_enc: string;
  region_code: string;
  region_name: string;
  level: 'high' | 'medium';
  start_date: DayColumn;
  end_date: DayColumn;
  state: Generated<'active' | 'ended'>;
  ended_on: ColumnType<string | null, string | null | undefined, string | null>;
  end_reason: 'completed' | 'moved' | 'hospital' | 'other' | null;
  ended_by: string | null;
  case_numbers: Generated<string[]>;
  created_at: Generated<Date>;
}

export interface ObservationCheckInsTable {
  id: string;
  observation_id: string;
  day: DayColumn;
  at: Date;
  /** tenths of a degree: 373 = 37.3 °C */
  temperature_dc: number;
  symptoms: string[];
  abnormal: boolean;
  way: 'self' | 'call' | 'visit';
  entered_by: string | null;
  note: Generated<string>;
}

export interface ObservationStepsTable {
  id: string;
  observation_id: string;
  kind: 'opened' | 'missed' | 'case' | 'ended';
  day: DayColumn;
  at: Date;
  note: Generated<string>;
  case_id: string | null;
  case_number: string | null;
  actor_id: string | null;
}
