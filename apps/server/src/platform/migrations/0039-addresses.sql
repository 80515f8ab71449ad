-- Address search (地址搜索, issue 26, decision 025): one table of the addresses a person can type
-- (compounds, buildings, fixed points, imported door numbers), each with its normalised search
-- text, its point and the area it lies in; a suffix table for "contains" queries (the text from
-- every place a word or number starts), and the imports of address files.

create table address_imports (
  id          uuid primary key,
  file_name   text not null,
  outcome     text not null check (outcome in ('imported', 'refused')),
  -- rows read (data lines), and rows written (new or changed) when imported
  rows_read   integer not null,
  rows_stored integer not null,
  -- { list: the first 100 problems [{ line, column, rule, message }], count: all of them }
  problems    jsonb not null,
  created_by  uuid references accounts (id),
  created_at  timestamptz not null default now()
);

create table addresses (
  id          bigserial primary key,
  kind        text not null check (kind in ('compound', 'building', 'point', 'address')),
  source      text not null check (source in ('areas', 'registry', 'cases', 'import')),
  -- the owner's key: an area code, a building's or a point's id, an imported address's search text
  ref         text not null,
  label       text not null,
  -- normalised (addresses.normalise.ts), compared byte-wise: prefix ranges need the C order
  search      text collate "C" not null,
  lng         double precision not null,
  lat         double precision not null,
  area_code   text not null references areas (code),
  area_path   text not null,
  import_id   uuid references address_imports (id),
  updated_at  timestamptz not null default now(),
  unique (source, ref)
);
create index addresses_search_idx on addresses (search);

-- "contains": every suffix of `search` that starts a word or a number (not inside a run of
-- digits; the whole text is the prefix index's), cut to 16 characters
create table address_suffixes (
  suffix      text collate "C" not null,
  address_id  bigint not null references addresses (id) on delete cascade,
  primary key (suffix, address_id)
);
create index address_suffixes_address_idx on address_suffixes (address_id);
