-- Notices: a notice's reads are counted per building only (decision 014). A counter per notice
-- made every reader of a notice wait for the one before (1,000 readers at once took seconds);
-- the total is the sum of the buildings' counters, which already count every read exactly.
alter table notices drop column read_count;
