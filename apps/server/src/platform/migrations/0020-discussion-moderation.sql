-- Comments and praise on any registered subject (a proposal, a building board…) and the
-- moderation of what residents publish (decision 017). Counts live on the rows and move in the
-- writing transaction (x = x + 1), so no list counts rows.

-- one row per subject that has been commented on or praised
create table discussion_threads (
  subject_type text not null,
  subject_id uuid not null,
  comment_count integer not null default 0,
  praise_count integer not null default 0,
  created_at timestamptz not null default now(),
  primary key (subject_type, subject_id)
);

create table discussion_comments (
  id uuid primary key,
  subject_type text not null,
  subject_id uuid not null,
  -- a top-level comment's id for a reply; one level only
  parent_id uuid references discussion_comments (id),
  author_id uuid not null,
  author_name_masked text not null,
  -- plain text, ID and mobile numbers already masked
  body text not null,
  -- 'visible' | 'hidden' | 'removed'
  state text not null default 'visible',
  removed_by_author boolean not null default false,
  praise_count integer not null default 0,
  reply_count integer not null default 0,
  -- where it was written (the subject's, when written): the moderation queue's scope
  area_path text not null,
  committee_code text not null,
  building_id uuid,
  created_at timestamptz not null default now()
);
-- a subject's top-level comments, newest first (keyset on created_at, id)
create index discussion_comments_top on discussion_comments
  (subject_type, subject_id, created_at desc, id desc) where parent_id is null;
-- a comment's replies, oldest first
create index discussion_comments_replies on discussion_comments
  (parent_id, created_at, id) where parent_id is not null;

-- one praise per account and target: a comment ('comment', id) or a subject (its type, id)
create table discussion_praise (
  target_type text not null,
  target_id uuid not null,
  account_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (target_type, target_id, account_id)
);

-- one row per reported (or moderated) post or comment
create table moderation_items (
  target_type text not null,
  target_id uuid not null,
  -- 'reported' | 'hidden' | 'restored' | 'removed'
  state text not null,
  report_count integer not null default 0,
  area_path text not null,
  committee_code text not null,
  building_id uuid,
  author_id uuid not null,
  excerpt text not null,
  link text,
  first_reported_at timestamptz,
  last_reported_at timestamptz,
  hidden_at timestamptz,
  decided_at timestamptz,
  decided_by uuid,
  decided_by_name text,
  decision_reason text,
  -- the queue's order: the last report, or the decision
  sort_at timestamptz not null default now(),
  -- the reporting round: a report after a restore starts a new one (reports count afresh)
  round integer not null default 0,
  primary key (target_type, target_id)
);
-- a page of a committee's queue in one state is one index range (newest first, keyset)
create index moderation_items_committee_queue on moderation_items
  (committee_code, state, sort_at desc, target_type desc, target_id desc);
-- a building's queue (its 楼组长)
create index moderation_items_building_queue on moderation_items
  (building_id, state, sort_at desc, target_type desc, target_id desc)
  where building_id is not null;

create table moderation_reports (
  target_type text not null,
  target_id uuid not null,
  account_id uuid not null,
  reason text not null,
  note text,
  -- the item's round it counts in: one report per account and round
  round integer not null default 0,
  created_at timestamptz not null default now(),
  primary key (target_type, target_id, round, account_id)
);
