/**
 * The tables the otp module owns: the live one-time codes and the counters that limit sending
 * them. Only this module reads or writes them (apps/server/src/boundaries.test.ts checks);
 * other modules ask through its index.ts. Keep in step with platform/migrations (0013).
 */
declare module '../../platform/db/schema.js' {
  interface DB {
    one_time_codes: OneTimeCodesTable;
    code_send_limits: CodeSendLimitsTable;
  }
}

export interface OneTimeCodesTable {
  /** the data key's lookup hash of the phone */
  phone_hmac: string;
  /** 'sign-up' | 'sign-in' | 'reset' | 'phone' */
  purpose: string;
  /** HMAC of purpose, phone and code under the codes' own key (derived from the data key) */
  code_hmac: string;
  /** purpose 'phone': the account that asked; only it may use the code */
  account_id: string | null;
  tries: number;
  created_at: Date;
  expires_at: Date;
}

export interface CodeSendLimitsTable {
  /** 'phone:<hmac>', 'address:<address key>' or 'account:<id>' (phone-change codes) */
  key: string;
  sent: number;
  window_ends_at: Date;
  last_sent_at: Date;
}
