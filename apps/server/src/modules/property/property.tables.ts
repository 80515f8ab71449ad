import type { ColumnType, Generated } from 'kysely';

/**
 * The tables the property module owns (物业 "1 + 3"): companies, compounds' records, owners'
 * committee members, fee changes and the fee history. Only this module reads or writes them.
 * Keep in step with platform/migrations/0027-property.sql. Dates are read as 'YYYY-MM-DD'.
 */
declare module '../../platform/db/schema.js' {
  interface DB {
    property_companies: PropertyCompaniesTable;
    property_compounds: PropertyCompoundsTable;
    owners_committee_members: OwnersCommitteeMembersTable;
    property_fee_changes: PropertyFeeChangesTable;
    property_fees: PropertyFeesTable;
  }
}

type DayColumn = ColumnType<string, string, string>;

export interface PropertyCompaniesTable {
  id: string;
  uscc: string;
  name: string;
  service_phone: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface PropertyCompoundsTable {
  compound_code: string;
  committee_code: string;
  area_path: string;
  company_id: string | null;
  contract_start: ColumnType<string | null, string | null, string | null>;
  contract_end: ColumnType<string | null, string | null, string | null>;
  updated_by: string | null;
  updated_at: Generated<Date>;
}

export interface OwnersCommitteeMembersTable {
  compound_code: string;
  position: number;
  name: string;
  role: string;
  term_start: DayColumn;
  term_end: DayColumn;
}

export interface PropertyFeeChangesTable {
  id: string;
  compound_code: string;
  committee_code: string;
  area_path: string;
  fees: ColumnType<unknown, string, string>;
  previous: ColumnType<unknown, string, string>;
  effective_from: DayColumn;
  reason: string;
  state: Generated<string>;
  vote_id: string | null;
  created_by: string;
  created_at: Generated<Date>;
  decided_at: Date | null;
}

export interface PropertyFeesTable {
  compound_code: string;
  use: string;
  effective_from: DayColumn;
  fen: number;
  change_id: string | null;
  vote_id: string | null;
  created_at: Generated<Date>;
}
