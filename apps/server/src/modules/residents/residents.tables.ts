import type { ColumnType, Generated } from 'kysely';
import type { VerificationMatch } from '@cc/contracts';

/**
 * The tables the residents module owns: accounts' verified links to registry residents, and
 * the requests that ask for one. `resident_links` is shared read-only with notices and affairs
 * (manifest `sharedReads`); everything else only this module reads or writes
 * (apps/server/src/boundaries.test.ts checks). Keep in step with platform/migrations.
 */
declare module '../../platform/db/schema.js' {
  interface DB {
    resident_links: ResidentLinksTable;
    verification_requests: VerificationRequestsTable;
  }
}

export interface ResidentLinksTable {
  account_id: string;
  resident_id: string;
  room_id: string;
  building_id: string;
  household_id: string | null;
  committee_code: string;
  compound_code: string;
  area_path: string;
  /** 'owner' | 'co_owner' | 'tenant' | 'family' */
  relation: string;
  is_head: Generated<boolean>;
  /** 'verified' | 'revoked' */
  status: Generated<string>;
  verified_at: Generated<Date>;
  verified_by: string | null;
  revoked_at: Date | null;
  revoked_reason: string | null;
}

export interface VerificationRequestsTable {
  id: string;
  account_id: string;
  room_id: string;
  building_id: string;
  committee_code: string;
  compound_code: string;
  area_path: string;
  relation: string;
  name_enc: string;
  name_masked: string;
  id_enc: string;
  id_hmac: string;
  id_masked: string;
  /** 'pending' | 'approved' | 'refused' */
  state: Generated<string>;
  match_resident_id: string | null;
  match_household_id: string | null;
  match: ColumnType<StoredMatch | null, string | null, string | null>;
  decided_by: string | null;
  decided_as: string | null;
  decided_at: Date | null;
  reason: string | null;
  resident_id: string | null;
  created_at: Generated<Date>;
}

/** The suggestion stored with a request (masked); `sameRoom` etc. as shown to staff. */
export type StoredMatch = VerificationMatch;
