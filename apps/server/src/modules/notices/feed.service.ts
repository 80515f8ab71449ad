import type { NoticeDetail, NoticeFeed, NoticeFeedQuery } from '@cc/contracts';
import { sql } from 'kysely';
import type { Actor, Ctx } from '../../platform/context.js';
import { inDistricts } from '../../platform/db/path-within.js';
import { districtsUnder } from '../../platform/district.js';
import { bindingsWith } from '../../platform/policy.js';
import { openCursor, sealCursor } from '../../platform/cursor.js';
import { AppError } from '../../platform/errors.js';
import type { OwnedFileRef } from '../media/index.js';
import { plainExcerpt } from './excerpt.js';
import { managedNotice, NOT_FOUND, noticeContent, staffDetail } from './notices.service.js';

const FEED = 'notices.feed';

/**
 * SQL: the receipt lies in one of the districts of the reader's homes (their resident
 * bindings), so a resident's reads go to their district (decision 030).
 */
function inMyDistricts(me: Actor) {
  const homes = bindingsWith(me, ['resident']).map((b) => b.areaPath);
  const districts = districtsUnder(homes);
  return districts ? inDistricts('r.district_code', districts) : sql<boolean>`true`;
}

/** Shown to a recipient: published, not hidden, not expired (SQL on `r` and `n`). */
const shown = sql<boolean>`(not r.hidden and n.status = 'published'
  and (r.expires_at is null or r.expires_at > now()))`;

/**
 * The resident's home feed: the notices aimed at them, pinned first, then newest; unread
 * marked; expired and withdrawn ones left out. One index range over
 * (account_id, pinned desc, published_at desc, notice_id desc), a page at a time.
 */
export async function noticeFeed(ctx: Ctx, q: NoticeFeedQuery): Promise<NoticeFeed> {
  const me = ctx.actor;
  if (!me) throw AppError.unauthenticated();
  const limit = q.limit ?? 20;
  let after: [boolean, string, string] | null = null;
  if (q.cursor) {
    const v = openCursor(ctx.cipher.key, FEED, me.id, q.cursor);
    if (!Array.isArray(v) || v.length !== 3) {
      throw AppError.invalid(
        'cursor',
        'format',
        'cursor: not a cursor of this list / 分页游标无效',
      );
    }
    after = v as [boolean, string, string];
  }
  const rows = await sql<{
    notice_id: string;
    pinned: boolean;
    published_at: Date;
    read_at: Date | null;
    title: string;
    head: string;
    publisher: string;
    expires_at: Date | null;
    urgent: boolean;
  }>`
    select r.notice_id, r.pinned, r.published_at, r.read_at, n.title, substr(n.body, 1, 400) as head,
      n.publisher, n.expires_at, n.urgent
    from notice_recipients r join notices n on n.id = r.notice_id
    where ${inMyDistricts(me)} and r.account_id = ${me.id} and ${shown}
      ${after ? sql`and (r.pinned, r.published_at, r.notice_id) < (${after[0]}, ${after[1]}::timestamptz, ${after[2]}::uuid)` : sql``}
    order by r.pinned desc, r.published_at desc, r.notice_id desc
    limit ${limit + 1}`.execute(ctx.db);
  const page = rows.rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: r.notice_id,
      title: r.title,
      excerpt: plainExcerpt(r.head, 80),
      publisher: r.publisher,
      publishedAt: r.published_at.toISOString(),
      expiresAt: r.expires_at?.toISOString() ?? null,
      pinned: r.pinned,
      urgent: r.urgent,
      read: r.read_at !== null,
    })),
    next:
      rows.rows.length > limit && last
        ? sealCursor(ctx.cipher.key, FEED, me.id, [
            last.pinned,
            last.published_at.toISOString(),
            last.notice_id,
          ])
        : null,
    unread: page.filter((r) => r.read_at === null).length,
  };
}

/** Is the account a recipient shown this notice now? Its read time (null = unread) if so. */
async function recipientRow(ctx: Ctx, me: Actor, noticeId: string) {
  return ctx.db
    .selectFrom('notice_recipients as r')
    .innerJoin('notices as n', 'n.id', 'r.notice_id')
    .select(['r.read_at'])
    .where(inMyDistricts(me))
    .where('r.account_id', '=', me.id)
    .where('r.notice_id', '=', noticeId)
    .where(shown)
    .executeTakeFirst();
}

/**
 * One notice: its area's staff get the staff view; a recipient gets it with `read` (reading
 * it marks nothing: POST …/read does); anyone else a 404.
 */
export async function readNotice(ctx: Ctx, id: string): Promise<NoticeDetail> {
  const me = ctx.actor;
  if (!me) throw AppError.unauthenticated();
  const managed = await managedNotice(ctx, id);
  if (managed) return staffDetail(ctx, id, managed);
  const mine = await recipientRow(ctx, me, id);
  if (!mine) throw AppError.notFound(NOT_FOUND);
  const row = await ctx.db
    .selectFrom('notices')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return { ...(await noticeContent(ctx, row)), read: mine.read_at !== null };
}

/**
 * Mark read, once: the receipt and its building's counter change in one statement, and only
 * when the receipt was unread, so a thousand readers at once count exactly a thousand and a
 * reader twice counts once. There is no counter per notice (decision 014): the total is the sum
 * of the buildings', so concurrent readers wait only for readers of the same building.
 */
export async function markNoticeRead(ctx: Ctx, id: string): Promise<{ read: true }> {
  const me = ctx.actor;
  if (!me) throw AppError.unauthenticated();
  const r = await sql<{ marked: number }>`
    with r as (
      update notice_recipients r set read_at = now()
      where ${inMyDistricts(me)} and account_id = ${me.id} and notice_id = ${id} and read_at is null and not hidden
        and (expires_at is null or expires_at > now())
        and exists (select 1 from notices n where n.id = ${id} and n.status = 'published')
      returning building_id
    ), b as (
      update notice_building_counts c set read = c.read + 1
      from r where c.notice_id = ${id} and c.building_id = r.building_id
    )
    select (select count(*) from r)::int as marked`.execute(ctx.db);
  if (r.rows[0]!.marked === 0 && !(await recipientRow(ctx, me, id))) {
    throw AppError.notFound(NOT_FOUND);
  }
  return { read: true };
}

/** A notice's photos and attachments: its area's staff and its recipients read them. */
export async function canReadNoticeFiles(ctx: Ctx, file: OwnedFileRef): Promise<boolean> {
  if (!ctx.actor) return false;
  if (await managedNotice(ctx, file.ownerId)) return true;
  return !!(await recipientRow(ctx, ctx.actor, file.ownerId));
}
