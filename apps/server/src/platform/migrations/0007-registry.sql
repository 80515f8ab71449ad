-- The community registry (社区一屏): housing, households, residents, organisations, the tag
-- dictionary, change history, bulk imports, and one statistics row per committee.
-- Every row carries its committee and the path of the area it lies in (committee or compound),
-- so every read is scoped by the area tree. ID numbers, phones and health notes are stored
-- encrypted (AES-256-GCM) beside an HMAC for exact lookups and a masked form for display.

CREATE TABLE registry_tags (
  code        text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,39}$'),
  name        text NOT NULL,
  name_en     text NOT NULL,
  -- a care group: counted on the one screen
  care        boolean NOT NULL DEFAULT false,
  builtin     boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  uuid REFERENCES accounts (id)
);
INSERT INTO registry_tags (code, name, name_en, care, builtin) VALUES
  ('elderly_alone', '独居老人', 'Elderly living alone', true, true),
  ('elderly_pure', '纯老家庭', 'Elderly-only household', true, true),
  ('disabled', '残疾人', 'Disabled', true, true),
  ('veteran', '退役军人', 'Veteran', true, true),
  ('low_income', '低保户', 'Low-income (dibao)', true, true),
  ('key_care', '重点关注', 'Key care', true, true),
  ('volunteer', '志愿者', 'Volunteer', false, true),
  ('party_member', '党员', 'Party member', false, true);

CREATE TABLE buildings (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  committee_code  text NOT NULL REFERENCES areas (code),
  compound_code   text NOT NULL REFERENCES areas (code),
  area_path       text NOT NULL,
  name            text NOT NULL,
  floors          smallint CHECK (floors BETWEEN 1 AND 200),
  lng             double precision,
  lat             double precision,
  UNIQUE (compound_code, name)
);
CREATE INDEX buildings_committee_idx ON buildings (committee_code);

CREATE TABLE rooms (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  building_id     uuid NOT NULL REFERENCES buildings (id),
  committee_code  text NOT NULL,
  area_path       text NOT NULL,
  unit            text NOT NULL DEFAULT '',
  number          text NOT NULL,
  floor           smallint,
  floor_area      numeric(8, 2) CHECK (floor_area > 0),
  use             text NOT NULL CHECK (use IN ('residential','commercial','office','mixed','other')),
  ownership       text NOT NULL CHECK (ownership IN ('private','public_rental','work_unit','collective','other')),
  occupancy       text NOT NULL CHECK (occupancy IN ('owner_occupied','rented','vacant','group_rental')),
  row_digest      text NOT NULL,
  import_id       uuid,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (building_id, unit, number)
);
CREATE INDEX rooms_committee_idx ON rooms (committee_code);

CREATE TABLE households (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  committee_code  text NOT NULL,
  number          text NOT NULL,
  room_id         uuid REFERENCES rooms (id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (committee_code, number)
);

CREATE TABLE residents (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  committee_code  text NOT NULL,
  street_code     text NOT NULL,
  area_path       text NOT NULL,
  room_id         uuid REFERENCES rooms (id),
  household_id    uuid REFERENCES households (id),
  relation        text CHECK (relation IN ('head','spouse','child','parent','grandchild','sibling','other','tenant')),
  name            text NOT NULL,
  document_type   text NOT NULL CHECK (document_type IN ('resident_id','passport','hk_macao_permit','taiwan_permit','foreign_permanent_id')),
  document_enc    text NOT NULL,
  document_hmac   text NOT NULL,
  document_masked text NOT NULL,
  phone_enc       text,
  phone_hmac      text,
  phone_masked    text,
  birth_date      date NOT NULL,
  sex             text NOT NULL CHECK (sex IN ('male','female')),
  registration    text NOT NULL CHECK (registration IN ('local','migrant','overseas')),
  nationality     text NOT NULL DEFAULT 'CHN',
  tags            text[] NOT NULL DEFAULT '{}',
  health_enc      text,
  status          text NOT NULL DEFAULT 'present' CHECK (status IN ('present','moved_out')),
  moved_out_at    timestamptz,
  -- a digest of the row's content: a re-import of the same data changes nothing
  row_digest      text NOT NULL,
  -- the import that created the row (its history's first step)
  import_id       uuid,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
-- one person, one record in the city
CREATE UNIQUE INDEX residents_document_idx ON residents (document_hmac);
CREATE INDEX residents_street_name_idx ON residents (street_code, name text_pattern_ops);
CREATE INDEX residents_committee_idx ON residents (committee_code, area_path);
CREATE INDEX residents_room_idx ON residents (room_id);
CREATE INDEX residents_phone_idx ON residents (phone_hmac);

CREATE TABLE organisations (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  committee_code        text NOT NULL REFERENCES areas (code),
  area_path             text NOT NULL,
  name                  text NOT NULL,
  kind                  text NOT NULL CHECK (kind IN ('party','residents_committee','owners_committee','property','merchant','enterprise','social','school','other')),
  contact_name          text,
  contact_phone_enc     text,
  contact_phone_hmac    text,
  contact_phone_masked  text,
  address               text,
  row_digest            text NOT NULL,
  import_id             uuid,
  updated_at            timestamptz NOT NULL DEFAULT now(),
  UNIQUE (committee_code, name)
);

-- who changed what, when: personal fields are named, never their values
CREATE TABLE registry_changes (
  id              bigserial PRIMARY KEY,
  entity          text NOT NULL,
  entity_id       uuid NOT NULL,
  committee_code  text NOT NULL,
  action          text NOT NULL,
  changes         jsonb NOT NULL DEFAULT '{}'::jsonb,
  actor_id        uuid REFERENCES accounts (id),
  import_id       uuid,
  at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX registry_changes_entity_idx ON registry_changes (entity_id, at);

CREATE TABLE registry_imports (
  id              uuid PRIMARY KEY,
  kind            text NOT NULL,
  committee_code  text NOT NULL REFERENCES areas (code),
  actor_id        uuid NOT NULL REFERENCES accounts (id),
  file_name       text NOT NULL,
  format          text NOT NULL,
  status          text NOT NULL CHECK (status IN ('running','failed','done','interrupted')),
  total_bytes     bigint NOT NULL,
  read_bytes      bigint NOT NULL DEFAULT 0,
  rows_read       integer NOT NULL DEFAULT 0,
  rows_bad        integer NOT NULL DEFAULT 0,
  inserted        integer NOT NULL DEFAULT 0,
  updated         integer NOT NULL DEFAULT 0,
  unchanged       integer NOT NULL DEFAULT 0,
  message         text,
  started_at      timestamptz NOT NULL DEFAULT now(),
  finished_at     timestamptz
);
CREATE INDEX registry_imports_committee_idx ON registry_imports (committee_code, started_at);

CREATE TABLE registry_import_problems (
  import_id  uuid NOT NULL REFERENCES registry_imports (id) ON DELETE CASCADE,
  row        integer NOT NULL,
  field      text NOT NULL,
  reason     text NOT NULL
);
CREATE INDEX registry_import_problems_idx ON registry_import_problems (import_id, row);

-- the one screen's figures per committee, recomputed in the transaction of every change;
-- a street, district or the city adds up its committees' rows
CREATE TABLE registry_committee_stats (
  committee_code  text PRIMARY KEY REFERENCES areas (code),
  area_path       text NOT NULL,
  residents       integer NOT NULL,
  stats           jsonb NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX registry_committee_stats_path_idx ON registry_committee_stats (area_path text_pattern_ops);
