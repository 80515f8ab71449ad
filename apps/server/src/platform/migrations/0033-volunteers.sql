-- Volunteers (志愿者): profiles, teams, activities with shifts and roles, sign-ups with a
-- waitlist, attendance, the append-only ledger of service hours, and tasks sent from a case or a
-- board. Ids of other modules' rows (accounts, cases, certificates) carry no foreign keys.

-- The skills dictionary: shipped entries (data/volunteers/skills.json) loaded at first start,
-- staff add more.
create table volunteer_skills (
  code text primary key,
  name text not null,
  name_en text not null,
  created_by uuid,
  created_at timestamptz not null default now()
);

-- A volunteer: a verified resident's account, or a person staff registered without one.
create table volunteers (
  id uuid primary key,
  account_id uuid unique,            -- null: registered by staff, no account
  name_enc text not null,
  name_masked text not null,
  phone_enc text,
  phone_hmac text,
  phone_masked text,
  committee_code text not null,      -- where they are registered
  area_path text not null,           -- that committee's path
  serve_codes text[] not null,       -- committees or compounds where they serve
  skills text[] not null default '{}',
  -- 28 characters '0'/'1': day (Monday first) × period (night, morning, afternoon, evening)
  availability text not null check (availability ~ '^[01]{28}$'),
  lat double precision not null,
  lng double precision not null,
  -- the 0.01° grid square of (lat, lng): floor((lat + 90) * 100) * 100000 + floor((lng + 180) * 100)
  cell bigint not null,
  status text not null default 'active' check (status in ('active', 'left')),
  total_minutes integer not null default 0,   -- the ledger's sum, kept in its transaction
  last_served_on date,               -- the newest day with confirmed hours (active volunteers)
  joined_at timestamptz not null default now(),
  registered_by uuid
);
create index volunteers_area_idx on volunteers (area_path text_pattern_ops, joined_at desc, id);
create index volunteers_phone_idx on volunteers (phone_hmac);
-- the daily active decay: the registered whose newest service left the window (read under its lock)
create index volunteers_last_served_idx on volunteers (last_served_on) where status = 'active';

-- (skill, grid square) → volunteer: "near this point with this skill" reads a few squares of
-- this index alone (decision 021). Skill '' holds every active volunteer once (no skill asked);
-- the row carries what the search filters on, so the search never visits the volunteers' rows.
create table volunteer_skill_cells (
  skill text not null,
  cell bigint not null,
  volunteer_id uuid not null references volunteers (id) on delete cascade,
  lat double precision not null,
  lng double precision not null,
  availability text not null,
  area_path text not null,
  primary key (skill, cell, volunteer_id) include (lat, lng, availability, area_path)
);
create index volunteer_skill_cells_volunteer_idx on volunteer_skill_cells (volunteer_id);

create table volunteer_teams (
  id uuid primary key,
  committee_code text not null,
  area_path text not null,
  name text not null,
  kind text not null check (kind in ('building', 'safety', 'elevator', 'epidemic', 'garbage', 'other')),
  created_by uuid,
  created_at timestamptz not null default now(),
  unique (committee_code, name)
);
create index volunteer_teams_area_idx on volunteer_teams (area_path text_pattern_ops);

create table volunteer_team_members (
  team_id uuid not null references volunteer_teams (id) on delete cascade,
  volunteer_id uuid not null references volunteers (id),
  role text not null check (role in ('leader', 'member')),
  joined_at timestamptz not null default now(),
  primary key (team_id, volunteer_id)
);
create index volunteer_team_members_volunteer_idx on volunteer_team_members (volunteer_id);

create table volunteer_activities (
  id uuid primary key,
  area_code text not null,           -- the committee (or street) that runs it
  area_path text not null,
  kind text not null check (kind in ('service', 'event')),
  category text not null,
  title text not null,
  description text not null,
  place text not null,
  lat double precision not null,
  lng double precision not null,
  radius_m integer not null check (radius_m between 20 and 2000),
  open_to text not null check (open_to in ('volunteers', 'team', 'residents')),
  team_id uuid references volunteer_teams (id),
  remind_minutes integer not null default 120,
  status text not null default 'published' check (status in ('published', 'cancelled')),
  cancel_reason text,
  code_secret_enc text not null,     -- the rotating check-in code's secret, under the data key
  starts_at timestamptz not null,    -- its first shift's start
  ends_at timestamptz not null,      -- its last shift's end
  organiser_id uuid not null,
  created_at timestamptz not null default now(),
  check (ends_at > starts_at)
);
create index volunteer_activities_area_idx
  on volunteer_activities (area_path text_pattern_ops, starts_at desc, id);
create index volunteer_activities_ends_idx on volunteer_activities (ends_at);

create table volunteer_shifts (
  id uuid primary key,
  activity_id uuid not null references volunteer_activities (id),
  title text not null,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  reminded_at timestamptz,           -- claimed by its reminder job: the shift is reminded once
  check (ends_at > starts_at)
);
create index volunteer_shifts_activity_idx on volunteer_shifts (activity_id, starts_at);

-- A role of a shift (测温, 登记, 引导 …) with its own capacity: the unit a sign-up locks.
create table volunteer_shift_roles (
  id uuid primary key,
  shift_id uuid not null references volunteer_shifts (id),
  activity_id uuid not null references volunteer_activities (id),
  name text not null,
  capacity integer not null check (capacity > 0),
  confirmed integer not null default 0 check (confirmed >= 0 and confirmed <= capacity),
  position integer not null,
  unique (shift_id, name)
);
create index volunteer_shift_roles_shift_idx on volunteer_shift_roles (shift_id, position);

