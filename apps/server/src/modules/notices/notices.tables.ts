import type { Generated } from 'kysely';

/**
 * The tables the notices module owns: notices (通知公告), their recipients with read receipts,
 * per-building counters and the record of urgent text batches. Only this module reads or
 * writes them (apps/server/src/boundaries.test.ts checks); other modules ask through its
 * index.ts. Keep in step with platform/migrations (0016, 0019).
 */
declare module '../../platform/db/schema.js' {
  interface DB {
    notices: NoticesTable;
    notice_recipients: NoticeRecipientsTable;
    notice_building_counts: NoticeBuildingCountsTable;
    notice_sms_batches: NoticeSmsBatchesTable;
  }
}

export interface NoticesTable {
  id: string;
  author_id: string;
  area_code: string;
  area_path: string;
  publisher: string;
  title: string;
  body: string;
  photo_ids: Generated<string[]>;
  target_codes: Generated<string[]>;
  target_paths: Generated<string[]>;
  target_building_ids: Generated<string[]>;
  /** 'draft' | 'scheduled' | 'published' | 'withdrawn' */
  status: string;
  publish_at: Date | null;
  published_at: Date | null;
  expires_at: Date | null;
  pinned: Generated<boolean>;
  urgent: Generated<boolean>;
  /** 'none' | 'running' | 'done' */
  fanout: Generated<string>;
  /** kept by the fan-out batches; the reads are counted per building only (0019) */
  recipient_count: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  withdrawn_at: Date | null;
}

export interface NoticeRecipientsTable {
  /** the distribution key: the district of the row's area (platform/district.ts, decision 030) */
  district_code: string;
  account_id: string;
  notice_id: string;
  building_id: string;
  pinned: boolean;
  published_at: Date;
  expires_at: Date | null;
  read_at: Date | null;
  hidden: Generated<boolean>;
}

export interface NoticeBuildingCountsTable {
  notice_id: string;
  building_id: string;
  targeted: Generated<number>;
  read: Generated<number>;
}

export interface NoticeSmsBatchesTable {
  notice_id: string;
  batch: string;
  texts: number;
  created_at: Generated<Date>;
}
