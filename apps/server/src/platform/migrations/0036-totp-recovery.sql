-- Recovery codes of the second factor (issue 25): confirming TOTP hands out 10 one-time codes
-- that stand in for the authenticator app when it is lost. Owned by the identity module.
-- Forward only: never edit a migration that has shipped; add the next file.

-- A code is never stored: only its HMAC-SHA256 under a random key of its own, and that key only
-- under the data key (AES-256-GCM). Whoever has the database alone cannot test guesses; rotating
-- the data key re-encrypts hash_key_enc and never needs the code itself.
CREATE TABLE totp_recovery_codes (
  id          uuid PRIMARY KEY,
  account_id  uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  hash_key_enc text NOT NULL,     -- the code's 32-byte HMAC key (hex), under the data key
  code_hash   text NOT NULL,      -- HMAC-SHA256 of the normalised code under that key (base64url)
  created_at  timestamptz NOT NULL,
  used_at     timestamptz         -- null: still good; set once, atomically, when signed in with
);
CREATE INDEX totp_recovery_codes_account_idx ON totp_recovery_codes (account_id);
