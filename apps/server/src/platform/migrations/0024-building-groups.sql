-- Building groups (楼组): a board per building for its verified residents. The posts are the
-- discussion module's comments (subject type 'building', subject id the building's id); this
-- module keeps who leads each building's group (楼组长): one leader per building, a verified
-- resident of it, appointed and removed by the committee's staff (audited). Ids of other
-- modules' rows (buildings, accounts) carry no foreign keys: modules own their tables alone.
create table building_leaders (
  building_id uuid primary key,     -- registry buildings.id
  account_id uuid not null,         -- the leader's account (a verified resident of the building)
  committee_code text not null,
  area_path text not null,          -- the building's area path (its compound's)
  appointed_by uuid,
  appointed_at timestamptz not null default now()
);
-- the leaderships of an account (ended when it moves or its link is revoked)
create index building_leaders_account_idx on building_leaders (account_id);
