import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { DiscussionCommentsTable } from './discussion.tables.js';

/** A comment row with its exact position (created_at as text: microseconds kept for cursors). */
export type CommentRow = Selectable<DiscussionCommentsTable> & { at_key: string };

const columns = sql`c.id, c.subject_type, c.subject_id, c.parent_id, c.author_id,
  c.author_name_masked, c.body, c.state, c.removed_by_author, c.praise_count, c.reply_count,
  c.area_path, c.committee_code, c.building_id, c.created_at, c.created_at::text as at_key`;

/** A subject's top-level comments, newest first, after the keyset position (if any). */
export async function topComments(
  db: Kysely<DB>,
  type: string,
  subjectId: string,
  after: [string, string] | null,
  limit: number,
): Promise<CommentRow[]> {
  const r = await sql<CommentRow>`
    select ${columns} from discussion_comments c
    where c.subject_type = ${type} and c.subject_id = ${subjectId} and c.parent_id is null
      ${after ? sql`and (c.created_at, c.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : sql``}
    order by c.created_at desc, c.id desc
    limit ${limit}`.execute(db);
  return r.rows;
}

/** The first `n` replies of each parent, oldest first (one query: a lateral join on the index). */
export async function firstReplies(
  db: Kysely<DB>,
  parentIds: readonly string[],
  n: number,
): Promise<CommentRow[]> {
  if (parentIds.length === 0) return [];
  const r = await sql<CommentRow>`
    select ${columns} from unnest(${[...parentIds]}::uuid[]) as p(id)
    cross join lateral (
      select * from discussion_comments x where x.parent_id = p.id
      order by x.created_at, x.id limit ${n}) c
    order by c.created_at, c.id`.execute(db);
  return r.rows;
}

/** A comment's replies, oldest first, after the keyset position (if any). */
export async function replies(
  db: Kysely<DB>,
  parentId: string,
  after: [string, string] | null,
  limit: number,
): Promise<CommentRow[]> {
  const r = await sql<CommentRow>`
    select ${columns} from discussion_comments c
    where c.parent_id = ${parentId}
      ${after ? sql`and (c.created_at, c.id) > (${after[0]}::timestamptz, ${after[1]}::uuid)` : sql``}
    order by c.created_at, c.id
    limit ${limit}`.execute(db);
  return r.rows;
}

/** One comment. */
export async function commentById(db: Kysely<DB>, id: string): Promise<CommentRow | undefined> {
  const r = await sql<CommentRow>`
    select ${columns} from discussion_comments c where c.id = ${id}`.execute(db);
  return r.rows[0];
}

/** The ids among `targetIds` the account has praised. */
export async function praisedBy(
  db: Kysely<DB>,
  targetType: string,
  targetIds: readonly string[],
  accountId: string | null,
): Promise<Set<string>> {
  if (!accountId || targetIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('discussion_praise')
    .select('target_id')
    .where('target_type', '=', targetType)
    .where('target_id', 'in', [...targetIds])
    .where('account_id', '=', accountId)
    .execute();
  return new Set(rows.map((r) => r.target_id));
}

/** Add (+1) or take away (-1) one comment from a thread's count, creating the thread row. */
export async function bumpThreadComments(
  trx: Kysely<DB>,
  type: string,
  subjectId: string,
  delta: number,
): Promise<void> {
  await sql`
    insert into discussion_threads (subject_type, subject_id, comment_count)
    values (${type}, ${subjectId}, ${Math.max(delta, 0)})
    on conflict (subject_type, subject_id)
    do update set comment_count = discussion_threads.comment_count + ${delta}`.execute(trx);
}
