-- Cases (一网统管): the closed loop, its timeline, dispatch rules and fixed points,
-- notifications, durable jobs, idempotency keys and Open311 clients.

CREATE TABLE jobs (
  id           bigserial PRIMARY KEY,
  kind         text NOT NULL,
  payload      jsonb NOT NULL DEFAULT '{}'::jsonb,
  run_at       timestamptz NOT NULL,
  attempts     integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  done_at      timestamptz,
  last_error   text,
  -- one pending job per key (e.g. one escalation per case and deadline)
  dedupe_key   text UNIQUE,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX jobs_due_idx ON jobs (run_at) WHERE done_at IS NULL;

CREATE TABLE dispatch_points (
  id            uuid PRIMARY KEY,
  name          text NOT NULL,
  kind          text NOT NULL,
  lng           double precision NOT NULL,
  lat           double precision NOT NULL,
  radius_m      integer NOT NULL,
  scenario_codes text[],
  leader_id     uuid NOT NULL REFERENCES accounts (id),
  unit_name     text NOT NULL,
  area_code     text NOT NULL REFERENCES areas (code),
  area_path     text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  created_by    uuid REFERENCES accounts (id)
);
CREATE INDEX dispatch_points_lat_idx ON dispatch_points (lat, lng);
CREATE INDEX dispatch_points_path_idx ON dispatch_points (area_path text_pattern_ops);

CREATE TABLE dispatch_rules (
  id            uuid PRIMARY KEY,
  scenario_code text,
  area_code     text NOT NULL REFERENCES areas (code),
  area_path     text NOT NULL,
  area_depth    smallint NOT NULL,
  unit_name     text NOT NULL,
  assignee_id   uuid REFERENCES accounts (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  created_by    uuid REFERENCES accounts (id)
);
CREATE UNIQUE INDEX dispatch_rules_unique_idx ON dispatch_rules (area_code, coalesce(scenario_code, '*'));
CREATE INDEX dispatch_rules_path_idx ON dispatch_rules (area_path text_pattern_ops);

CREATE TABLE open311_clients (
  id           uuid PRIMARY KEY,
  name         text NOT NULL,
  api_key_hash text NOT NULL UNIQUE,
  disabled     boolean NOT NULL DEFAULT false,
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE SEQUENCE case_number_seq;

CREATE TABLE cases (
  id                  uuid PRIMARY KEY,
  number              text NOT NULL UNIQUE,
  scenario_code       text NOT NULL,
  status              text NOT NULL,
  source              text NOT NULL,
  description         text NOT NULL,
  attributes          jsonb NOT NULL DEFAULT '{}'::jsonb,
  lng                 double precision,
  lat                 double precision,
  address             text,
  area_code           text NOT NULL REFERENCES areas (code),
  area_path           text NOT NULL,
  -- the street whose operation centre owns the case when nobody else does
  queue_area_code     text NOT NULL REFERENCES areas (code),
  queue_area_path     text NOT NULL,
  reporter_id         uuid REFERENCES accounts (id),
  open311_client_id   uuid REFERENCES open311_clients (id),
  open311_token       text UNIQUE,
  contact_name_enc    text,
  contact_name_masked text,
  contact_phone_enc   text,
  contact_phone_hmac  text,
  contact_phone_masked text,
  assignee_id         uuid REFERENCES accounts (id),
  unit_name           text,
  dispatch_rule_id    uuid REFERENCES dispatch_rules (id) ON DELETE SET NULL,
  point_id            uuid REFERENCES dispatch_points (id) ON DELETE SET NULL,
  merged_into         uuid REFERENCES cases (id),
  accept_due_at       timestamptz,
  resolve_due_at      timestamptz,
  escalation_level    smallint NOT NULL DEFAULT 0,
  rating              smallint,
  sms_status          text,
  version             integer NOT NULL DEFAULT 0,
  created_at          timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL,
  closed_at           timestamptz
);
CREATE INDEX cases_area_idx ON cases (area_path text_pattern_ops, created_at DESC);
CREATE INDEX cases_queue_idx ON cases (queue_area_path text_pattern_ops);
CREATE INDEX cases_created_idx ON cases (created_at DESC);
CREATE INDEX cases_status_idx ON cases (status, created_at DESC);
CREATE INDEX cases_assignee_idx ON cases (assignee_id, status);
CREATE INDEX cases_reporter_idx ON cases (reporter_id, created_at DESC);
CREATE INDEX cases_nearby_idx ON cases (scenario_code, created_at DESC, lat, lng);

CREATE TABLE case_events (
  id          bigserial PRIMARY KEY,
  case_id     uuid NOT NULL REFERENCES cases (id),
  at          timestamptz NOT NULL,
  actor_id    uuid REFERENCES accounts (id),
  actor_name  text,
  action      text NOT NULL,
  from_status text,
  to_status   text,
  note        text,
  photo_ids   uuid[] NOT NULL DEFAULT '{}',
  detail      jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX case_events_case_idx ON case_events (case_id, id);

CREATE TABLE notifications (
  id            uuid PRIMARY KEY,
  channel       text NOT NULL CHECK (channel IN ('sms', 'inapp', 'webhook')),
  case_id       uuid REFERENCES cases (id),
  recipient_id  uuid REFERENCES accounts (id),
  -- phone (encrypted) or webhook URL; the masked form is what staff see
  to_enc        text,
  to_masked     text,
  body          text NOT NULL,
  status        text NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
  provider      text,
  provider_ref  text,
  attempts      integer NOT NULL DEFAULT 0,
  last_error    text,
  created_at    timestamptz NOT NULL,
  sent_at       timestamptz,
  read_at       timestamptz
);
CREATE INDEX notifications_recipient_idx ON notifications (recipient_id, created_at DESC);
CREATE INDEX notifications_case_idx ON notifications (case_id);
CREATE INDEX notifications_channel_idx ON notifications (channel, created_at DESC);

CREATE TABLE idempotency_keys (
  scope        text NOT NULL,
  key          text NOT NULL,
  request_hash text NOT NULL,
  case_id      uuid NOT NULL REFERENCES cases (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);
