import type { ColumnType, Generated } from 'kysely';

/**
 * The tables the registry module owns: housing, households, residents, organisations, their history, imports and committee statistics. Only this module reads or writes them
 * (apps/server/src/boundaries.test.ts checks); other modules ask through its index.ts.
 * Keep in step with platform/migrations.
 */
declare module '../../platform/db/schema.js' {
  interface DB {
    registry_tags: RegistryTagsTable;
    buildings: BuildingsTable;
    rooms: RoomsTable;
    households: HouseholdsTable;
    residents: ResidentsTable;
    organisations: OrganisationsTable;
    registry_changes: RegistryChangesTable;
    registry_imports: RegistryImportsTable;
    registry_import_problems: RegistryImportProblemsTable;
    registry_committee_stats: RegistryCommitteeStatsTable;
    room_ownership: RoomOwnershipTable;
    room_owners: RoomOwnersTable;
  }
}

export interface RegistryTagsTable {
  code: string;
  name: string;
  name_en: string;
  care: Generated<boolean>;
  builtin: Generated<boolean>;
  created_at: Generated<Date>;
  created_by: string | null;
}

export interface BuildingsTable {
  id: Generated<string>;
  committee_code: string;
  compound_code: string;
  area_path: string;
  name: string;
  floors: number | null;
  lng: number | null;
  lat: number | null;
}

export interface RoomsTable {
  id: Generated<string>;
  building_id: string;
  committee_code: string;
  area_path: string;
  unit: Generated<string>;
  number: string;
  floor: number | null;
  floor_area: ColumnType<number | null, number | null, number | null>;
  use: string;
  ownership: string;
  occupancy: string;
  row_digest: string;
  import_id: string | null;
  updated_at: Generated<Date>;
}

export interface HouseholdsTable {
  /** the distribution key: the district of the row's area (platform/district.ts, decision 030) */
  district_code: string;
  id: Generated<string>;
  committee_code: string;
  number: string;
  room_id: string | null;
  created_at: Generated<Date>;
}

export interface ResidentsTable {
  /** the distribution key: the district of the row's area (platform/district.ts, decision 030) */
  district_code: string;
  id: Generated<string>;
  committee_code: string;
  street_code: string;
  area_path: string;
  room_id: string | null;
  household_id: string | null;
  relation: string | null;
  name: string;
  document_type: string;
  document_enc: string;
  document_hmac: string;
  document_masked: string;
  phone_enc: string | null;
  phone_hmac: string | null;
  phone_masked: string | null;
  birth_date: ColumnType<string, string, string>;
  sex: string;
  registration: string;
  nationality: Generated<string>;
  tags: Generated<string[]>;
  health_enc: string | null;
  /** the emergency contact (紧急联系人): all of name, relation and phone, or none */
  contact_name_enc: string | null;
  contact_name_masked: string | null;
  contact_relation: string | null;
  contact_phone_enc: string | null;
  contact_phone_hmac: string | null;
  contact_phone_masked: string | null;
  contact_updated_at: Date | null;
  status: Generated<string>;
  moved_out_at: Date | null;
  row_digest: string;
  import_id: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface OrganisationsTable {
  id: Generated<string>;
  committee_code: string;
  area_path: string;
  name: string;
  kind: string;
  contact_name: string | null;
  contact_phone_enc: string | null;
  contact_phone_hmac: string | null;
  contact_phone_masked: string | null;
  address: string | null;
  row_digest: string;
  import_id: string | null;
  updated_at: Generated<Date>;
}

export interface RegistryChangesTable {
  id: Generated<number>;
  entity: string;
  entity_id: string;
  committee_code: string;
  action: string;
  changes: ColumnType<Record<string, unknown>, string, string>;
  actor_id: string | null;
  import_id: string | null;
  at: Generated<Date>;
}

export interface RegistryImportsTable {
  id: string;
  kind: string;
  committee_code: string;
  actor_id: string;
  file_name: string;
  format: string;
  status: string;
  total_bytes: number;
  read_bytes: Generated<number>;
  rows_read: Generated<number>;
  rows_bad: Generated<number>;
  inserted: Generated<number>;
  updated: Generated<number>;
  unchanged: Generated<number>;
  message: string | null;
  started_at: Generated<Date>;
  finished_at: Date | null;
}

export interface RegistryImportProblemsTable {
  import_id: string;
  row: number;
  field: string;
  reason: string;
}

export interface RegistryCommitteeStatsTable {
  committee_code: string;
  area_path: string;
  residents: number;
  stats: ColumnType<CommitteeStatsJson, string, string>;
  updated_at: Generated<Date>;
}

/** The one screen's figures of one committee (registry_committee_stats.stats). */
export interface CommitteeStatsJson {
  /** "birthYear:sex" → count, so ages stay right as years pass */
  births: Record<string, number>;
  registration: Record<string, number>;
  nationality: Record<string, number>;
  tags: Record<string, number>;
  occupancy: Record<string, number>;
  rooms: number;
  buildings: number;
  households: number;
  organisations: Record<string, number>;
}

/** A room's record in the owners register (产权登记): its floor area of record, where it came from. */
export interface RoomOwnershipTable {
  room_id: string;
  committee_code: string;
  /** the room's compound path */
  area_path: string;
  building_id: string;
  /** 不动产登记面积, m² (numeric(10,2): read it as text or ::float8) */
  registered_area: ColumnType<string | null, number | string | null, number | string | null>;
  source: string;
  import_id: string | null;
  recorded_by: string | null;
  recorded_at: Generated<Date>;
}

/** One owner on record of a room (产权人) and their share. */
export interface RoomOwnersTable {
  id: Generated<string>;
  room_id: string;
  committee_code: string;
  position: number;
  /** person | organisation | developer */
  kind: string;
  name: string;
  /** a person's document type, or 'uscc' (统一社会信用代码) */
  document_type: string;
  document_enc: string;
  /** the owner key: documentHmac(type, number), a resident's own for a person */
  document_hmac: string;
  document_masked: string;
  /** hundredths of a percent; a room's add up to 10000 */
  share_bp: number;
  row_digest: string;
  import_id: string | null;
}
