-- Fewer writes per report (issue 3's intake).
--
-- A case's SMS delivery status is its newest text's status, read from notifications when a
-- case is shown. Storing a copy on the case cost a second write of the case row (and of its
-- nine indexes) for every text sent.
ALTER TABLE cases DROP COLUMN sms_status;

-- A claimed job is updated in place (attempts, lock) and half-empty pages leave room for
-- the new version beside the old, so the claim need not touch the job's indexes.
ALTER TABLE jobs SET (fillfactor = 50);
