import type { Generated } from 'kysely';

/**
 * The tables the discussion module owns: threads (a subject's counts), comments with one level
 * of replies, and praise. Only this module reads or writes them; other modules ask through its
 * index.ts (`threadCounts`). Keep in step with platform/migrations/0020-discussion-moderation.sql.
 */
declare module '../../platform/db/schema.js' {
  interface DB {
    discussion_threads: DiscussionThreadsTable;
    discussion_comments: DiscussionCommentsTable;
    discussion_praise: DiscussionPraiseTable;
  }
}

export interface DiscussionThreadsTable {
  subject_type: string;
  subject_id: string;
  comment_count: Generated<number>;
  praise_count: Generated<number>;
  created_at: Generated<Date>;
}

export interface DiscussionCommentsTable {
  id: string;
  subject_type: string;
  subject_id: string;
  parent_id: string | null;
  author_id: string;
  author_name_masked: string;
  body: string;
  /** 'visible' | 'hidden' | 'removed' */
  state: Generated<string>;
  removed_by_author: Generated<boolean>;
  praise_count: Generated<number>;
  reply_count: Generated<number>;
  area_path: string;
  committee_code: string;
  building_id: string | null;
  created_at: Generated<Date>;
}

export interface DiscussionPraiseTable {
  /** 'comment', or the subject's type */
  target_type: string;
  target_id: string;
  account_id: string;
  created_at: Generated<Date>;
}
