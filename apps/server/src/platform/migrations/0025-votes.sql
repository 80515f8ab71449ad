-- Owners' votes and consents (业主表决, decision 019). A vote's electorate is frozen when it
-- opens: its rooms (vote_units) grouped into heads (vote_heads: one buyer of several units
-- once, the developer once) with their registered areas in hundredths of a m², and the owner
-- keys that may vote for each head (vote_voters, for "my votes"). One standing ballot per head
-- (vote_ballots); every ballot ever cast, replacements included, is an entry of the vote's
-- hash chain (vote_ballot_chain). Campaign visits (vote_visits) record who went to see whom.

create table votes (
  id               uuid primary key,
  committee_code   text not null,
  -- the electorate's area (its compound's path): scope for staff and residents
  area_path        text not null,
  title            text not null,
  body             text not null,
  electorate_kind  text not null check (electorate_kind in ('unit', 'building', 'compound', 'list')),
  -- {buildingId, unit} | {buildingId} | {compoundCode} | {roomIds}
  electorate_ref   jsonb not null,
  electorate_label text not null,
  -- the rule, frozen on the vote (VoteRuleView)
  rule             jsonb not null,
  rule_code        text not null,
  opens_at         timestamptz not null,
  closes_at        timestamptz not null check (closes_at > opens_at),
  allow_change     boolean not null,
  state            text not null default 'draft'
                     check (state in ('draft', 'open', 'closed', 'published', 'cancelled')),
  subject_type     text,
  subject_id       uuid,
  -- frozen at open
  heads            integer,
  units            integer,
  area             bigint,
  -- the chain's length and head (the newest entry's hash)
  ballots          integer not null default 0,
  chain_seq        integer not null default 0,
  chain_head       text,
  -- the final tally (VoteTally) at close
  result           jsonb,
  passed           boolean,
  created_by       uuid not null,
  created_at       timestamptz not null default now(),
  opened_at        timestamptz,
  closed_at        timestamptz,
  published_at     timestamptz,
  cancelled_at     timestamptz,
  cancel_reason    text,
  check ((subject_type is null) = (subject_id is null))
);
create index votes_committee_idx on votes (committee_code, created_at desc, id desc);
create index votes_area_idx on votes (area_path text_pattern_ops, created_at desc);
create index votes_subject_idx on votes (subject_type, subject_id) where subject_type is not null;
create index votes_open_idx on votes (closes_at) where state = 'open';

create table vote_units (
  vote_id      uuid not null references votes (id) on delete cascade,
  room_id      uuid not null,
  head_no      integer not null,
  -- "3号楼 1单元 502"
  label        text not null,
  building_id  uuid not null,
  unit         text not null,
  floor        smallint,
  -- hundredths of a m²
  area         integer not null check (area > 0),
  position     integer not null,
  primary key (vote_id, room_id)
);
create index vote_units_head_idx on vote_units (vote_id, head_no, position);
-- a resident's votes by their home room (a tenant reads the staircase's vote)
create index vote_units_room_idx on vote_units (room_id);

create table vote_heads (
  vote_id    uuid not null references votes (id) on delete cascade,
  head_no    integer not null,
  developer  boolean not null,
  units      integer not null,
  area       bigint not null,
  primary key (vote_id, head_no)
);

-- which owner key may vote for which head (an owner of rooms in two groups appears twice)
create table vote_voters (
  owner_key  text not null,
  vote_id    uuid not null references votes (id) on delete cascade,
  head_no    integer not null,
  primary key (owner_key, vote_id, head_no)
);
create index vote_voters_vote_idx on vote_voters (vote_id, head_no);

-- the standing ballot of each head
create table vote_ballots (
  vote_id        uuid not null references votes (id) on delete cascade,
  head_no        integer not null,
  choice         text not null check (choice in ('agree', 'disagree', 'abstain')),
  channel        text not null check (channel in ('online', 'paper')),
  -- the account that cast it online, or the staff member who entered the paper ballot
  cast_by        uuid not null,
  -- a paper ballot's photo of the signed sheet (a media attachment owned by the vote)
  attachment_id  uuid,
  note           text,
  seq            integer not null,
  cast_at        timestamptz not null,
  primary key (vote_id, head_no),
  check ((channel = 'paper') = (attachment_id is not null))
);
create index vote_ballots_choice_idx on vote_ballots (vote_id, choice, head_no);

create table vote_ballot_chain (
  vote_id    uuid not null references votes (id) on delete cascade,
  seq        integer not null,
  head_no    integer not null,
  choice     text not null,
  channel    text not null,
  cast_at    timestamptz not null,
  prev_hash  text not null,
  hash       text not null,
  primary key (vote_id, seq)
);

create table vote_visits (
  id           uuid primary key,
  vote_id      uuid not null references votes (id) on delete cascade,
  head_no      integer not null,
  assignee_id  uuid not null,
  assigned_by  uuid not null,
  assigned_at  timestamptz not null default now(),
  outcome      text check (outcome in ('will_vote', 'voted_paper', 'still_against', 'not_home', 'refused')),
  note         text,
  visited_at   timestamptz
);
create index vote_visits_head_idx on vote_visits (vote_id, head_no, assigned_at desc);
create index vote_visits_assignee_idx on vote_visits (assignee_id, assigned_at desc);
