-- The dashboards read a month of an area's resolve-time histogram and intake by source: a few
-- thousand rows, each on its own page of the table (every hour's rows for every area are
-- written together). Their keys now carry the count, so those reads scan the index alone:
-- 87 ms → 5 ms for a district's month at 5 million cases (docs/BENCHMARKS.md). The key still
-- serves the upserts that keep the rollups.

alter table case_resolve_hist
  drop constraint case_resolve_hist_pkey,
  add constraint case_resolve_hist_pkey primary key (area_code, hour, bucket) include (n);

alter table case_source_hourly
  drop constraint case_source_hourly_pkey,
  add constraint case_source_hourly_pkey primary key (area_code, hour, source) include (reported);
