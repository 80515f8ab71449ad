-- The city's departments as systems that send us data (decision 028), and the 12345 hotline's
-- work orders in bulk: the mapping of the hotline's categories to our scenarios, and every
-- file posted or uploaded with its report. Which hotline id became which case is kept by the
-- cases' idempotency keys (scope 'hotline': the city has one hotline), so an order is a case once.

create table departments (
  code           text primary key,
  name           text not null,
  name_en        text not null,
  grants         text[] not null default '{}',
  -- sha256 of the API key (32 random bytes: no slow hash needed), its first characters shown
  key_hash       text unique,
  key_hint       text,
  key_issued_at  timestamptz,
  disabled       boolean not null default false,
  created_by     uuid references accounts (id),
  created_at     timestamptz not null default now()
);

create table hotline_categories (
  category       text primary key,
  scenario_code  text not null,
  attributes     jsonb not null default '{}',
  updated_by     uuid references accounts (id),
  updated_at     timestamptz not null default now()
);

create table hotline_imports (
  id               uuid primary key,
  via              text not null check (via in ('api', 'upload')),
  department_code  text references departments (code),
  account_id       uuid references accounts (id),
  file_name        text not null,
  format           text not null check (format in ('csv', 'jsonl')),
  outcome          text not null check (outcome in ('imported', 'refused')),
  rows_read        integer not null default 0,
  created          integer not null default 0,
  duplicates       integer not null default 0,
  -- { changed: [ids], unmapped: [{category, rows, hotlineIds}], unplaced: {rows, hotlineIds},
  --   problems: {list, count} }
  report           jsonb not null default '{}',
  created_at       timestamptz not null default now(),
  finished_at      timestamptz
);
create index hotline_imports_newest_idx on hotline_imports (created_at desc);
