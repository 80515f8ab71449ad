-- The departments' figures summed up per indicator, area and Shanghai day (decision 028): a
-- dashboard's range reads one row a day for its whole days and the figures themselves only
-- for the part-days at its ends, so a month of hourly rainfall for every street of a district
-- is a few thousand rows, not a few hundred thousand. Kept in the transaction that stores the
-- figures (indicator-feed/figures.ts); filled here from the figures already stored.

-- the start of the Shanghai day (UTC+8, no daylight saving) an instant falls in
create function shanghai_day(at timestamptz) returns timestamptz
  language sql immutable parallel safe
  as $$ select to_timestamp(floor((extract(epoch from at) + 28800) / 86400) * 86400 - 28800) $$;

create table indicator_figure_days (
  indicator_id text not null,
  area_code    text not null,
  day          timestamptz not null,
  sum          double precision not null,
  max          double precision not null,
  count        integer not null,
  latest       double precision not null,
  latest_at    timestamptz not null,
  primary key (indicator_id, area_code, day)
);

insert into indicator_figure_days (indicator_id, area_code, day, sum, max, count, latest, latest_at)
select indicator_id, area_code, shanghai_day(at), sum(value), max(value), count(*)::int,
       (array_agg(value order by at desc))[1], max(at)
  from indicator_figures
 group by indicator_id, area_code, shanghai_day(at);
