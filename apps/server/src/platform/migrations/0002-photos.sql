-- Photos: the server keeps only its own WebP renditions, on disk under
-- files/photos/<first two hex of id>/<id>-<size>.webp; the uploaded original is never stored.
-- Forward only: never edit a migration that has shipped; add the next file.

CREATE TABLE photos (
  id          uuid PRIMARY KEY,
  uploaded_by uuid NOT NULL REFERENCES accounts (id),
  -- set when the photo is attached to a case (the cases module); no foreign key yet
  case_id     uuid,
  created_at  timestamptz NOT NULL DEFAULT now(),
  -- of the large rendition, upright
  width       integer NOT NULL CHECK (width > 0),
  height      integer NOT NULL CHECK (height > 0),
  bytes_large integer NOT NULL CHECK (bytes_large > 0),
  bytes_thumb integer NOT NULL CHECK (bytes_thumb > 0)
);
CREATE INDEX photos_case_idx ON photos (case_id);
-- an account's photos not yet attached to a case (attach, clean-up of strays)
CREATE INDEX photos_uploaded_by_idx ON photos (uploaded_by, created_at);
