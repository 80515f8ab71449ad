-- Foundation: areas, accounts, role bindings, sessions, the audit log.
-- Forward only: never edit a migration that has shipped; add the next file.

CREATE TABLE areas (
  code        text PRIMARY KEY,
  parent_code text REFERENCES areas (code),
  -- codes from the city down to this area, joined by '/': scope checks are prefix tests
  path        text NOT NULL UNIQUE,
  level       text NOT NULL CHECK (level IN ('city','district','street','committee','grid','compound','building','unit','room')),
  depth       smallint NOT NULL,
  name        text NOT NULL,
  name_en     text,
  approximate boolean NOT NULL DEFAULT false,
  centre_lng  double precision NOT NULL,
  centre_lat  double precision NOT NULL,
  -- GeoJSON MultiPolygon coordinates; null for areas known only by a centre point
  boundary    jsonb,
  min_lng     double precision,
  min_lat     double precision,
  max_lng     double precision,
  max_lat     double precision
);
CREATE INDEX areas_parent_idx ON areas (parent_code, code);
CREATE INDEX areas_path_prefix_idx ON areas (path text_pattern_ops);

CREATE TABLE accounts (
  id            uuid PRIMARY KEY,
  username      text NOT NULL UNIQUE,
  display_name  text NOT NULL,
  password_hash text NOT NULL,
  -- phone: AES-256-GCM ciphertext, HMAC for lookup, never stored in clear
  phone_enc     text,
  phone_hmac    text,
  phone_masked  text,
  disabled      boolean NOT NULL DEFAULT false,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until  timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  created_by    uuid REFERENCES accounts (id)
);
CREATE INDEX accounts_phone_hmac_idx ON accounts (phone_hmac);

CREATE TABLE role_bindings (
  id         uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  role       text NOT NULL,
  area_code  text NOT NULL REFERENCES areas (code),
  area_path  text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES accounts (id),
  UNIQUE (account_id, role, area_code)
);
CREATE INDEX role_bindings_path_idx ON role_bindings (area_path text_pattern_ops);
CREATE INDEX role_bindings_account_idx ON role_bindings (account_id);

CREATE TABLE sessions (
  -- sha256 of the cookie token: a leaked table does not leak live sessions
  id           text PRIMARY KEY,
  account_id   uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  created_at   timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL,
  ip           text,
  user_agent   text
);
CREATE INDEX sessions_account_idx ON sessions (account_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

CREATE TABLE audit_log (
  seq         bigint PRIMARY KEY,
  at          timestamptz NOT NULL,
  actor_id    uuid,
  actor_name  text,
  action      text NOT NULL,
  object_type text NOT NULL,
  object_id   text,
  ip          text,
  outcome     text NOT NULL CHECK (outcome IN ('ok','denied','failed')),
  detail      jsonb NOT NULL DEFAULT '{}'::jsonb,
  prev_hash   text NOT NULL,
  hash        text NOT NULL
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_name, seq);
CREATE INDEX audit_log_object_idx ON audit_log (object_type, object_id);
CREATE INDEX audit_log_action_idx ON audit_log (action, seq);

-- Append-only: the application never updates or deletes audit rows.
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

CREATE TABLE settings (
  key   text PRIMARY KEY,
  value jsonb NOT NULL
);
