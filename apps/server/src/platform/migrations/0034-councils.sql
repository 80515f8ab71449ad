-- Block co-governance (街区共治, decision 022): blocks drawn over a street, shops with their
-- unified social credit code, councils of member organisations with representatives, elections
-- and motions (one member one vote, ballots in a hash chain), the shared fund (fen, append-only,
-- hash-chained), guidelines with expert reviewers and members' applications, offers and needs
-- matched into projects. Ids of other modules' rows (accounts, attachments, meetings) carry no
-- foreign keys.

-- A block (街区): a simple polygon inside one street, over some of its committees and compounds.
create table council_blocks (
  id uuid primary key,
  street_code text not null,
  street_path text not null,
  name text not null,
  frontage text not null default '',
  area_codes text[] not null,
  boundary jsonb not null,            -- GeoJSON Polygon, one closed ring of [lng, lat]
  min_lat double precision not null,  -- its bounding box, for the public map's box query
  max_lat double precision not null,
  min_lng double precision not null,
  max_lng double precision not null,
  created_by uuid not null,
  created_at timestamptz not null default now(),
  unique (street_code, name)
);
create index council_blocks_street_idx on council_blocks (street_path text_pattern_ops);
create index council_blocks_box_idx on council_blocks (min_lng, max_lng);

-- A shop (商户): one per unified social credit code; its contact encrypted and masked.
create table shops (
  id uuid primary key,
  name text not null,
  uscc text not null unique,
  address text not null,
  lat double precision not null,
  lng double precision not null,
  category text not null,
  contact_name_enc text not null,
  contact_name_masked text not null,
  contact_phone_enc text not null,
  contact_phone_masked text not null,
  contact_phone_hmac text not null,
  account_id uuid,                    -- the shop's own account, when it has one
  committee_code text,                -- the committee its point lies in (null: none found)
  area_path text not null,            -- that committee's path (or the deepest area found)
  created_by uuid not null,
  created_at timestamptz not null default now()
);
create index shops_area_idx on shops (area_path text_pattern_ops, created_at desc, id);
create index shops_account_idx on shops (account_id) where account_id is not null;

-- A council: a co-management committee, a merchant alliance or a joint-building platform. It
-- carries its fund's running totals and chain head (the newest entry's), kept in the entry's
-- transaction under this row's lock, so the balance is one row read.
create table councils (
  id uuid primary key,
  block_id uuid not null references council_blocks (id),
  kind text not null check (kind in ('co_management', 'merchant_alliance', 'joint_building')),
  name text not null,
  description text not null default '',
  street_code text not null,
  area_path text not null,            -- the street's path: staff scope
  rules jsonb not null,               -- { expenseApprovals }
  fund_seq integer not null default 0,
  fund_head text,
  balance_fen bigint not null default 0 check (balance_fen >= 0),
  pledged_fen bigint not null default 0,
  contributed_fen bigint not null default 0,
  spent_fen bigint not null default 0,
  pending_fen bigint not null default 0,
  created_by uuid not null,
  created_at timestamptz not null default now(),
  unique (block_id, name)
);
create index councils_area_idx on councils (area_path text_pattern_ops);

-- A member organisation, in its "1 + 3 + X" kind; a merchant is its shop.
create table council_members (
  id uuid primary key,
  council_id uuid not null references councils (id),
  kind text not null,
  name text not null,
  shop_id uuid references shops (id),
  joined_at timestamptz not null default now(),
  left_at timestamptz,
  unique (council_id, shop_id)
);
create index council_members_council_idx on council_members (council_id, joined_at, id);

-- The people who speak for a member: an account represents at most one member of a council.
create table council_representatives (
  council_id uuid not null references councils (id),
  account_id uuid not null,
  member_id uuid not null references council_members (id),
  role text not null check (role in ('chair', 'director', 'secretary', 'member')),
  name_masked text not null,
  added_at timestamptz not null default now(),
  primary key (council_id, account_id)
);
create index council_representatives_account_idx on council_representatives (account_id);
create index council_representatives_member_idx on council_representatives (member_id);

