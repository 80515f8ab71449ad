-- Cases reported per area × hour × source (hotline, sensor, resident, …), every level of the
-- case's area chain, kept with the other rollups in the transaction that files the case: the
-- dashboards split intake by source (complaints per 10,000 residents by source) without
-- reading the cases. Filled here from the cases already filed.

create table case_source_hourly (
  area_code  text not null,
  hour       timestamptz not null,
  source     text not null,
  reported   integer not null default 0,
  primary key (area_code, hour, source)
);

insert into case_source_hourly (area_code, hour, source, reported)
select a.code, date_trunc('hour', c.created_at, 'UTC'), c.source, count(*)::int
  from cases c cross join unnest(string_to_array(c.area_path, '/')) as a(code)
 group by 1, 2, 3;
