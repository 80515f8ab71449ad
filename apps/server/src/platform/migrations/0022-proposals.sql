-- Residents' proposals (众议院): a verified resident proposes to the committee, neighbours support
-- and follow; at the threshold (snapshotted at submission) the committee owes a public answer by a
-- deadline. Counts are kept on the row: lists never count.
create table proposals (
  id uuid primary key,
  committee_code text not null,
  -- the committee's area path (who reads it) and the street above it (bounds, escalation)
  area_path text not null,
  street_code text,
  author_id uuid not null,
  author_name_masked text not null,
  title text not null,
  body text not null,
  category text not null,
  place_lng double precision,
  place_lat double precision,
  photo_count integer not null default 0,
  -- open → awaiting_answer → accepted (→ done) | meeting | case | declined; open → withdrawn
  state text not null,
  -- 'visible' | 'hidden' | 'removed' (moderation)
  visibility text not null default 'visible',
  support_count integer not null default 0,
  follower_count integer not null default 0,
  threshold integer not null,
  answer_days integer not null,
  threshold_reached_at timestamptz,
  due_at timestamptz,
  escalation_level integer not null default 0,
  answer_kind text,
  answer_text text,
  answer_at timestamptz,
  answer_by uuid,
  answer_by_name text,
  done_by text,
  progress integer,
  done_at timestamptz,
  meeting_id uuid,
  meeting_item_id uuid,
  case_id uuid,
  case_number text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  last_activity_at timestamptz not null default now(),
  constraint proposals_support_count check (support_count >= 0),
  constraint proposals_follower_count check (follower_count >= 0)
);
-- a committee's list (all, or by state), newest activity first, keyset on (last_activity_at, id)
create index proposals_committee on proposals (committee_code, last_activity_at desc, id desc);
create index proposals_committee_state
  on proposals (committee_code, state, last_activity_at desc, id desc);
create index proposals_street on proposals (street_code, last_activity_at desc, id desc);
create index proposals_area on proposals (area_path text_pattern_ops);
create index proposals_author on proposals (author_id, created_at desc);

-- one support per account and proposal; the author's is the first
create table proposal_supports (
  proposal_id uuid not null references proposals (id),
  account_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (proposal_id, account_id)
);

create table proposal_follows (
  proposal_id uuid not null references proposals (id),
  account_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (proposal_id, account_id)
);

-- the public timeline; progress updates are its 'update' events
create table proposal_events (
  id uuid primary key,
  proposal_id uuid not null references proposals (id),
  at timestamptz not null default now(),
  actor_id uuid,
  actor_name text not null,
  action text not null,
  from_state text,
  to_state text,
  message text,
  detail jsonb
);
create index proposal_events_proposal on proposal_events (proposal_id, at, id);

-- a committee's threshold (within its street's bounds)
create table proposal_committee_settings (
  committee_code text primary key,
  min_supports integer not null,
  household_percent double precision not null,
  updated_by uuid,
  updated_at timestamptz not null default now()
);

-- a street's bounds on its committees' thresholds, and the days a committee has to answer
create table proposal_street_settings (
  street_code text primary key,
  min_supports_floor integer not null,
  min_supports_ceiling integer not null,
  percent_floor double precision not null,
  percent_ceiling double precision not null,
  answer_days integer not null,
  updated_by uuid,
  updated_at timestamptz not null default now()
);
