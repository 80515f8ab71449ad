-- Daily logs (隔离日志 / 志愿者日志 / 工作日志): what quarantine staff, volunteers and committee
-- staff did today, posted to their committee for its verified residents to read, praise and
-- comment on (the discussion module's subject 'daily_log'; photos are the media module's
-- attachments, owner type 'daily_log'). The body is stored as published: ID and mobile
-- numbers already masked. Ids of other modules' rows (accounts) carry no foreign keys.
create table daily_logs (
  id uuid primary key,
  committee_code text not null,
  area_path text not null,          -- the committee's path in the area tree
  kind text not null check (kind in ('quarantine', 'volunteer', 'work')),
  body text not null,
  author_id uuid not null,
  -- what the author posted as: 'committee' (committee staff) or the kind they were appointed for
  badge text not null check (badge in ('committee', 'quarantine', 'volunteer', 'work')),
  -- moderation: 'hidden' after three reports until a moderator decides, 'removed' by one
  visibility text not null default 'visible' check (visibility in ('visible', 'hidden', 'removed')),
  created_at timestamptz not null default now()
);
-- a committee's logs newest first, with or without a kind (keyset paging on created_at, id)
create index daily_logs_committee_idx on daily_logs (committee_code, created_at desc, id desc);
create index daily_logs_committee_kind_idx
  on daily_logs (committee_code, kind, created_at desc, id desc);

-- The accounts a committee's staff appointed to post one kind of log there (usually verified
-- residents of the committee); appointing and removing are audited.
create table daily_log_authors (
  id uuid primary key,
  committee_code text not null,
  area_path text not null,          -- the committee's path
  account_id uuid not null,
  kind text not null check (kind in ('quarantine', 'volunteer', 'work')),
  appointed_by uuid,
  appointed_at timestamptz not null default now(),
  unique (committee_code, account_id, kind)
);
create index daily_log_authors_account_idx on daily_log_authors (account_id);
