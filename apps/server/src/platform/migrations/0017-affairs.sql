-- Online affairs (办事): residents' requests to their committee and each request's timeline.
-- The catalogue of services is shipped data (data/affairs/services.json), not a table.
create sequence affair_number_seq;

create table affair_requests (
  id uuid primary key,
  number text not null unique,
  service_code text not null,
  state text not null,
  account_id uuid not null,
  -- the applicant's name as the account gives it: encrypted, shown masked
  applicant_name_enc text not null,
  applicant_name_masked text not null,
  -- the verified home when filed (registry ids; no foreign keys across modules)
  resident_id uuid,
  room_id uuid,
  committee_code text not null,
  compound_code text not null,
  -- the home's area path (the compound's): who may see the request
  area_path text not null,
  -- the form's answers, a JSON object, encrypted under the data key
  answers_enc text not null,
  -- attachment ids by the service's attachment code
  attachments jsonb not null default '{}',
  pending_question text,
  case_id uuid,
  case_number text,
  certificate_id uuid,
  certificate_code text,
  due_at timestamptz not null,
  escalation_level integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  closed_at timestamptz
);
create index affair_requests_area on affair_requests (area_path text_pattern_ops, state, due_at);
create index affair_requests_account on affair_requests (account_id, created_at desc);

create table affair_events (
  id uuid primary key,
  request_id uuid not null references affair_requests (id),
  at timestamptz not null default now(),
  actor_id uuid,
  actor_name text not null,
  action text not null,
  from_state text,
  to_state text,
  message text,
  detail jsonb
);
create index affair_events_request on affair_events (request_id, at);
