-- Property management, "1 + 3" (物业, issue 21 point 7): per compound its property company
-- (one row per unified social credit code, shared by the compounds it manages, so figures can
-- be by company), its owners' committee (业委会) and its property fee (物业费) per use, with the
-- history of fees; a fee change is decided by an owners' vote (the votes module's subject
-- 'property_fee'). Ids of other modules' rows (areas, votes, accounts) carry no foreign keys.

create table property_companies (
  id            uuid primary key,
  -- 统一社会信用代码 (checked, upper case)
  uscc          text not null unique,
  name          text not null,
  service_phone text not null,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now()
);

-- one row per compound with anything on record
create table property_compounds (
  compound_code  text primary key,
  committee_code text not null,
  -- the compound's area path: scope
  area_path      text not null,
  company_id     uuid references property_companies (id),
  contract_start date,
  contract_end   date,
  updated_by     uuid,
  updated_at     timestamptz not null default now(),
  check ((company_id is null) = (contract_start is null)),
  check (contract_end >= contract_start)
);
create index property_compounds_path_idx on property_compounds (area_path text_pattern_ops);
create index property_compounds_company_idx on property_compounds (company_id);

create table owners_committee_members (
  compound_code text not null references property_compounds (compound_code),
  position      smallint not null,
  name          text not null,
  role          text not null check (role in ('director', 'deputy_director', 'member')),
  term_start    date not null,
  term_end      date not null check (term_end >= term_start),
  primary key (compound_code, position)
);

-- a fee change put to the owners
create table property_fee_changes (
  id             uuid primary key,
  compound_code  text not null references property_compounds (compound_code),
  committee_code text not null,
  area_path      text not null,
  -- [{use, fen}]
  fees           jsonb not null,
  previous       jsonb not null,
  effective_from date not null,
  reason         text not null,
  state          text not null default 'proposed' check (state in ('proposed', 'approved', 'rejected')),
  vote_id        uuid,
  created_by     uuid not null,
  created_at     timestamptz not null default now(),
  decided_at     timestamptz
);
create index property_fee_changes_compound_idx on property_fee_changes (compound_code, created_at desc);
-- one change awaiting a vote per compound
create unique index property_fee_changes_proposed_idx on property_fee_changes (compound_code)
  where state = 'proposed';

-- the fee history: a use's fee from a date (the newest not after today is in force)
create table property_fees (
  compound_code  text not null references property_compounds (compound_code),
  use            text not null check (use in ('residential', 'commercial')),
  effective_from date not null,
  -- fen per m² per month
  fen            integer not null check (fen >= 0),
  change_id      uuid references property_fee_changes (id),
  vote_id        uuid,
  created_at     timestamptz not null default now(),
  primary key (compound_code, use, effective_from)
);