create table volunteer_signups (
  id uuid primary key,
  seq bigint generated always as identity, -- the order of sign-ups: the waitlist's order
  activity_id uuid not null references volunteer_activities (id),
  shift_id uuid not null references volunteer_shifts (id),
  role_id uuid not null references volunteer_shift_roles (id),
  volunteer_id uuid references volunteers (id), -- a volunteer (always for a service activity)
  account_id uuid,                   -- a resident without a volunteer profile (events)
  name_masked text not null,
  starts_at timestamptz not null,    -- the shift's, for the overlap check
  ends_at timestamptz not null,
  status text not null check (status in ('confirmed', 'waitlisted', 'cancelled')),
  checked_in_at timestamptz,
  check_in_method text check (check_in_method in ('code', 'position', 'organiser', 'auto')),
  checked_out_at timestamptz,
  check_out_method text check (check_out_method in ('code', 'position', 'organiser', 'auto')),
  minutes integer check (minutes >= 0),  -- credited at check-out, capped by the shift
  code_misses integer not null default 0, -- wrong check-in codes sent (guessing is stopped)
  confirmed_at timestamptz,
  confirmed_by uuid,
  created_at timestamptz not null default now(),
  cancelled_at timestamptz,
  check (volunteer_id is not null or account_id is not null),
  check (checked_out_at is null or checked_in_at is not null)
);
-- one live sign-up per person and shift
create unique index volunteer_signups_volunteer_shift_idx
  on volunteer_signups (shift_id, volunteer_id) where status <> 'cancelled' and volunteer_id is not null;
create unique index volunteer_signups_account_shift_idx
  on volunteer_signups (shift_id, account_id) where status <> 'cancelled' and account_id is not null;
create index volunteer_signups_role_idx on volunteer_signups (role_id, status, seq);
-- a shift's confirmed sign-ups (its reminder)
create index volunteer_signups_shift_status_idx on volunteer_signups (shift_id, status);
create index volunteer_signups_activity_idx on volunteer_signups (activity_id, seq);
create index volunteer_signups_volunteer_idx on volunteer_signups (volunteer_id, starts_at desc);
create index volunteer_signups_account_idx on volunteer_signups (account_id, starts_at desc);
-- who is checked in and not out (on duty now; the auto check-out job)
create index volunteer_signups_on_duty_idx on volunteer_signups (ends_at)
  where checked_in_at is not null and checked_out_at is null;

-- Tasks an operator sends from a case or a board: one row per volunteer.
create table volunteer_tasks (
  id uuid primary key,
  case_id uuid,
  case_number text,
  title text not null,
  note text,
  place text,
  lat double precision not null,
  lng double precision not null,
  area_path text not null,           -- the place's area (scope of the operator who sent it)
  skill text,
  volunteer_id uuid not null references volunteers (id),
  status text not null check (status in ('sent', 'accepted', 'declined', 'done', 'cancelled')),
  sent_by uuid not null,
  sent_by_name text not null,
  sent_at timestamptz not null default now(),
  answered_at timestamptz,
  done_at timestamptz,
  decline_reason text,
  confirmed_at timestamptz,
  confirmed_by uuid
);
create index volunteer_tasks_case_idx on volunteer_tasks (case_id, sent_at) where case_id is not null;
create index volunteer_tasks_volunteer_idx on volunteer_tasks (volunteer_id, sent_at desc);
create index volunteer_tasks_area_idx on volunteer_tasks (area_path text_pattern_ops, sent_at desc);
-- on duty now: accepted and not yet done
create index volunteer_tasks_on_duty_idx on volunteer_tasks (volunteer_id) where status = 'accepted';

-- The ledger of service hours: append-only (a correction is a new entry). A credit covers an
-- interval of service; the minutes credited leave out any part of it already credited to the
-- same volunteer, so an overlap is never counted twice.
create table volunteer_hours (
  id bigint generated always as identity primary key,
  volunteer_id uuid not null references volunteers (id),
  kind text not null check (kind in ('credit', 'correction')),
  category text not null,
  minutes integer not null,
  from_at timestamptz not null,
  to_at timestamptz not null,
  year integer not null,             -- Shanghai year of from_at
  signup_id uuid references volunteer_signups (id),
  task_id uuid references volunteer_tasks (id),
  corrects bigint references volunteer_hours (id),
  title text not null,
  note text,
  committee_code text not null,      -- the volunteer's, at the time
  area_path text not null,
  team_ids uuid[] not null default '{}', -- the volunteer's teams at the time (team ranking)
  by_account uuid,
  at timestamptz not null default now(),
  check (to_at >= from_at),
  check (kind = 'credit' and minutes >= 0 and corrects is null or kind = 'correction' and corrects is not null)
);
-- one credit per sign-up and per task
create unique index volunteer_hours_signup_credit_idx on volunteer_hours (signup_id) where kind = 'credit';
create unique index volunteer_hours_task_credit_idx on volunteer_hours (task_id) where kind = 'credit';
create index volunteer_hours_volunteer_idx on volunteer_hours (volunteer_id, id desc);
create index volunteer_hours_area_year_idx on volunteer_hours (area_path text_pattern_ops, year);
-- a credit's corrections (its net)
create index volunteer_hours_corrects_idx on volunteer_hours (corrects) where corrects is not null;

-- The days whose active volunteers were counted down (volunteers whose newest service fell out
-- of the 365-day window that day): once per day, however often its job runs.
create table volunteer_active_decays (
  day date primary key,
  volunteers integer not null,
  decayed_at timestamptz not null default now()
);
