-- Figures the platform's own modules feed to the topic boards as their work happens (社区通's
-- declarations and health observations for the epidemic board), kept at every level of the
-- area tree below the city, so that a board reads one row per child and day whatever the
-- size of the city (decision 020). `facet` splits a metric (arrivals by origin); '' is the
-- metric itself. Stock metrics (people under observation) are carried into each new day.
CREATE TABLE topic_feed_figures (
  topic        text NOT NULL,
  metric       text NOT NULL,
  facet        text NOT NULL DEFAULT '',
  area_path    text NOT NULL,
  parent_path  text NOT NULL,
  day          date NOT NULL,
  value        integer NOT NULL,
  PRIMARY KEY (topic, metric, facet, area_path, day)
);
-- a board's two reads (its own rows, its children's rows) are answered from these alone
CREATE INDEX topic_feed_children_idx ON topic_feed_figures (topic, parent_path, day)
  INCLUDE (metric, facet, area_path, value);
CREATE INDEX topic_feed_own_idx ON topic_feed_figures (topic, area_path, day)
  INCLUDE (metric, facet, value);
-- the days whose stocks were carried over from the day before: the carry runs once per day,
-- however often its job runs
CREATE TABLE topic_feed_carries (
  topic       text NOT NULL,
  day         date NOT NULL,
  carried_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (topic, day)
);
