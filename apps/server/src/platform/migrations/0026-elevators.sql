-- Adding elevators to existing multi-storey housing (加装电梯): one project per staircase, its
-- stages with dates, notes and documents, the cost shared by floor, volunteers, and the streets'
-- yearly targets.
create table elevator_projects (
  id uuid primary key,
  committee_code text not null,
  street_code text not null,
  district_code text not null,
  -- the building's compound path: who may see and run it
  area_path text not null,
  building_id uuid not null,
  -- copied from the registry when the project is made (the board reads no other table)
  building_name text not null,
  unit text not null,
  lng double precision,
  lat double precision,
  title text not null,
  -- consultation → owners_vote → design_notice → approval → construction → acceptance → in_service
  stage text not null,
  -- the year it should be in service (counted against that year's target)
  target_year integer,
  -- the latest published owners' vote about it, and its outcome
  vote_id uuid,
  vote_passed boolean,
  vote_published_at timestamptz,
  -- the day it went into service (the in_service stage's actual date, or the day it got there)
  in_service_on date,
  -- the cost shared by floor: the preset picked and the total in fen
  cost_preset text,
  cost_total_fen bigint check (cost_total_fen >= 0),
  cost_floors integer,
  cost_set_at timestamptz,
  created_by uuid not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- one project per staircase
create unique index elevator_projects_staircase on elevator_projects (building_id, unit);
create index elevator_projects_area on elevator_projects (area_path text_pattern_ops, created_at, id);
create index elevator_projects_committee on elevator_projects (committee_code, created_at, id);
create index elevator_projects_street on elevator_projects (street_code, stage);

-- Every stage of a project (all seven made with it): planned and actual dates, a note; its
-- documents are media attachments of owner type 'elevator_stage' and this row's id.
create table elevator_stages (
  id uuid primary key,
  project_id uuid not null references elevator_projects (id),
  stage text not null,
  position smallint not null,
  planned_on date,
  actual_on date,
  note text,
  -- when the project reached this stage (null: not yet)
  entered_at timestamptz,
  updated_at timestamptz not null default now(),
  unique (project_id, stage)
);

-- Each room's share of the cost (computed when staff set the cost; they add up to the total).
create table elevator_cost_shares (
  project_id uuid not null references elevator_projects (id),
  room_id uuid not null,
  position integer not null,
  label text not null,
  floor integer not null,
  weight integer not null,
  share_fen bigint not null check (share_fen >= 0),
  primary key (project_id, room_id)
);

-- Volunteers (楼道志愿者 "爬楼志愿者"): the committee's staff or verified residents of it.
create table elevator_volunteers (
  project_id uuid not null references elevator_projects (id),
  account_id uuid not null,
  kind text not null,
  added_by uuid not null,
  added_at timestamptz not null default now(),
  primary key (project_id, account_id)
);

-- A street's target for a year: elevators to put in service.
create table elevator_targets (
  street_code text not null,
  year integer not null,
  -- the street's path (who may read it)
  area_path text not null,
  target integer not null check (target >= 0),
  set_by uuid not null,
  set_at timestamptz not null default now(),
  primary key (street_code, year)
);
