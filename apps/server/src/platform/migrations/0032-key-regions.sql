-- The city's list of key regions (重点地区): a region of China (province, city or county code)
-- or a country (ISO 3166 alpha-2), its level and the dates it is listed for. City staff edit
-- it; every change is audited. A declaration whose origin and arrival date fall in a listing
-- is a key-region arrival (modules/declarations).
CREATE TABLE key_regions (
  id           uuid PRIMARY KEY,
  region_code  text NOT NULL,
  level        text NOT NULL CHECK (level IN ('high', 'medium')),
  listed_from  date NOT NULL,
  listed_to    date,
  note         text NOT NULL DEFAULT '',
  updated_at   timestamptz NOT NULL,
  updated_by   uuid REFERENCES accounts (id),
  CHECK (listed_to IS NULL OR listed_to >= listed_from)
);
CREATE INDEX key_regions_code_idx ON key_regions (region_code);
