-- Consultations (征询): questionnaires put to the verified residents of a committee, grid or
-- compound. Anonymous ones keep no link between an account and its answers: who has answered
-- (one answer per account) is a separate table with no response id and no time.
create table consultations (
  id uuid primary key,
  title text not null,
  description text not null default '',
  -- the target area (a committee, grid or compound) and its path (who reads, who answers)
  area_code text not null,
  area_path text not null,
  is_anonymous boolean not null,
  -- 'draft' | 'published' (scheduled / open / closed follow from the times)
  state text not null,
  opens_at timestamptz,
  closes_at timestamptz not null,
  -- the questions as the contract's ConsultationQuestion[]; fixed once published
  questions jsonb not null,
  question_count integer not null,
  has_map_question boolean not null default false,
  author_id uuid not null,
  author_name text not null,
  response_count integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  published_at timestamptz,
  constraint consultations_response_count check (response_count >= 0)
);
-- staff's list: by area path prefix, newest first (keyset on created_at, id)
create index consultations_area on consultations (area_path text_pattern_ops, created_at desc, id desc);
-- residents' list: the published consultations of the areas on their home's chain
create index consultations_target on consultations (area_code, state, created_at desc, id desc);

-- One answer per account: for a named consultation the response carries the account too; for
-- an anonymous one this table alone knows who answered, and not what or when.
create table consultation_participants (
  consultation_id uuid not null references consultations (id),
  account_id uuid not null,
  primary key (consultation_id, account_id)
);

create table consultation_responses (
  id uuid primary key,
  consultation_id uuid not null references consultations (id),
  -- named consultations only; null (both) when anonymous
  account_id uuid,
  respondent_name_masked text,
  submitted_at timestamptz,
  constraint consultation_responses_anonymous
    check ((account_id is null) = (respondent_name_masked is null))
);
create index consultation_responses_consultation on consultation_responses (consultation_id, id);

-- One row per answered question (per ticked option for multiple choice): the export and the
-- free texts read it; results never scan it. No column orders or times the rows (a random
-- key, no sequence, no timestamp): an anonymous answer cannot be lined up with the
-- participants by when it came (docs/decisions/018-anonymous-consultations.md).
create table consultation_answers (
  id uuid primary key default gen_random_uuid(),
  consultation_id uuid not null references consultations (id),
  response_id uuid not null references consultation_responses (id),
  question_id text not null,
  option_id text,
  value integer,
  text text,
  lng double precision,
  lat double precision
);
create index consultation_answers_response on consultation_answers (consultation_id, response_id);
-- the free texts shown with the results, in the order of their random keys (not as they came)
create index consultation_answers_texts
  on consultation_answers (consultation_id, question_id, id) where text is not null;

-- Counts kept as answers come in, so results are a few rows whatever the number of answers:
-- per question `*` (answered), each option `o1…` and each scale value `v1…`. Spread over a few
-- shards (the answer's random shard) so that residents answering at once rarely wait on one row.
create table consultation_tallies (
  consultation_id uuid not null references consultations (id),
  question_id text not null,
  key text not null,
  shard smallint not null,
  count integer not null,
  primary key (consultation_id, question_id, key, shard)
);

-- Pins gathered into cells of 1e-4 degrees (about 10 m), counted as they come: the heat map.
create table consultation_pin_cells (
  consultation_id uuid not null references consultations (id),
  question_id text not null,
  cell_lng integer not null,
  cell_lat integer not null,
  count integer not null,
  primary key (consultation_id, question_id, cell_lng, cell_lat)
);
