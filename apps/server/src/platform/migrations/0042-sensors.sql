-- Sensors (decision 028): kinds with their rule (threshold, window, the case they open),
-- devices with their place, owner department and key hash, and every reading. A reading at or
-- over the threshold is an alarm: the first opens a case with source 'sensor', the device's
-- further alarms within the window (sliding from its last alarm) join that case.

create table sensor_rules (
  kind             text primary key,
  name             text not null,
  name_en          text not null,
  unit             text not null,
  threshold        double precision not null,
  window_minutes   integer not null check (window_minutes > 0),
  scenario_code    text not null,
  attributes       jsonb not null default '{}',
  value_attribute  text,
  updated_by       uuid references accounts (id),
  updated_at       timestamptz not null default now()
);

insert into sensor_rules (kind, name, name_en, unit, threshold, window_minutes, scenario_code, attributes, value_attribute) values
  ('smoke', '烟感探测器', 'Smoke detector', '%/m', 4, 30, 'smoke-alarm', '{}', null),
  ('manhole-tilt', '井盖倾斜传感器', 'Manhole-cover tilt sensor', '°', 15, 120, 'manhole-cover-missing', '{"cover_state": "displaced"}', null),
  ('water-level', '积水水位计', 'Water-level gauge', 'cm', 15, 180, 'waterlogging', '{"place": "road"}', 'depth_cm');

create table sensor_devices (
  id                text primary key,
  kind              text not null references sensor_rules (kind),
  name              text not null,
  lng               double precision not null,
  lat               double precision not null,
  area_code         text not null,
  area_path         text not null,
  owner_department  text not null references departments (code),
  key_hash          text not null,
  key_hint          text not null,
  disabled          boolean not null default false,
  last_value        double precision,
  last_event_at     timestamptz,
  -- the alarm window: its last alarm and the case its alarms join
  last_alert_at     timestamptz,
  open_case_id      uuid,
  created_by        uuid references accounts (id),
  created_at        timestamptz not null default now()
);
create index sensor_devices_area_idx on sensor_devices (area_path text_pattern_ops);

create table sensor_events (
  id           bigserial primary key,
  device_id    text not null references sensor_devices (id),
  at           timestamptz not null,
  value        double precision not null,
  alarm        boolean not null,
  case_id      uuid,
  received_at  timestamptz not null default now()
);
create index sensor_events_device_idx on sensor_events (device_id, at desc);
