import type { Generated } from 'kysely';

/**
 * The tables the media module owns: photos (the files live in the photo store). Only this module reads or writes them
 * (apps/server/src/boundaries.test.ts checks); other modules ask through its index.ts.
 * Keep in step with platform/migrations.
 */
declare module '../../platform/db/schema.js' {
  interface DB {
    photos: PhotosTable;
    attachments: AttachmentsTable;
  }
}

export interface PhotosTable {
  id: string;
  uploaded_by: string;
  case_id: string | null;
  created_at: Generated<Date>;
  width: number;
  height: number;
  bytes_large: number;
  bytes_thumb: number;
  /** another owner than a case (e.g. 'notice'), and its id */
  owner_type: string | null;
  owner_id: string | null;
}

export interface AttachmentsTable {
  id: string;
  uploaded_by: string;
  file_name: string;
  /** 'pdf' | 'docx' | 'xlsx' | 'jpeg' | 'png' */
  kind: string;
  bytes: number;
  sha256: string;
  owner_type: string | null;
  owner_id: string | null;
  created_at: Generated<Date>;
}
