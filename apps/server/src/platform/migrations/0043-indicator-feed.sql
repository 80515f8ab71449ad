-- Indicators fed by the departments (decision 028): the catalogue of fed indicators (shipped in
-- data/indicators/departments.json, kept by the city's staff), and their figures — a value for
-- an area at a time. A figure sent again for the same indicator, area and time replaces the
-- stored one; the one replaced goes to the history.

alter table departments alter column grants set default '{}';

create table fed_indicator_groups (
  id        text primary key,
  name      text not null,
  name_en   text not null,
  position  integer not null
);

create table fed_indicators (
  id              text primary key,
  group_id        text not null references fed_indicator_groups (id),
  name            text not null,
  name_en         text not null,
  unit            text not null,
  unit_en         text not null,
  decimals        integer not null check (decimals between 0 and 3),
  definition      text not null,
  definition_en   text not null,
  department      text not null references departments (code),
  rollup          text not null check (rollup in ('sum', 'mean_population', 'max', 'latest')),
  over_time       text not null check (over_time in ('latest', 'sum', 'max', 'mean')),
  direction       text not null check (direction in ('higher', 'lower', 'neutral')),
  target          double precision,
  green           double precision,
  red             double precision,
  levels          text[] not null,
  position        integer not null,
  -- when its department last sent a figure; null: no feed yet
  last_figure_at  timestamptz,
  updated_by      uuid references accounts (id),
  updated_at      timestamptz not null default now()
);

create table indicator_figures (
  indicator_id  text not null references fed_indicators (id),
  area_code     text not null,
  area_path     text not null,
  at            timestamptz not null,
  value         double precision not null,
  department    text not null,
  received_at   timestamptz not null,
  primary key (indicator_id, area_code, at)
);
-- the areas each indicator has figures for: a dashboard finds its subtree's here (a small
-- table), then reads each one's range from the figures' primary key
create table indicator_fed_areas (
  indicator_id  text not null references fed_indicators (id),
  area_code     text not null,
  area_path     text not null,
  primary key (indicator_id, area_code)
);
create index indicator_fed_areas_subtree_idx
  on indicator_fed_areas (indicator_id, area_path text_pattern_ops);

create table indicator_figure_history (
  indicator_id  text not null,
  area_code     text not null,
  at            timestamptz not null,
  value         double precision not null,
  department    text not null,
  received_at   timestamptz not null,
  replaced_at   timestamptz not null
);
create index indicator_figure_history_idx on indicator_figure_history (indicator_id, area_code, at);
