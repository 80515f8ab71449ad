-- The audit chain keyed and scoped (issue 18, docs/decisions/011-audit-anchors.md).
-- Forward only: never edit a migration that has shipped; add the next file.
--
-- hash_version says how a row's hash was made: 1 = SHA-256 of the row (every row written
-- before this migration), 2 = HMAC-SHA256 under the audit key, which lives outside the
-- database, over the row including its two area paths. Rows of version 1 may only form the
-- beginning of the chain; the application writes version 2 from now on.
-- ADD COLUMN with a constant default rewrites no row, so the append-only trigger stays quiet.
ALTER TABLE audit_log
  ADD COLUMN hash_version smallint NOT NULL DEFAULT 1,
  -- the area of what the row is about (a case's, an account's roles', a resident's committee);
  -- null: city-level, visible only to an administrator bound at the root of the area tree
  ADD COLUMN area_path text,
  -- the area of who acted (the common ancestor of their role bindings' areas)
  ADD COLUMN actor_area_path text;
ALTER TABLE audit_log ALTER COLUMN hash_version DROP DEFAULT;

CREATE INDEX audit_log_area_idx ON audit_log (area_path text_pattern_ops, seq)
  WHERE area_path IS NOT NULL;
CREATE INDEX audit_log_actor_area_idx ON audit_log (actor_area_path text_pattern_ops, seq)
  WHERE actor_area_path IS NOT NULL;
-- the plain rows alone (none is ever added): where the keyed chain begins, at once
CREATE INDEX audit_log_plain_idx ON audit_log (seq) WHERE hash_version = 1;
