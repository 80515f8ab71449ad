import type { Generated } from 'kysely';

/**
 * The tables the identity module owns: accounts, their area-scoped role bindings, sessions,
 * failed sign-ins per address and the second factor's recovery codes. Only this module reads or writes them
 * (apps/server/src/boundaries.test.ts checks); other modules ask through its index.ts.
 * Keep in step with platform/migrations.
 */
declare module '../../platform/db/schema.js' {
  interface DB {
    accounts: AccountsTable;
    role_bindings: RoleBindingsTable;
    sessions: SessionsTable;
    sign_in_failures: SignInFailuresTable;
    totp_recovery_codes: TotpRecoveryCodesTable;
  }
}

export interface AccountsTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  phone_enc: string | null;
  phone_hmac: string | null;
  phone_masked: string | null;
  disabled: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  created_at: Generated<Date>;
  created_by: string | null;
  /** base32 TOTP secret under the data key; with totp_enabled_at null, an enrolment not confirmed */
  totp_secret_enc: string | null;
  totp_enabled_at: Date | null;
  /** the last time step whose code was accepted: a code is good once */
  totp_last_step: number | null;
}

export interface RoleBindingsTable {
  id: string;
  account_id: string;
  role: string;
  area_code: string;
  area_path: string;
  created_at: Generated<Date>;
  created_by: string | null;
}

export interface SessionsTable {
  id: string;
  account_id: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
  /** serves only the TOTP enrolment (an account whose roles need a second factor, without one) */
  enrol_only: Generated<boolean>;
}

export interface SignInFailuresTable {
  address: string;
  failures: number;
  window_ends_at: Date;
}

/**
 * One-time recovery codes of an account's second factor: never the code, only its HMAC under a
 * random key of its own that is kept under the data key (re-encrypted when the key rotates).
 */
export interface TotpRecoveryCodesTable {
  id: string;
  account_id: string;
  hash_key_enc: string;
  code_hash: string;
  created_at: Date;
  used_at: Date | null;
}
