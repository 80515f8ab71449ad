import type { ColumnType, Generated } from 'kysely';

/**
 * The tables the sso module owns (one sign-on, decision 024). Only this module reads or writes
 * them (apps/server/src/boundaries.test.ts checks). Keep in step with
 * platform/migrations/0038-sso.sql.
 */
declare module '../../platform/db/schema.js' {
  interface DB {
    sso_clients: SsoClientsTable;
    sso_keys: SsoKeysTable;
    sso_payloads: SsoPayloadsTable;
    sso_consents: SsoConsentsTable;
  }
}

type Json = ColumnType<Record<string, unknown>, string, string>;

export interface SsoClientsTable {
  id: string;
  client_id: string;
  name: string;
  department: string;
  logo_url: string | null;
  redirect_uris: string[];
  post_logout_redirect_uris: Generated<string[]>;
  initiate_login_uri: string;
  backchannel_logout_uri: string | null;
  allowed_roles: string[];
  allowed_claims: string[];
  /** the client secret under the data key */
  secret_enc: string;
  secret_rotated_at: Generated<Date>;
  disabled: Generated<boolean>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface SsoKeysTable {
  kid: string;
  /** the private JWK as JSON, under the data key */
  jwk_enc: string;
  created_at: Generated<Date>;
  retired_at: Date | null;
}

export interface SsoPayloadsTable {
  model: string;
  id: string;
  payload: Json;
  grant_id: string | null;
  user_code: string | null;
  uid: string | null;
  account_id: string | null;
  client_id: string | null;
  issuer: string;
  expires_at: Date | null;
  consumed_at: Date | null;
}

export interface SsoConsentsTable {
  account_id: string;
  client_id: string;
  claims: string[];
  granted_at: Generated<Date>;
}