-- Elections (approve up to `seats` candidates) and motions (agree / disagree / abstain under a
-- `weighing: members` rule): the electorate is the members at open, one ballot each.
create table council_votes (
  id uuid primary key,
  council_id uuid not null references councils (id),
  kind text not null check (kind in ('election', 'motion')),
  title text not null,
  body text not null default '',
  meeting_id uuid,
  state text not null default 'draft'
    check (state in ('draft', 'open', 'closed', 'published', 'cancelled')),
  closes_at timestamptz not null,
  seats integer,
  tie_rule text check (tie_rule in ('seniority', 'lot', 'runoff')),
  rule jsonb,                         -- a motion's rule, frozen: { code, name, source, participation, consent }
  electorate integer,
  ballots integer not null default 0,
  agree integer not null default 0,
  disagree integer not null default 0,
  abstain integer not null default 0,
  chain_seq integer not null default 0,
  chain_head text,
  passed boolean,
  runoff integer[] not null default '{}',
  created_by uuid not null,
  created_at timestamptz not null default now(),
  opened_at timestamptz,
  closed_at timestamptz,
  published_at timestamptz
);
create index council_votes_council_idx on council_votes (council_id, created_at desc);
create index council_votes_due_idx on council_votes (closes_at) where state = 'open';

create table council_vote_candidates (
  vote_id uuid not null references council_votes (id),
  no integer not null,
  member_id uuid not null references council_members (id),
  name text not null,
  joined_at timestamptz not null,     -- the member's, for the seniority tie rule
  approvals integer not null default 0,
  elected boolean,
  by_tie_rule boolean not null default false,
  primary key (vote_id, no),
  unique (vote_id, member_id)
);

create table council_vote_voters (
  vote_id uuid not null references council_votes (id),
  member_id uuid not null references council_members (id),
  primary key (vote_id, member_id)
);

-- One ballot per member, never replaced; each an entry of the vote's hash chain.
create table council_ballots (
  vote_id uuid not null references council_votes (id),
  member_id uuid not null references council_members (id),
  seq integer not null,
  choice text check (choice in ('agree', 'disagree', 'abstain')),
  approve integer[],
  cast_by uuid not null,
  cast_at timestamptz not null,
  prev_hash text not null,
  hash text not null,
  primary key (vote_id, member_id),
  unique (vote_id, seq)
);

-- The shared fund: every entry, in order, never changed; each carries the running totals after
-- it and the hash over the previous hash and itself. A correction or a decision is a new entry.
create table council_fund_entries (
  council_id uuid not null references councils (id),
  seq integer not null,
  kind text not null
    check (kind in ('pledge', 'contribution', 'expense', 'approval', 'refusal', 'correction')),
  member_id uuid references council_members (id),
  amount_fen bigint not null,         -- a correction: the change it makes (may be negative)
  refers_to integer,                  -- approval, refusal, correction: the entry it is about
  note text not null,
  receipt_ids uuid[] not null default '{}',
  recorded_by uuid not null,
  recorded_by_name text not null,
  recorded_at timestamptz not null,
  balance_fen bigint not null check (balance_fen >= 0),
  pledged_fen bigint not null,
  contributed_fen bigint not null,
  spent_fen bigint not null,
  prev_hash text not null,
  hash text not null,
  primary key (council_id, seq)
);
-- a member's statement, newest first
create index council_fund_entries_member_idx on council_fund_entries (council_id, member_id, seq desc)
  where member_id is not null;
