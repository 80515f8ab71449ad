-- The rate limits' counts, shared by every app node (platform/hit-counter.ts): one row per
-- limited key and its window. Unlogged: a count is worth nothing after a crash and need not
-- reach the replicas, so its writes skip the WAL.

create unlogged table rate_limit_hits (
  key         text primary key,
  hits        integer not null,
  window_ends timestamptz not null
);

create index rate_limit_hits_window_ends on rate_limit_hits (window_ends);
