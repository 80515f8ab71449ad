-- Owners on record (产权人): per room the owners the real-estate register (不动产登记簿) names,
-- their shares, and the room's floor area of record (不动产登记面积). Owners' votes count from
-- here: by registered area, and by head count per owner key (a keyed hash of the ID number, or
-- of an organisation's unified social credit code), so that one owner of several rooms counts
-- once, and the developer's unsold rooms (kind 'developer') count as one.
-- rooms.floor_area stays the committee's housing figure (建筑面积 as surveyed); the area a vote
-- counts is room_ownership.registered_area.

-- one row per room with owners on record
CREATE TABLE room_ownership (
  room_id          uuid PRIMARY KEY REFERENCES rooms (id),
  committee_code   text NOT NULL,
  -- the room's compound (its area path), and its building, for electorates by building or unit
  area_path        text NOT NULL,
  building_id      uuid NOT NULL,
  -- m², two decimals; null until known (a vote cannot open over a room without it)
  registered_area  numeric(10, 2) CHECK (registered_area > 0),
  source           text NOT NULL CHECK (source IN ('form', 'import', 'generated')),
  import_id        uuid,
  recorded_by      uuid,
  recorded_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX room_ownership_committee_idx ON room_ownership (committee_code, area_path);
CREATE INDEX room_ownership_building_idx ON room_ownership (building_id);

-- the owners of a room, replaced as a whole by the form or an import
CREATE TABLE room_owners (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  room_id          uuid NOT NULL REFERENCES room_ownership (room_id) ON DELETE CASCADE,
  committee_code   text NOT NULL,
  -- the order the register lists them in
  position         integer NOT NULL,
  kind             text NOT NULL CHECK (kind IN ('person', 'organisation', 'developer')),
  -- a person's name is shown masked to whoever may not reveal it
  name             text NOT NULL,
  document_type    text NOT NULL CHECK (document_type IN ('resident_id', 'passport', 'hk_macao_permit',
                     'taiwan_permit', 'foreign_permanent_id', 'uscc')),
  document_enc     text NOT NULL,
  -- the owner key: the same keyed hash as residents.document_hmac for a person's document
  document_hmac    text NOT NULL,
  document_masked  text NOT NULL,
  -- hundredths of a percent; a room's add up to 10000
  share_bp         integer NOT NULL CHECK (share_bp > 0 AND share_bp <= 10000),
  row_digest       text NOT NULL,
  import_id        uuid,
  CHECK ((kind = 'person') = (document_type <> 'uscc')),
  UNIQUE (room_id, document_hmac)
);
CREATE INDEX room_owners_owner_idx ON room_owners (document_hmac);
CREATE INDEX room_owners_committee_idx ON room_owners (committee_code, document_hmac);
