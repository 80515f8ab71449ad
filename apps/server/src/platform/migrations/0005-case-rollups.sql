-- Rollups of the cases for the operation centres' dashboards, kept in the transaction that
-- changes a case, for every level of its area chain (city, district, street, committee, …),
-- so no dashboard reads the cases table.

-- what happened: timeline steps per area × hour (UTC) × scenario
CREATE TABLE case_flow_hourly (
  area_code        text NOT NULL,
  hour             timestamptz NOT NULL,
  scenario_code    text NOT NULL,
  reported         integer NOT NULL DEFAULT 0,
  dispatched       integer NOT NULL DEFAULT 0,
  accepted         integer NOT NULL DEFAULT 0,
  resolved         integer NOT NULL DEFAULT 0,
  resolved_on_time integer NOT NULL DEFAULT 0,
  resolve_seconds  bigint  NOT NULL DEFAULT 0,
  closed           integer NOT NULL DEFAULT 0,
  rejected         integer NOT NULL DEFAULT 0,
  merged           integer NOT NULL DEFAULT 0,
  returned         integer NOT NULL DEFAULT 0,
  reopened         integer NOT NULL DEFAULT 0,
  escalated        integer NOT NULL DEFAULT 0,
  rated            integer NOT NULL DEFAULT 0,
  rating_sum       integer NOT NULL DEFAULT 0,
  PRIMARY KEY (area_code, hour, scenario_code)
);

-- time from report to resolution as a histogram that merges by addition (percentiles):
-- bucket b counts resolutions taking at least RESOLVE_BUCKET_MINUTES[b-1] minutes
CREATE TABLE case_resolve_hist (
  area_code text NOT NULL,
  hour      timestamptz NOT NULL,
  bucket    smallint NOT NULL,
  n         integer NOT NULL,
  PRIMARY KEY (area_code, hour, bucket)
);

-- the stock: cases in each status now, per area × scenario
CREATE TABLE case_status_counts (
  area_code     text NOT NULL,
  scenario_code text NOT NULL,
  status        text NOT NULL,
  n             integer NOT NULL,
  PRIMARY KEY (area_code, scenario_code, status)
);
