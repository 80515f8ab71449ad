-- Webhooks per subscriber (decision 023): another system's URL, the events it wants and its
-- signing secret (under the data key); one delivery row per event and subscriber, written in the
-- transaction of the event, sent by a job, retried with backoff, its attempts kept as the log.

create table webhook_subscribers (
  id                    uuid primary key,
  name                  text not null,
  url                   text not null,
  events                text[] not null,
  enabled               boolean not null default true,
  -- whsec_… under the data key; the previous one signs too until previous_secret_until
  secret_enc            text not null,
  previous_secret_enc   text,
  previous_secret_until timestamptz,
  -- deliveries given up in a row since the last that arrived, and the first failed attempt since
  consecutive_failures  integer not null default 0,
  failing_since         timestamptz,
  last_success_at       timestamptz,
  disabled_reason       text check (disabled_reason in ('manual', 'gone', 'failures', 'failing')),
  disabled_at           timestamptz,
  created_by            uuid references accounts (id),
  created_at            timestamptz not null,
  updated_at            timestamptz not null
);

create table webhook_deliveries (
  -- the webhook-id header: the same on every retry and redelivery
  id              uuid primary key,
  subscriber_id   uuid not null references webhook_subscribers (id),
  event_id        uuid not null,
  event_type      text not null,
  -- the exact body POSTed and signed
  body            text not null,
  status          text not null check (status in ('pending', 'delivered', 'failed')),
  -- every attempt ever, and those since it was last (re)queued: the retry limit counts these
  attempts        integer not null default 0,
  round_attempts  integer not null default 0,
  next_attempt_at timestamptz,
  -- held while one process sends it
  locked_until    timestamptz,
  last_status     integer,
  last_error      text,
  last_attempt_at timestamptz,
  delivered_at    timestamptz,
  created_at      timestamptz not null
);
-- the delivery log, newest first, per subscriber
create index webhook_deliveries_log_idx
  on webhook_deliveries (subscriber_id, created_at desc, id desc);
-- what is still to go, per subscriber (re-enabling sends it; the count on the list)
create index webhook_deliveries_pending_idx
  on webhook_deliveries (subscriber_id, next_attempt_at) where status = 'pending';

-- CASE_WEBHOOK_URL's calls used to be notifications (channel 'webhook'); the URL is now a
-- subscriber (made at start). What was still waiting is closed here rather than sent twice.
update notifications
  set status = 'failed',
      last_error = 'not sent: CASE_WEBHOOK_URL became a webhook subscriber (migration 0037)'
  where channel = 'webhook' and status = 'pending';
