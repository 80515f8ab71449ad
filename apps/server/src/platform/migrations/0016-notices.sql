-- Notices (通知公告) and media attachments. A notice is aimed at areas and buildings; when it is
-- published its target is resolved once against the verified residents (resident_links) and
-- stored as one recipient row per account, written by jobs in batches (decision 014). Ids of
-- other modules' rows (accounts, buildings, photos) carry no foreign keys.

create table notices (
  id              uuid primary key,
  author_id       uuid not null,
  -- the author's area that publishes it (the binding that reaches every target)
  area_code       text not null,
  area_path       text not null,
  publisher       text not null,
  title           text not null,
  -- stored verbatim; clients render it as a safe Markdown subset, never as HTML
  body            text not null,
  photo_ids       uuid[] not null default '{}',
  -- what the author chose, and the same resolved: area paths and building ids
  target_codes    text[] not null default '{}',
  target_paths    text[] not null default '{}',
  target_building_ids uuid[] not null default '{}',
  status          text not null check (status in ('draft', 'scheduled', 'published', 'withdrawn')),
  publish_at      timestamptz,
  published_at    timestamptz,
  expires_at      timestamptz,
  pinned          boolean not null default false,
  urgent          boolean not null default false,
  -- the fan-out: 'none' before publishing, 'running' while jobs write recipients, 'done'
  fanout          text not null default 'none' check (fanout in ('none', 'running', 'done')),
  -- exact counters, kept with the recipient rows they count (same statements)
  recipient_count integer not null default 0,
  read_count      integer not null default 0,
  created_at      timestamptz not null default now(),
  updated_at      timestamptz not null default now(),
  withdrawn_at    timestamptz
);
create index notices_area_idx on notices (area_path text_pattern_ops, created_at desc);
-- a newly verified resident: the live notices aimed at an ancestor of their area or their building
create index notices_target_paths_idx on notices using gin (target_paths);
create index notices_target_buildings_idx on notices using gin (target_building_ids);

-- One row per recipient: the feed is an index range over (account_id, pinned, published_at).
create table notice_recipients (
  account_id   uuid not null,
  notice_id    uuid not null references notices (id),
  building_id  uuid not null,
  pinned       boolean not null,
  published_at timestamptz not null,
  expires_at   timestamptz,
  read_at      timestamptz,
  -- the resident's link was revoked (moved out): no longer shown; counts keep the publish-time target
  hidden       boolean not null default false,
  primary key (account_id, notice_id)
);
create index notice_recipients_feed_idx on notice_recipients
  (account_id, pinned desc, published_at desc, notice_id desc);

-- Per building: how many were targeted and how many have read (exact, updated with the rows).
create table notice_building_counts (
  notice_id   uuid not null references notices (id),
  building_id uuid not null,
  targeted    integer not null default 0,
  read        integer not null default 0,
  primary key (notice_id, building_id)
);

-- The urgent texts of a notice, one row per batch sent to the outbox: a batch job run twice
-- finds its row and sends nothing again.
create table notice_sms_batches (
  notice_id  uuid not null references notices (id),
  batch      text not null,
  texts      integer not null,
  created_at timestamptz not null default now(),
  primary key (notice_id, batch)
);

-- Attachments (PDF, DOCX, XLSX, JPEG, PNG), kept as uploaded (images re-encoded without
-- metadata) under files/attachments/; owned by some object of another module once attached.
create table attachments (
  id          uuid primary key,
  uploaded_by uuid not null,
  file_name   text not null,
  kind        text not null check (kind in ('pdf', 'docx', 'xlsx', 'jpeg', 'png')),
  bytes       integer not null check (bytes > 0),
  sha256      text not null,
  owner_type  text,
  owner_id    uuid,
  created_at  timestamptz not null default now()
);
create index attachments_owner_idx on attachments (owner_type, owner_id);
create index attachments_unattached_idx on attachments (created_at) where owner_id is null;
create index attachments_uploaded_by_idx on attachments (uploaded_by, created_at);

-- Photos may belong to another object than a case (a notice's images).
alter table photos add column owner_type text;
alter table photos add column owner_id uuid;
create index photos_owner_idx on photos (owner_type, owner_id);
