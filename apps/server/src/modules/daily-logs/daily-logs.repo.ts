import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { DailyLogAuthorsTable, DailyLogsTable } from './daily-logs.tables.js';

/** A log row with its exact position (created_at as text: microseconds kept for cursors). */
export type LogRow = Selectable<DailyLogsTable> & { at_key: string };
export type AuthorRow = Selectable<DailyLogAuthorsTable>;

const columns = sql`l.id, l.committee_code, l.area_path, l.kind, l.body, l.author_id, l.badge,
  l.visibility, l.created_at, l.created_at::text as at_key`;

/** A uuid PostgreSQL takes (ids also reach us from other modules' routes: discussion, reports). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (id: string): boolean => UUID.test(id);

/** One log, whatever its visibility (none for an id that is no uuid). */
export async function findLog(db: Kysely<DB>, id: string): Promise<LogRow | undefined> {
  if (!isUuid(id)) return undefined;
  const r = await sql<LogRow>`select ${columns} from daily_logs l where l.id = ${id}`.execute(db);
  return r.rows[0];
}

/**
 * A page of the committees' logs, newest first, after the keyset position (if any): visible
 * ones only, or all but removed ones in `withHidden` committees (their moderators').
 */
export async function logsPage(
  db: Kysely<DB>,
  o: {
    committees: readonly string[];
    withHidden: readonly string[];
    kind?: string | undefined;
    after: [string, string] | null;
    limit: number;
  },
): Promise<LogRow[]> {
  if (o.committees.length === 0) return [];
  const seen =
    o.withHidden.length > 0
      ? sql`(l.visibility = 'visible' or (l.visibility = 'hidden' and l.committee_code = any(${[...o.withHidden]}::text[])))`
      : sql`l.visibility = 'visible'`;
  const r = await sql<LogRow>`
    select ${columns} from daily_logs l
    where l.committee_code = any(${[...o.committees]}::text[]) and ${seen}
      ${o.kind ? sql`and l.kind = ${o.kind}` : sql``}
      ${o.after ? sql`and (l.created_at, l.id) < (${o.after[0]}::timestamptz, ${o.after[1]}::uuid)` : sql``}
    order by l.created_at desc, l.id desc
    limit ${o.limit}`.execute(db);
  return r.rows;
}

/** The kinds the account was appointed to post in the committee. */
export async function authorKinds(
  db: Kysely<DB>,
  committeeCode: string,
  accountId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('daily_log_authors')
    .select('kind')
    .where('committee_code', '=', committeeCode)
    .where('account_id', '=', accountId)
    .orderBy('kind')
    .execute();
  return rows.map((r) => r.kind);
}

/** Every appointment of the account (its authorships). */
export async function authorshipsOf(db: Kysely<DB>, accountId: string): Promise<AuthorRow[]> {
  return db
    .selectFrom('daily_log_authors')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('committee_code')
    .orderBy('kind')
    .execute();
}

/** A committee's appointed authors, newest appointment first (a committee has tens at most). */
export async function authorsOf(db: Kysely<DB>, committeeCode: string): Promise<AuthorRow[]> {
  return db
    .selectFrom('daily_log_authors')
    .selectAll()
    .where('committee_code', '=', committeeCode)
    .orderBy('appointed_at', 'desc')
    .orderBy('id')
    .limit(500)
    .execute();
}

/** Appoint (nothing when already appointed); returns the row and whether it is new. */
export async function putAuthor(
  trx: Kysely<DB>,
  row: {
    id: string;
    committeeCode: string;
    areaPath: string;
    accountId: string;
    kind: string;
    by: string;
  },
): Promise<{ row: AuthorRow; created: boolean }> {
  const inserted = await trx
    .insertInto('daily_log_authors')
    .values({
      id: row.id,
      committee_code: row.committeeCode,
      area_path: row.areaPath,
      account_id: row.accountId,
      kind: row.kind,
      appointed_by: row.by,
    })
    .onConflict((oc) => oc.columns(['committee_code', 'account_id', 'kind']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { row: inserted, created: true };
  const existing = await trx
    .selectFrom('daily_log_authors')
    .selectAll()
    .where('committee_code', '=', row.committeeCode)
    .where('account_id', '=', row.accountId)
    .where('kind', '=', row.kind)
    .executeTakeFirstOrThrow();
  return { row: existing, created: false };
}

export async function findAuthor(db: Kysely<DB>, id: string): Promise<AuthorRow | undefined> {
  if (!isUuid(id)) return undefined;
  return db.selectFrom('daily_log_authors').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deleteAuthor(trx: Kysely<DB>, id: string): Promise<AuthorRow | undefined> {
  return trx.deleteFrom('daily_log_authors').where('id', '=', id).returningAll().executeTakeFirst();
}

/** The accounts among `accountIds` appointed in the committee, with their kinds. */
export async function authorKindsOf(
  db: Kysely<DB>,
  committeeCode: string,
  accountIds: readonly string[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (accountIds.length === 0) return out;
  const rows = await db
    .selectFrom('daily_log_authors')
    .select(['account_id', 'kind'])
    .where('committee_code', '=', committeeCode)
    .where('account_id', 'in', [...new Set(accountIds)])
    .orderBy('kind')
    .execute();
  for (const r of rows) out.set(r.account_id, [...(out.get(r.account_id) ?? []), r.kind]);
  return out;
}

export async function insertLog(
  trx: Kysely<DB>,
  row: {
    id: string;
    committeeCode: string;
    areaPath: string;
    kind: string;
    body: string;
    authorId: string;
    badge: string;
  },
): Promise<void> {
  await trx
    .insertInto('daily_logs')
    .values({
      id: row.id,
      committee_code: row.committeeCode,
      area_path: row.areaPath,
      kind: row.kind,
      body: row.body,
      author_id: row.authorId,
      badge: row.badge,
    })
    .execute();
}

export async function setLogVisibility(
  trx: Kysely<DB>,
  id: string,
  visibility: 'visible' | 'hidden' | 'removed',
): Promise<void> {
  await trx.updateTable('daily_logs').set({ visibility }).where('id', '=', id).execute();
}
