import type { ColumnType, Generated } from 'kysely';

/**
 * The tables the addresses module owns (地址搜索): the address index, its suffixes for
 * "contains" queries and the imports of address files. Only this module reads or writes them
 * (apps/server/src/boundaries.test.ts checks); other modules search through its HTTP API.
 * Keep in step with platform/migrations (0039-addresses.sql).
 */
declare module '../../platform/db/schema.js' {
  interface DB {
    addresses: AddressesTable;
    address_suffixes: AddressSuffixesTable;
    address_imports: AddressImportsTable;
  }
}

export interface AddressesTable {
  id: ColumnType<string, never, never>;
  kind: 'compound' | 'building' | 'point' | 'address';
  source: 'areas' | 'registry' | 'cases' | 'import';
  ref: string;
  label: string;
  search: string;
  lng: number;
  lat: number;
  area_code: string;
  area_path: string;
  import_id: string | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface AddressSuffixesTable {
  suffix: string;
  address_id: string;
}

export interface AddressImportsTable {
  id: string;
  file_name: string;
  outcome: 'imported' | 'refused';
  rows_read: number;
  rows_stored: number;
  /** { list: the first 100 problems, count: all of them } */
  problems: ColumnType<unknown, string, string>;
  created_by: string | null;
  created_at: Generated<Date>;
}
