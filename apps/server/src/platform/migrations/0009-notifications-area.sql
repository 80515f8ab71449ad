-- Each message carries the area it is about, so the 短信发件箱 is scoped by the area tree
-- from the notifications module's own table instead of a join to the cases module's.
ALTER TABLE notifications ADD COLUMN area_path text;
UPDATE notifications n SET area_path = c.area_path FROM cases c WHERE c.id = n.case_id;
CREATE INDEX notifications_sms_area_idx ON notifications (area_path text_pattern_ops, created_at DESC)
  WHERE channel = 'sms';
