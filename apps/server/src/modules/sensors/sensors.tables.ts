import type { ColumnType, Generated } from 'kysely';

/**
 * The tables the sensors module owns (decision 028): kinds with their rule, devices, readings.
 * Only this module reads or writes them (apps/server/src/boundaries.test.ts checks). Keep in
 * step with platform/migrations (0042-sensors.sql).
 */
declare module '../../platform/db/schema.js' {
  interface DB {
    sensor_rules: SensorRulesTable;
    sensor_devices: SensorDevicesTable;
    sensor_events: SensorEventsTable;
  }
}

type Attributes = Record<string, string | number | string[]>;

export interface SensorRulesTable {
  kind: string;
  name: string;
  name_en: string;
  unit: string;
  threshold: number;
  window_minutes: number;
  scenario_code: string;
  attributes: ColumnType<Attributes, string, string>;
  value_attribute: string | null;
  updated_by: string | null;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface SensorDevicesTable {
  id: string;
  kind: string;
  name: string;
  lng: number;
  lat: number;
  area_code: string;
  area_path: string;
  owner_department: string;
  key_hash: string;
  key_hint: string;
  disabled: Generated<boolean>;
  last_value: number | null;
  last_event_at: Date | null;
  last_alert_at: Date | null;
  open_case_id: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface SensorEventsTable {
  id: Generated<string>;
  device_id: string;
  at: Date;
  value: number;
  alarm: boolean;
  case_id: string | null;
  received_at: Generated<Date>;
}
