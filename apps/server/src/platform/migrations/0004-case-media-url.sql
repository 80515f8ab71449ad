-- Open311's media_url: a link to the reporter's own picture, kept as given.
ALTER TABLE cases ADD COLUMN media_url text;
