-- The district as the large tables' distribution key (decision 030, issue 27). Every row of
-- cases and their timeline and rollups, residents and households, ballots, declarations and
-- notices' receipts carries the code of the district it belongs to, written by the application
-- (a sharded database routes a statement before any trigger could fill it), so a sharded
-- PostgreSQL (Citus) can place each district's rows together and send a district's reads to
-- one shard. The district of an area path is its second code; a row of the city itself (a
-- rollup of the whole city) carries the city's own code. `district` below is the same rule as
-- platform/district.ts's districtOf, for the rows already there.

create function pg_temp.district(path text) returns text language sql immutable
  as $$ select coalesce(nullif(split_part(path, '/', 2), ''), path) $$;

-- cases: the district of the case's area; the scope's index leads with it
alter table cases add column district_code text;
update cases set district_code = pg_temp.district(area_path);
alter table cases alter column district_code set not null;
drop index cases_area_idx;
create index cases_area_idx on cases (district_code, area_path text_pattern_ops, created_at desc);
-- the queue is the case's street or an area above it, so it lies in the case's district
drop index cases_queue_idx;
create index cases_queue_idx on cases (district_code, queue_area_path text_pattern_ops);

-- the timeline: its case's district; a district's newest steps (a big screen's live panel)
alter table case_events add column district_code text;
update case_events e set district_code = c.district_code from cases c where c.id = e.case_id;
alter table case_events alter column district_code set not null;
create index case_events_district_idx on case_events (district_code, id);

-- the rollups: the district of the row's area (the city's rows: the city's code). The key leads
-- with it; the area decides it, so the key is as unique as before.
alter table case_flow_hourly add column district_code text;
update case_flow_hourly r set district_code = pg_temp.district(a.path) from areas a where a.code = r.area_code;
alter table case_flow_hourly alter column district_code set not null,
  drop constraint case_flow_hourly_pkey,
  add constraint case_flow_hourly_pkey primary key (district_code, area_code, hour, scenario_code);

alter table case_resolve_hist add column district_code text;
update case_resolve_hist r set district_code = pg_temp.district(a.path) from areas a where a.code = r.area_code;
alter table case_resolve_hist alter column district_code set not null,
  drop constraint case_resolve_hist_pkey,
  add constraint case_resolve_hist_pkey primary key (district_code, area_code, hour, bucket) include (n);

alter table case_status_counts add column district_code text;
update case_status_counts r set district_code = pg_temp.district(a.path) from areas a where a.code = r.area_code;
alter table case_status_counts alter column district_code set not null,
  drop constraint case_status_counts_pkey,
  add constraint case_status_counts_pkey primary key (district_code, area_code, scenario_code, status);

alter table case_source_hourly add column district_code text;
update case_source_hourly r set district_code = pg_temp.district(a.path) from areas a where a.code = r.area_code;
alter table case_source_hourly alter column district_code set not null,
  drop constraint case_source_hourly_pkey,
  add constraint case_source_hourly_pkey primary key (district_code, area_code, hour, source) include (reported);

-- residents: their area's district; the committee's index leads with it
alter table residents add column district_code text;
update residents set district_code = pg_temp.district(area_path);
alter table residents alter column district_code set not null;
drop index residents_committee_idx;
create index residents_committee_idx on residents (district_code, committee_code, area_path);
drop index residents_street_name_idx;
create index residents_street_name_idx on residents (district_code, street_code, name text_pattern_ops);

-- households: their committee's district
alter table households add column district_code text;
update households h set district_code = pg_temp.district(a.path) from areas a where a.code = h.committee_code;
alter table households alter column district_code set not null,
  drop constraint households_committee_code_number_key,
  add constraint households_committee_code_number_key unique (district_code, committee_code, number);

-- ballots and their chain: the vote's district
alter table vote_ballots add column district_code text;
update vote_ballots b set district_code = pg_temp.district(v.area_path) from votes v where v.id = b.vote_id;
alter table vote_ballots alter column district_code set not null;
drop index vote_ballots_choice_idx;
create index vote_ballots_choice_idx on vote_ballots (district_code, vote_id, choice, head_no);

-- declarations: the compound's district
alter table declarations add column district_code text;
update declarations set district_code = pg_temp.district(area_path);
alter table declarations alter column district_code set not null;
drop index declarations_committee_created_idx;
create index declarations_committee_created_idx
  on declarations (district_code, committee_code, created_at desc, id desc);
drop index declarations_committee_status_idx;
create index declarations_committee_status_idx on declarations (district_code, committee_code, status);

-- notices' receipts: the district of the recipient's building (its notice's when the building
-- is gone); a resident's feed reads their buildings' districts
alter table notice_recipients add column district_code text;
update notice_recipients r
   set district_code = coalesce((select pg_temp.district(b.area_path) from buildings b where b.id = r.building_id),
                                (select pg_temp.district(n.area_path) from notices n where n.id = r.notice_id));
alter table notice_recipients alter column district_code set not null;
drop index notice_recipients_feed_idx;
create index notice_recipients_feed_idx on notice_recipients
  (district_code, account_id, pinned desc, published_at desc, notice_id desc);

drop function pg_temp.district(text);
