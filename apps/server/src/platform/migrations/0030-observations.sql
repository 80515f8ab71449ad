-- Home health observation (居家健康观察, issue 22): opened when a declaration matches a key
-- region; the person checks in daily from an SMS link, or staff enter a check-in after a call or
-- a visit; a fever, a symptom or a missed check-in files a case. The person's name and phone are
-- the module's own sealed copy (encrypted under the data key, a keyed hash of the phone, masked
-- forms); the check-in link's token is kept only as a keyed hash (and encrypted, so that a key
-- rotation can recompute the hash). Ids of other modules' rows (declarations, areas, rooms,
-- accounts, cases) carry no foreign keys.

create table observations (
  id              uuid primary key,
  -- one observation per declaration, however often the event is delivered
  declaration_id  uuid unique,
  committee_code  text not null,
  compound_code   text not null,
  -- the compound's path: scope, and where the board's figures go
  area_path       text not null,
  room_id         text,
  room_label      text not null,
  name_enc        text not null,
  name_masked     text not null,
  phone_enc       text not null,
  phone_hmac      text not null,
  phone_masked    text not null,
  token_hmac      text not null unique,
  token_enc       text not null,
  region_code     text not null,
  region_name     text not null,
  level           text not null check (level in ('high', 'medium')),
  start_date      date not null,
  end_date        date not null check (end_date >= start_date),
  state           text not null default 'active' check (state in ('active', 'ended')),
  -- the Shanghai day it ended (retention counts from it), why, and who ended it (null: the job)
  ended_on        date,
  end_reason      text check (end_reason in ('completed', 'moved', 'hospital', 'other')),
  ended_by        uuid,
  -- the numbers of the cases filed for it, oldest first
  case_numbers    text[] not null default '{}',
  created_at      timestamptz not null default now(),
  check ((state = 'ended') = (ended_on is not null))
);
create index observations_committee_idx on observations (committee_code, start_date, id);
create index observations_path_idx on observations (area_path text_pattern_ops);
create index observations_active_idx on observations (end_date) where state = 'active';
-- the retention purge: ended observations by the day they ended
create index observations_ended_idx on observations (ended_on) where state = 'ended';

create table observation_check_ins (
  id              uuid primary key,
  observation_id  uuid not null references observations (id) on delete cascade,
  -- the Shanghai day it counts for
  day             date not null,
  at              timestamptz not null,
  -- tenths of a degree (373 = 37.3 °C): exact, no floating point in the database
  temperature_dc  smallint not null check (temperature_dc between 340 and 430),
  symptoms        text[] not null default '{}',
  abnormal        boolean not null,
  way             text not null check (way in ('self', 'call', 'visit')),
  -- the staff member who entered it (null: the person's own)
  entered_by      uuid,
  note            text not null default ''
);
create index observation_check_ins_day_idx on observation_check_ins (observation_id, day, at);

-- The observation's recorded steps: opened, a missed check-in and a fever case (each at most
-- once per observation and day: the unique index makes the daily job and a repeated check-in
-- idempotent), ended (once, as is opened). A case step keeps the text its case was filed with, so that filing it again
-- (a retry) sends the same input and finds the same case.
create table observation_steps (
  id              uuid primary key,
  observation_id  uuid not null references observations (id) on delete cascade,
  kind            text not null check (kind in ('opened', 'missed', 'case', 'ended')),
  day             date not null,
  at              timestamptz not null,
  note            text not null default '',
  case_id         uuid,
  case_number     text,
  actor_id        uuid
);
create index observation_steps_obs_idx on observation_steps (observation_id, at);
create unique index observation_steps_once_idx on observation_steps (observation_id, kind, day);
-- the steps whose case is still to be filed (a crash between the step and its case)
create index observation_steps_unfiled_idx on observation_steps (day)
  where case_id is null and kind in ('missed', 'case');
