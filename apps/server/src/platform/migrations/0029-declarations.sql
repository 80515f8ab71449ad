-- 社区通's arrival declarations (信息申报, issue 22): what an arriving person (or the resident
-- hosting them) declares, from the compound's QR code without an account or from the
-- resident's home page. Name, phone and document are sealed as the registry seals them:
-- encrypted under the data key, a keyed hash for exact matching (duplicates by document, a
-- registry resident by ID number), and the masked form for lists. Ids of other modules' rows
-- (areas, rooms, accounts, key regions) carry no foreign keys: a declaration keeps what it
-- was told, and the retention purge deletes it whole.

create table declarations (
  id                    uuid primary key,
  -- a short code the person quotes: SB-7K3Q9P
  reference             text not null unique,
  status                text not null default 'submitted'
                          check (status in ('submitted', 'accepted', 'more_info', 'duplicate')),
  committee_code        text not null,
  compound_code         text not null,
  -- the compound's path: scope, and where the board's figures go
  area_path             text not null,
  room_id               uuid not null,
  -- building, unit and room as people say it, as it was when declared
  room_label            text not null,
  name_enc              text not null,
  name_masked           text not null,
  phone_enc             text not null,
  phone_hmac            text not null,
  phone_masked          text not null,
  document_kind         text not null check (document_kind in ('resident_id', 'passport', 'other')),
  document_enc          text not null,
  document_hmac         text not null,
  document_masked       text not null,
  -- a county, city or province code of China, or an ISO 3166 alpha-2 country code
  origin_code           text not null,
  arrival_date          date not null,
  arrival_means         text not null,
  purpose               text not null,
  stay_days             integer not null check (stay_days between 1 and 365),
  -- arrival_date + stay_days: the declaration's end, from which retention counts
  stay_until            date not null,
  temperature           numeric(3, 1) not null check (temperature between 34.0 and 43.0),
  symptoms              text[] not null default '{}',
  -- the key region it matched when stored (kept as it was: the list changes later)
  key_region_id         uuid,
  key_region_name       text,
  key_region_level      text check (key_region_level in ('high', 'medium')),
  possible_duplicate_of uuid,
  duplicate_of          uuid,
  -- the document is a registry resident's of the committee (no data kept beyond the flag)
  registry_resident     boolean not null default false,
  -- the resident who declared for a guest; null from the public form
  declared_by           uuid,
  -- [{decision, note, by, byName, at}]
  reviews               jsonb not null default '[]',
  created_at            timestamptz not null default now(),
  updated_at            timestamptz not null default now(),
  check ((key_region_level is null) = (key_region_name is null))
);
-- a committee's list, newest first, a page at a time
create index declarations_committee_created_idx
  on declarations (committee_code, created_at desc, id desc);
-- the list's counts by status (first page only)
create index declarations_committee_status_idx on declarations (committee_code, status);
-- the same document in the committee (possible duplicates)
create index declarations_document_idx on declarations (committee_code, document_hmac, arrival_date);
-- the retention purge
create index declarations_stay_until_idx on declarations (stay_until);
-- a resident's declarations for guests
create index declarations_declared_by_idx
  on declarations (declared_by, created_at desc) where declared_by is not null;

-- One public token per compound: its QR poster. Rotating replaces the token (the old one stops).
create table declaration_links (
  compound_code  text primary key,
  committee_code text not null,
  area_path      text not null,
  -- 22+ characters of base64url from 16+ random bytes; printed on paper, not a secret
  token          text not null unique,
  created_by     uuid,
  created_at     timestamptz not null default now(),
  rotated_at     timestamptz
);
