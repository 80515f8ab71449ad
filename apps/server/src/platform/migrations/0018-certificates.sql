-- Verifiable certificates (居住证明 and the like; later volunteer hours, vote results…): the record
-- a PDF is rendered from on demand, signed with Ed25519 under a key outside the database
-- (docs/decisions/015-verifiable-certificates.md). The public verification code finds it;
-- the signature is checked at every verification, so a row altered here is "not genuine".
-- Forward only: never edit a migration that has shipped; add the next file.

CREATE TABLE certificates (
  id                  uuid PRIMARY KEY,
  -- 20 characters of Crockford base32 (100 random bits), stored without the dashes shown
  code                text NOT NULL UNIQUE CHECK (code ~ '^[0-9A-HJKMNP-TV-Z]{20}$'),
  kind                text NOT NULL,
  title               text NOT NULL,
  -- whose certificate it is: the account that may download it (none for a paper-only holder)
  holder_account_id   uuid,
  -- personal data: under the data key, and masked for lists
  holder_name_enc     text NOT NULL,
  holder_name_masked  text NOT NULL,
  -- the printed label/value pairs as JSON, under the data key (they may name people and rooms)
  fields_enc          text NOT NULL,
  area_code           text NOT NULL,
  area_path           text NOT NULL,
  issuer_name         text NOT NULL,
  -- what it was issued for (an affairs request, …), as the issuing module names it
  source_type         text,
  source_id           text,
  issued_at           timestamptz NOT NULL,
  -- Ed25519 over the canonical text of the record (certificate-signing.ts), base64url
  signature           text NOT NULL,
  -- names the signing key: the first 16 hex characters of SHA-256 of its public key (SPKI DER)
  key_id              text NOT NULL,
  revoked_at          timestamptz,
  revoke_reason       text,
  revoked_by          uuid,
  CHECK ((revoked_at IS NULL) = (revoke_reason IS NULL))
);
-- staff lists by area, newest first
CREATE INDEX certificates_area_idx ON certificates (area_path text_pattern_ops, issued_at DESC);
-- a resident's own certificates
CREATE INDEX certificates_holder_idx ON certificates (holder_account_id, issued_at DESC);
-- the certificate of an affairs request (or other source)
CREATE INDEX certificates_source_idx ON certificates (source_type, source_id);
