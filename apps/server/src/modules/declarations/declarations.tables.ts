import type { ColumnType, Generated } from 'kysely';

/**
 * The tables the declarations module owns: declarations, the compounds' declaration links (QR
 * tokens) and the city's key regions. Only this module reads or writes them
 * (apps/server/src/boundaries.test.ts checks); other modules ask through its index.ts.
 * Keep in step with platform/migrations.
 */
declare module '../../platform/db/schema.js' {
  interface DB {
    key_regions: KeyRegionsTable;
    declarations: DeclarationsTable;
    declaration_links: DeclarationLinksTable;
  }
}

type DayColumn = ColumnType<string, string, string>;

/** One review of a declaration by committee staff, as stored in `declarations.reviews`. */
export interface StoredReview {
  decision: 'accept' | 'more_info' | 'duplicate';
  note: string;
  by: string;
  byName: string;
  at: string;
}

/** Keep in step with platform/migrations/0029-declarations.sql. */
export interface DeclarationsTable {
  /** the distribution key: the district of the row's area (platform/district.ts, decision 030) */
  district_code: string;
  id: string;
  reference: string;
  status: Generated<'submitted' | 'accepted' | 'more_info' | 'duplicate'>;
  committee_code: string;
  compound_code: string;
  area_path: string;
  room_id: string;
  room_label: string;
  name_enc: string;
  name_masked: string;
  phone_enc: string;
  phone_hmac: string;
  phone_masked: string;
  document_kind: 'resident_id' | 'passport' | 'other';
  document_enc: string;
  document_hmac: string;
  document_masked: string;
  origin_code: string;
  arrival_date: DayColumn;
  arrival_means: string;
  purpose: string;
  stay_days: number;
  stay_until: DayColumn;
  /** numeric(3,1): read as text */
  temperature: ColumnType<string, number, number>;
  symptoms: string[];
  key_region_id: string | null;
  key_region_name: string | null;
  key_region_level: 'high' | 'medium' | null;
  possible_duplicate_of: string | null;
  duplicate_of: string | null;
  registry_resident: boolean;
  declared_by: string | null;
  reviews: ColumnType<StoredReview[], string | undefined, string>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface DeclarationLinksTable {
  compound_code: string;
  committee_code: string;
  area_path: string;
  token: string;
  created_by: string | null;
  created_at: Generated<Date>;
  rotated_at: Date | null;
}

export interface KeyRegionsTable {
  id: string;
  /** a county, city or province code of China, or an ISO 3166 alpha-2 country code */
  region_code: string;
  level: 'high' | 'medium';
  /** YYYY-MM-DD */
  listed_from: ColumnType<string, string, string>;
  listed_to: ColumnType<string | null, string | null, string | null>;
  note: string;
  updated_at: Date;
  updated_by: string | null;
}
