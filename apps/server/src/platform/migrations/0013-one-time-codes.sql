-- One-time SMS codes (issue 19, decision 013): sign-up, sign-in, password reset and phone change
-- by a 6-digit code, and the limits on sending them, counted in the database so that they hold
-- across app processes. Forward only: never edit a migration that has shipped; add the next file.

-- the live code of a phone for one purpose: a newer code replaces the older one
CREATE TABLE one_time_codes (
  phone_hmac text NOT NULL,          -- keyed hash of the phone (the data key's lookup hash)
  purpose    text NOT NULL,          -- 'sign-up' | 'sign-in' | 'reset' | 'phone'
  code_hmac  text NOT NULL,          -- HMAC of the code under a key derived from the data key
  account_id uuid,                   -- 'phone': the account that asked (only it may use the code)
  tries      integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (phone_hmac, purpose)
);
CREATE INDEX one_time_codes_expires_idx ON one_time_codes (expires_at);

-- sends counted per phone ('phone:<hmac>'), per client address ('address:<key>') and, for
-- phone-change codes, per signed-in account ('account:<id>') in a window
CREATE TABLE code_send_limits (
  key            text PRIMARY KEY,
  sent           integer NOT NULL,
  window_ends_at timestamptz NOT NULL,
  last_sent_at   timestamptz NOT NULL
);
CREATE INDEX code_send_limits_window_idx ON code_send_limits (window_ends_at);

-- IDENTITY'S, not otp's: `accounts` belongs to the identity module; this index sits here only
-- because sign-in by phone and the codes (issue 19) are what need it. One account per phone:
-- sign-in by phone and codes must find exactly one.
-- Before this, nothing stopped an administrator from giving two accounts the same phone, and the
-- index would fail on such a database. So each phone stays with its oldest account (the first
-- created; the smaller id on a tie) and the later holders lose the phone (cipher text, lookup
-- hash and masked form set to null). Nothing else is changed or recorded: an administrator can
-- give those accounts a phone again.
UPDATE accounts SET phone_enc = NULL, phone_hmac = NULL, phone_masked = NULL
WHERE phone_hmac IS NOT NULL
  AND EXISTS (
    SELECT 1 FROM accounts older
    WHERE older.phone_hmac = accounts.phone_hmac
      AND (older.created_at < accounts.created_at
        OR (older.created_at = accounts.created_at AND older.id < accounts.id))
  );
CREATE UNIQUE INDEX accounts_phone_hmac_key ON accounts (phone_hmac) WHERE phone_hmac IS NOT NULL;