-- the entries of one kind, newest first (the list's `kind` filter)
create index council_fund_entries_kind_idx on council_fund_entries (council_id, kind, seq desc);
-- the corrections and decisions about an entry (an entry's amount as corrected)
create index council_fund_entries_refers_idx on council_fund_entries (council_id, refers_to)
  where refers_to is not null;

-- An expense's standing: its amount as corrected, and the directors who approved it.
create table council_fund_expenses (
  council_id uuid not null references councils (id),
  seq integer not null,
  amount_fen bigint not null,
  state text not null default 'pending' check (state in ('pending', 'approved', 'refused')),
  approvals integer not null default 0,
  requested_by uuid not null,
  primary key (council_id, seq)
);
create table council_fund_approvals (
  council_id uuid not null,
  expense_seq integer not null,
  account_id uuid not null,
  primary key (council_id, expense_seq, account_id),
  foreign key (council_id, expense_seq) references council_fund_expenses (council_id, seq)
);

-- Guidelines (店招店牌 …) with their expert reviewers; members apply under them.
create table council_guidelines (
  id uuid primary key,
  council_id uuid not null references councils (id),
  title text not null,
  body text not null,
  document_ids uuid[] not null default '{}',
  approvals_required integer not null check (approvals_required >= 1),
  closes_at timestamptz not null,
  applications integer not null default 0,
  approved integer not null default 0,
  done integer not null default 0,
  created_by uuid not null,
  created_at timestamptz not null default now()
);
create index council_guidelines_council_idx on council_guidelines (council_id, created_at desc);

create table council_guideline_reviewers (
  guideline_id uuid not null references council_guidelines (id),
  account_id uuid not null,
  organisation text not null,
  name_masked text not null,
  primary key (guideline_id, account_id)
);
create index council_guideline_reviewers_account_idx on council_guideline_reviewers (account_id);

create table council_applications (
  id uuid primary key,
  guideline_id uuid not null references council_guidelines (id),
  council_id uuid not null references councils (id),
  member_id uuid not null references council_members (id),
  applicant_id uuid not null,
  title text not null,
  description text not null,
  lat double precision not null,
  lng double precision not null,
  photo_ids uuid[] not null,
  design_id uuid not null,
  state text not null default 'submitted'
    check (state in ('submitted', 'changes_requested', 'approved', 'refused', 'done')),
  round integer not null default 1,   -- a resubmission after "changes" starts a new round
  approvals integer not null default 0,
  submitted_at timestamptz not null default now(),
  decided_at timestamptz,
  done_at timestamptz
);
create index council_applications_guideline_idx on council_applications (guideline_id, submitted_at desc);
create index council_applications_council_idx on council_applications (council_id, state);

create table council_application_reviews (
  application_id uuid not null references council_applications (id),
  reviewer_id uuid not null,
  round integer not null,
  decision text not null check (decision in ('approve', 'changes', 'refuse')),
  reason text not null default '',
  reviewed_at timestamptz not null default now(),
  primary key (application_id, reviewer_id, round)
);

-- What each party offers and needs (资源清单 / 需求清单), matched into projects (项目清单).
create table council_projects (
  id uuid primary key,
  council_id uuid not null references councils (id),
  title text not null,
  need_id uuid not null,
  status text not null default 'planned' check (status in ('planned', 'in_progress', 'done')),
  created_by uuid not null,
  created_at timestamptz not null default now()
);
create index council_projects_council_idx on council_projects (council_id, created_at desc);

create table council_offers (
  id uuid primary key,
  council_id uuid not null references councils (id),
  side text not null check (side in ('offer', 'need')),
  member_id uuid not null references council_members (id),
  category text not null,
  title text not null,
  description text not null default '',
  lat double precision,
  lng double precision,
  opening_hours text,
  status text not null default 'open' check (status in ('open', 'matched', 'closed')),
  project_id uuid references council_projects (id),
  created_by uuid not null,
  created_at timestamptz not null default now(),
  check (category <> 'rest_area' or side <> 'offer'
    or (lat is not null and lng is not null and opening_hours is not null))
);
create index council_offers_council_idx on council_offers (council_id, side, created_at desc);
-- the public map of rest areas: a box of the city, open ones only
create index council_offers_rest_idx on council_offers (lng, lat)
  where category = 'rest_area' and side = 'offer' and status <> 'closed';
