-- Fewer writes per report (issue 3's intake).
--
-- A case's SMS delivery status is its newest text's status, read from notifications when a
-- case is shown. Storing a copy on the case cost a second write of the case row (and of its
-- nine indexes) for every text sent.
ALTER TABLE cases DROP COLUMN sms_status;

-- Room in each page for a row's next version, so that an update of columns no index holds
-- (a job's claim, a text marked sent) is written beside the old row without new index entries.
ALTER TABLE jobs SET (fillfactor = 50);
ALTER TABLE notifications SET (fillfactor = 70);
