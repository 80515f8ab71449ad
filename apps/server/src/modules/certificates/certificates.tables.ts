/**
 * The table the certificates module owns. Only this module reads or writes it
 * (apps/server/src/boundaries.test.ts checks); other modules ask through its index.ts.
 * Keep in step with platform/migrations (0018-certificates.sql).
 */
declare module '../../platform/db/schema.js' {
  interface DB {
    certificates: CertificatesTable;
  }
}

export interface CertificatesTable {
  id: string;
  code: string;
  kind: string;
  title: string;
  holder_account_id: string | null;
  holder_name_enc: string;
  holder_name_masked: string;
  fields_enc: string;
  area_code: string;
  area_path: string;
  issuer_name: string;
  source_type: string | null;
  source_id: string | null;
  issued_at: Date;
  signature: string;
  key_id: string;
  revoked_at: Date | null;
  revoke_reason: string | null;
  revoked_by: string | null;
}
