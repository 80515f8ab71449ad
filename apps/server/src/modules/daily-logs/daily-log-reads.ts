import {
  DAILY_LOG_STAFF_ROLES,
  DAILY_LOG_SUBJECT_TYPE,
  maskName,
  type DailyLog,
  type DailyLogBadge,
  type DailyLogKind,
  type DailyLogList,
  type DailyLogListQuery,
  type MyDailyLogListQuery,
} from '@cc/contracts';
import type { Ctx } from '../../platform/context.js';
import { openCursor, sealCursor } from '../../platform/cursor.js';
import { AppError } from '../../platform/errors.js';
import { bindingsWith } from '../../platform/policy.js';
import { findAreaCached } from '../areas/index.js';
import { praisedBy, threadCounts } from '../discussion/index.js';
import { accountNames } from '../identity/index.js';
import { attachmentRefs } from '../media/index.js';
import { residentHome } from '../residents/index.js';
import { committeeArea, readerFrom, readerOf, requireReader } from './daily-log-readers.js';
import { authorshipsOf, findLog, logsPage, type LogRow } from './daily-logs.repo.js';
import { canReadLogs, isLogModerator, type LogReader } from './daily-logs.policy.js';

/**
 * Reading logs: a committee's (its staff, authors and verified residents), the reader's own
 * feed (the committees they live in or write for), one log. Hidden logs are listed for the
 * committee's moderators only (marked hidden); a removed one is opened by its moderators only.
 */

/** The media module's owner type of a log's photos. */
export const PHOTO_OWNER = DAILY_LOG_SUBJECT_TYPE;
export const NO_SUCH_LOG = 'No such log / 日志不存在';
const LIST = 'daily-logs.list';
const MINE = 'daily-logs.mine';

function position(ctx: Ctx, list: string, cursor: string | undefined): [string, string] | null {
  if (!cursor) return null;
  const v = openCursor(ctx.cipher.key, list, ctx.actor?.id, cursor);
  if (!Array.isArray(v) || typeof v[0] !== 'string' || typeof v[1] !== 'string')
    throw AppError.invalid('cursor', 'format', 'cursor: start from the first page / 分页游标无效');
  return [v[0], v[1]];
}

function nextCursor(ctx: Ctx, list: string, rows: LogRow[], limit: number): string | null {
  if (rows.length <= limit) return null;
  const last = rows[limit - 1]!;
  return sealCursor(ctx.cipher.key, list, ctx.actor?.id, [last.at_key, last.id]);
}

/**
 * The logs as the reader sees them: photos, counts, praise and names in one query each. The
 * author's name whole for the committee's staff, masked for everyone else.
 */
export async function shapeLogs(
  ctx: Ctx,
  rows: LogRow[],
  readers: Map<string, LogReader>,
): Promise<DailyLog[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [photos, counts, praised, names] = await Promise.all([
    attachmentRefs(ctx.db, PHOTO_OWNER, ids),
    threadCounts(ctx.db, DAILY_LOG_SUBJECT_TYPE, ids),
    praisedBy(ctx.db, DAILY_LOG_SUBJECT_TYPE, ids, ctx.actor?.id ?? null),
    accountNames(
      ctx.db,
      rows.map((r) => r.author_id),
    ),
  ]);
  const committees = new Map<string, string>();
  for (const code of new Set(rows.map((r) => r.committee_code)))
    committees.set(code, (await findAreaCached(ctx.db, code))?.name ?? code);
  return rows.map((r) => {
    const name = names.get(r.author_id) ?? '?';
    const c = counts.get(r.id);
    return {
      id: r.id,
      committee: { code: r.committee_code, name: committees.get(r.committee_code)! },
      kind: r.kind as DailyLogKind,
      body: r.body,
      author: {
        name: readers.get(r.committee_code)?.isStaff ? name : maskName(name),
        badge: r.badge as DailyLogBadge,
        isMe: r.author_id === ctx.actor?.id,
      },
      photos: photos.get(r.id) ?? [],
      praiseCount: c?.praise ?? 0,
      commentCount: c?.comments ?? 0,
      praisedByMe: praised.has(r.id),
      createdAt: r.created_at.toISOString(),
      hidden: r.visibility !== 'visible',
    };
  });
}

