-- Sign-in hardening (issue 18): failed sign-ins counted per address, sessions that serve only
-- the enrolment of a second factor, and TOTP for accounts.
-- Forward only: never edit a migration that has shipped; add the next file.

ALTER TABLE accounts
  -- the TOTP secret (base32) under the data key, AES-256-GCM; re-keyed with phone_enc
  ADD COLUMN totp_secret_enc text,
  -- null: TOTP is off (a secret without it is an enrolment not yet confirmed)
  ADD COLUMN totp_enabled_at timestamptz,
  -- the last 30-second time step whose code was accepted: each code is good once
  ADD COLUMN totp_last_step bigint;

-- an administrator without TOTP in production signs in to a session that may only enrol
ALTER TABLE sessions ADD COLUMN enrol_only boolean NOT NULL DEFAULT false;

-- failed sign-ins per client address in a window, counted atomically across app processes
CREATE TABLE sign_in_failures (
  address        text PRIMARY KEY,
  failures       integer NOT NULL,
  window_ends_at timestamptz NOT NULL
);
CREATE INDEX sign_in_failures_window_idx ON sign_in_failures (window_ends_at);
