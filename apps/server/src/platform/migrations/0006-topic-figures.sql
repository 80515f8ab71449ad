-- Daily figures for the topic boards (专题), imported until the platform's own modules hold
-- them (data/topics/README.md): one value per topic × metric × area × day.
CREATE TABLE topic_figures (
  topic       text NOT NULL,
  metric      text NOT NULL,
  area_code   text NOT NULL REFERENCES areas (code),
  area_path   text NOT NULL,
  day         date NOT NULL,
  value       integer NOT NULL CHECK (value >= 0),
  updated_at  timestamptz NOT NULL,
  updated_by  uuid REFERENCES accounts (id),
  PRIMARY KEY (topic, metric, area_code, day)
);
CREATE INDEX topic_figures_path_idx ON topic_figures (topic, day, area_path text_pattern_ops);
