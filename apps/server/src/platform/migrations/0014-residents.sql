-- Residents' accounts linked to the registry (社区互动): the verified link of an account to a
-- registry resident, room and household, and the requests that ask for one. Ids of other
-- modules' rows (accounts, residents, rooms, buildings, households) carry no foreign keys:
-- modules own their tables alone. ID numbers and names given in a request are stored
-- encrypted, beside a keyed hash (the registry's document hash) and a masked form.

create table resident_links (
  account_id uuid primary key,      -- one verified home per account (v1)
  resident_id uuid not null,        -- registry residents.id
  room_id uuid not null,            -- registry rooms.id
  building_id uuid not null,        -- registry buildings.id
  household_id uuid,                -- registry households.id
  committee_code text not null,
  compound_code text not null,
  area_path text not null,          -- the building's area_path (the compound's path in the area tree)
  relation text not null,           -- 'owner' | 'co_owner' | 'tenant' | 'family'
  is_head boolean not null default false,   -- 户主 of the household
  status text not null default 'verified',  -- 'verified' | 'revoked'
  verified_at timestamptz not null default now(),
  verified_by uuid,
  revoked_at timestamptz,
  revoked_reason text
);
create index resident_links_area_idx on resident_links (area_path text_pattern_ops)
  where status = 'verified';
create index resident_links_building_idx on resident_links (building_id) where status = 'verified';
create index resident_links_household_idx on resident_links (household_id);
create index resident_links_resident_idx on resident_links (resident_id);

create table verification_requests (
  id              uuid primary key,
  account_id      uuid not null,
  room_id         uuid not null,
  building_id     uuid not null,
  committee_code  text not null,
  compound_code   text not null,
  area_path       text not null,
  relation        text not null check (relation in ('owner', 'co_owner', 'tenant', 'family')),
  name_enc        text not null,
  name_masked     text not null,
  id_enc          text not null,
  id_hmac         text not null,
  id_masked       text not null,
  state           text not null default 'pending' check (state in ('pending', 'approved', 'refused')),
  -- the registry resident the platform suggests (by the ID number's keyed hash), masked
  match_resident_id   uuid,
  match_household_id  uuid,
  match               jsonb,
  -- who decided: staff, or the household's head ('staff' | 'head')
  decided_by      uuid,
  decided_as      text,
  decided_at      timestamptz,
  reason          text,
  -- the registry resident the approved account was linked to
  resident_id     uuid,
  created_at      timestamptz not null default now()
);
-- one pending request per account
create unique index verification_requests_pending_idx on verification_requests (account_id)
  where state = 'pending';
create index verification_requests_account_idx on verification_requests (account_id, created_at);
create index verification_requests_area_idx on verification_requests
  (area_path text_pattern_ops, created_at);
create index verification_requests_household_idx on verification_requests (match_household_id)
  where state = 'pending';