/** A committee's logs, newest first, optionally of one kind; 404 for anyone but its readers. */
export async function listDailyLogs(ctx: Ctx, q: DailyLogListQuery): Promise<DailyLogList> {
  const { committee, reader } = await requireReader(ctx, q.committee, canReadLogs);
  const limit = q.limit ?? 20;
  const list = `${LIST}:${committee.code}:${q.kind ?? ''}`;
  const rows = await logsPage(ctx.db, {
    committees: [committee.code],
    withHidden: isLogModerator(reader) ? [committee.code] : [],
    kind: q.kind,
    after: position(ctx, list, q.cursor),
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  return {
    items: await shapeLogs(ctx, page, new Map([[committee.code, reader]])),
    nextCursor: nextCursor(ctx, list, rows, limit),
  };
}

/**
 * The reader's feed: the logs of the committee they are a verified resident of, of those they
 * were appointed to write for and of those they work for as staff, newest first (the same
 * committees `GET /api/my/daily-log-authorships` and the home say). None: an empty feed.
 */
export async function listMyDailyLogs(ctx: Ctx, q: MyDailyLogListQuery): Promise<DailyLogList> {
  const actor = ctx.actor!;
  const [home, authorships] = await Promise.all([
    residentHome(ctx.db, actor.id),
    authorshipsOf(ctx.db, actor.id),
  ]);
  const codes = [
    ...new Set([
      ...(home ? [home.committeeCode] : []),
      ...authorships.map((a) => a.committee_code),
      ...bindingsWith(actor, DAILY_LOG_STAFF_ROLES)
        .filter((b) => b.areaLevel === 'committee')
        .map((b) => b.areaCode),
    ]),
  ];
  // what the reader is to each committee, from the two reads above (no query per committee)
  const readers = new Map<string, LogReader>();
  for (const code of codes) {
    const area = await committeeArea(ctx, code);
    if (!area) continue;
    const kinds = authorships.filter((a) => a.committee_code === code).map((a) => a.kind);
    readers.set(
      code,
      readerFrom(actor, area, { kinds, homeCommittee: home?.committeeCode ?? null }),
    );
  }
  const limit = q.limit ?? 20;
  const list = `${MINE}:${q.kind ?? ''}`;
  const rows = await logsPage(ctx.db, {
    committees: [...readers.keys()],
    withHidden: [...readers.values()].filter(isLogModerator).map((r) => r.committeeCode),
    kind: q.kind,
    after: position(ctx, list, q.cursor),
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  return {
    items: await shapeLogs(ctx, page, readers),
    nextCursor: nextCursor(ctx, list, rows, limit),
  };
}

/**
 * The log and the reader's relation to its committee; null when the reader may not see it
 * (a stranger; a hidden log but for its moderators and its author; a removed one but for its
 * moderators, who may restore it).
 */
export async function visibleLog(
  ctx: Ctx,
  id: string,
): Promise<{ row: LogRow; reader: LogReader } | null> {
  if (!ctx.actor) return null;
  const row = await findLog(ctx.db, id);
  if (!row) return null;
  const area = await committeeArea(ctx, row.committee_code);
  if (!area) return null;
  const reader = await readerOf(ctx, area);
  if (!canReadLogs(reader)) return null;
  if (row.visibility === 'visible' || isLogModerator(reader)) return { row, reader };
  // its author still sees a hidden log (marked hidden), not a removed one
  return row.visibility === 'hidden' && row.author_id === ctx.actor.id ? { row, reader } : null;
}

/** One log; 404 for anyone who may not see it. */
export async function getDailyLog(ctx: Ctx, id: string): Promise<DailyLog> {
  const seen = await visibleLog(ctx, id);
  if (!seen) throw AppError.notFound(NO_SUCH_LOG);
  const [log] = await shapeLogs(ctx, [seen.row], new Map([[seen.row.committee_code, seen.reader]]));
  return log!;
}
