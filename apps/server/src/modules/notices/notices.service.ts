import crypto from 'node:crypto';
import {
  type CreateNoticeBody,
  type NoticeDetail,
  type NoticeList,
  type NoticeListQuery,
  type NoticeStatus,
  type NoticeSummary,
  type NoticeTargetRef,
  type UpdateNoticeBody,
} from '@cc/contracts';
import type { Kysely, Selectable } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { pathWithin } from '../../platform/db/path-within.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { enqueueJobsQuery } from '../../platform/jobs.js';
import { findAreaCached } from '../areas/index.js';
import { recordAudit } from '../audit/index.js';
import { accountNames } from '../identity/index.js';
import { attachmentRefs, photoUrl, setAttachments, setOwnedPhotos } from '../media/index.js';
import { buildingRefs } from '../registry/index.js';
import { PUBLISH_NOTICE_JOB } from './notice-job-kinds.js';
import type { NoticesTable } from './notices.tables.js';
import { checkTimes, checkTitle, isLater, parseTime, resolveTargets } from './notice-input.js';
import { authorBindings, authorScope, mayManageNotice } from './notices.policy.js';
import { startPublishing } from './publishing.js';

export const NOT_FOUND = 'No such notice / 通知不存在';
export const OWNER_TYPE = 'notice';

type NoticeRow = Selectable<NoticesTable>;

function requireAuthor(ctx: Ctx): string {
  if (!ctx.actor) throw AppError.unauthenticated();
  if (authorBindings(ctx.actor).length === 0) {
    throw AppError.forbidden(
      'Only committee, street, district and city staff write notices / 仅居委、街道、区、市工作人员可发布通知',
    );
  }
  return ctx.actor.id;
}

function schedule(trx: Kysely<DB>, id: string, at: Date) {
  return enqueueJobsQuery([
    PUBLISH_NOTICE_JOB.spec(
      { noticeId: id },
      { runAt: at, dedupeKey: `notices.publish:${id}:${at.toISOString()}` },
    ),
  ])!.execute(trx);
}

/** Write a notice: a draft, scheduled for `publishAt`, or published now. Audited. */
export async function createNotice(ctx: Ctx, body: CreateNoticeBody): Promise<NoticeDetail> {
  const authorId = requireAuthor(ctx);
  const title = checkTitle(body.title);
  const targets = await resolveTargets(ctx, body.targets);
  const now = new Date();
  const publishAt = parseTime('publishAt', body.publishAt);
  const expiresAt = parseTime('expiresAt', body.expiresAt);
  checkTimes(publishAt, expiresAt, now);
  const scheduled = !body.draft && isLater(publishAt, now);
  const publishNow = !body.draft && !scheduled;
  // "publish now" is inserted as a draft that startPublishing (below, in the same transaction)
  // makes published and starts delivering: drafts and new notices are published one way
  const insertedAs: NoticeStatus = scheduled ? 'scheduled' : 'draft';
  const id = crypto.randomUUID();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('notices')
      .values({
        id,
        author_id: authorId,
        area_code: targets.areaCode,
        area_path: targets.areaPath,
        publisher: targets.publisher,
        title,
        body: body.body,
        photo_ids: [...new Set(body.photoIds ?? [])],
        target_codes: targets.codes,
        target_paths: targets.paths,
        target_building_ids: targets.buildingIds,
        status: insertedAs,
        publish_at: publishAt,
        expires_at: expiresAt,
        pinned: body.pinned ?? false,
        urgent: body.urgent ?? false,
      })
      .execute();
    await setOwnedPhotos(trx, {
      ids: body.photoIds ?? [],
      ownerType: OWNER_TYPE,
      ownerId: id,
      uploadedBy: authorId,
    });
    await setAttachments(trx, {
      ids: body.attachmentIds ?? [],
      ownerType: OWNER_TYPE,
      ownerId: id,
      uploadedBy: authorId,
    });
    await recordAudit(
      ctx,
      {
        action: 'notice.create',
        objectType: 'notice',
        objectId: id,
        areaPath: targets.areaPath,
        detail: {
          status: publishNow ? 'published' : insertedAs,
          urgent: body.urgent ?? false,
        },
      },
      trx,
    );
    if (scheduled) await schedule(trx, id, publishAt!);
    else if (publishNow) await startPublishing(trx, ctx, id, now);
  });
  ctx.jobs.kick();
  return staffDetail(ctx, id);
}

/** The notice as its area's staff see it; 404 outside their scope. */
async function requireManaged(
  ctx: Ctx,
  db: Kysely<DB>,
  id: string,
  lock = false,
): Promise<NoticeRow> {
  requireAuthor(ctx);
  let q = db.selectFrom('notices').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row || !mayManageNotice(ctx.actor, row.area_path)) throw AppError.notFound(NOT_FOUND);
  return row;
}

function requireEditable(row: NoticeRow): void {
  if (row.status !== 'draft' && row.status !== 'scheduled') {
    throw AppError.conflict(
      'Only a draft or a scheduled notice can be changed / 只能修改草稿或定时发布的通知',
      'status',
    );
  }
}

/** Change a draft or a scheduled notice. Audited. */
export async function updateNotice(
  ctx: Ctx,
  id: string,
  body: UpdateNoticeBody,
): Promise<NoticeDetail> {
  const authorId = requireAuthor(ctx);
  const targets = body.targets ? await resolveTargets(ctx, body.targets) : null;
  const now = new Date();
  await ctx.db.transaction().execute(async (trx) => {
    const row = await requireManaged(ctx, trx, id, true);
    requireEditable(row);
    const publishAt =
      body.publishAt !== undefined ? parseTime('publishAt', body.publishAt) : row.publish_at;
    const expiresAt =
      body.expiresAt !== undefined ? parseTime('expiresAt', body.expiresAt) : row.expires_at;
    if (body.publishAt !== undefined || body.expiresAt !== undefined)
      checkTimes(publishAt, expiresAt, now);
    if (row.status === 'scheduled' && !isLater(publishAt, now)) {
      throw AppError.invalid(
        'publishAt',
        'future',
        'publishAt: a scheduled notice needs a time in the future; publish it now instead / 定时发布时间须晚于当前时间',
      );
    }
    if (
      row.status === 'scheduled' &&
      publishAt &&
      publishAt.getTime() !== row.publish_at?.getTime()
    )
      await schedule(trx, id, publishAt);
    await trx
      .updateTable('notices')
      .set({
        ...(body.title !== undefined ? { title: checkTitle(body.title) } : {}),
        ...(body.body !== undefined ? { body: body.body } : {}),
        ...(body.photoIds !== undefined ? { photo_ids: [...new Set(body.photoIds)] } : {}),
        ...(targets
          ? {
              target_codes: targets.codes,
              target_paths: targets.paths,
              target_building_ids: targets.buildingIds,
              area_code: targets.areaCode,
              area_path: targets.areaPath,
              publisher: targets.publisher,
            }
          : {}),
        ...(body.pinned !== undefined ? { pinned: body.pinned } : {}),
        ...(body.urgent !== undefined ? { urgent: body.urgent } : {}),
        publish_at: publishAt,
        expires_at: expiresAt,
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
    if (body.photoIds !== undefined)
      await setOwnedPhotos(trx, {
        ids: body.photoIds,
        ownerType: OWNER_TYPE,
        ownerId: id,
        uploadedBy: authorId,
      });
    if (body.attachmentIds !== undefined)
      await setAttachments(trx, {
        ids: body.attachmentIds,
        ownerType: OWNER_TYPE,
        ownerId: id,
        uploadedBy: authorId,
      });
    await recordAudit(
      ctx,
      { action: 'notice.update', objectType: 'notice', objectId: id, areaPath: row.area_path },
      trx,
    );
  });
  ctx.jobs.kick();
  return staffDetail(ctx, id);
}

/** Publish a draft: now, or at its `publishAt` when that is still ahead. */
export async function publishNotice(ctx: Ctx, id: string): Promise<NoticeDetail> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await requireManaged(ctx, trx, id, true);
    if (row.status !== 'draft') {
      throw AppError.conflict('Only a draft can be published / 只能发布草稿', 'status');
    }
    const now = new Date();
    if (row.expires_at && row.expires_at <= now) {
      throw AppError.invalid(
        'expiresAt',
        'afterPublish',
        'expiresAt: the notice has expired already / 通知已过期',
      );
    }
    if (isLater(row.publish_at, now)) {
      await trx
        .updateTable('notices')
        .set({ status: 'scheduled', updated_at: now })
        .where('id', '=', id)
        .execute();
      await schedule(trx, id, row.publish_at!);
    } else {
      await startPublishing(trx, ctx, id, now);
    }
  });
  ctx.jobs.kick();
  return staffDetail(ctx, id);
}

/** Withdraw a notice: residents no longer see it; its counts stay. Audited. */
export async function withdrawNotice(ctx: Ctx, id: string): Promise<NoticeDetail> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await requireManaged(ctx, trx, id, true);
    if (row.status === 'withdrawn') {
      throw AppError.conflict('The notice is withdrawn already / 通知已撤回', 'status');
    }
    const now = new Date();
    await trx
      .updateTable('notices')
      .set({ status: 'withdrawn', withdrawn_at: now, updated_at: now })
      .where('id', '=', id)
      .execute();
    await recordAudit(
      ctx,
      {
        action: 'notice.withdraw',
        objectType: 'notice',
        objectId: id,
        areaPath: row.area_path,
        detail: { from: row.status },
      },
      trx,
    );
  });
  return staffDetail(ctx, id);
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The fields every view of a notice shares (staff list, staff detail, a reader's copy). */
function baseFields(r: NoticeRow) {
  return {
    id: r.id,
    title: r.title,
    publisher: r.publisher,
    status: r.status as NoticeStatus,
    publishAt: iso(r.publish_at),
    publishedAt: iso(r.published_at),
    expiresAt: iso(r.expires_at),
    pinned: r.pinned,
    urgent: r.urgent,
  };
}

function summary(
  r: NoticeRow,
  names: Map<string, string>,
  reads: Map<string, number>,
): NoticeSummary {
  const read = reads.get(r.id) ?? 0;
  return {
    ...baseFields(r),
    areaCode: r.area_code,
    authorName: names.get(r.author_id) ?? null,
    recipients: r.recipient_count,
    reads: read,
    readShare: r.recipient_count > 0 ? read / r.recipient_count : 0,
    delivering: r.fanout === 'running',
    createdAt: r.created_at.toISOString(),
  };
}

/**
 * 通知公告: the notices of the reader's areas in every status (drafts, scheduled, published,
 * withdrawn; `status` narrows), newest first, with their read share.
 */
export async function listNotices(ctx: Ctx, q: NoticeListQuery): Promise<NoticeList> {
  requireAuthor(ctx);
  const pageSize = q.pageSize ?? 20;
  let base = ctx.db.selectFrom('notices').where(pathWithin('area_path', authorScope(ctx.actor)));
  if (q.status) base = base.where('status', '=', q.status);
  const [rows, count] = await Promise.all([
    base
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(pageSize)
      .offset(((q.page ?? 1) - 1) * pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const names = await accountNames(
    ctx.db,
    rows.map((r) => r.author_id),
  );
  // the reads of each notice: the sum of its buildings' counters (no counter per notice)
  const reads = new Map<string, number>();
  const published = rows.filter((r) => r.fanout !== 'none').map((r) => r.id);
  if (published.length > 0) {
    const sums = await ctx.db
      .selectFrom('notice_building_counts')
      .select((eb) => ['notice_id', eb.fn.sum<string>('read').as('read')])
      .where('notice_id', 'in', published)
      .groupBy('notice_id')
      .execute();
    for (const x of sums) reads.set(x.notice_id, Number(x.read));
  }
  return { items: rows.map((r) => summary(r, names, reads)), total: Number(count.n) };
}

/** The body of a notice as any reader gets it (photos, attachments). */
export async function noticeContent(ctx: Ctx, r: NoticeRow) {
  const files = await attachmentRefs(ctx.db, OWNER_TYPE, [r.id]);
  return {
    ...baseFields(r),
    body: r.body,
    photos: r.photo_ids.map((p) => ({
      id: p,
      large: photoUrl(p, 'large'),
      thumb: photoUrl(p, 'thumb'),
    })),
    attachments: files.get(r.id) ?? [],
  };
}

/** A notice as its area's staff see it: content, targets by name, whether it can change. */
export async function staffDetail(ctx: Ctx, id: string, row?: NoticeRow): Promise<NoticeDetail> {
  const r = row ?? (await requireManaged(ctx, ctx.db, id));
  const buildings = await buildingRefs(ctx.db, r.target_building_ids);
  const targets: NoticeTargetRef[] = [];
  for (const code of r.target_codes) {
    const a = await findAreaCached(ctx.db, code);
    targets.push({ kind: 'area', id: code, name: a?.name ?? code });
  }
  for (const b of r.target_building_ids) {
    targets.push({ kind: 'building', id: b, name: buildings.get(b)?.name ?? b });
  }
  const content = await noticeContent(ctx, r);
  return {
    ...content,
    targets,
    editable: r.status === 'draft' || r.status === 'scheduled',
    targetInput: { areaCodes: r.target_codes, buildingIds: r.target_building_ids },
    photoIds: r.photo_ids,
    attachmentIds: content.attachments.map((a) => a.id),
  };
}

/** The notice row if the actor manages it (staff of its area), else null: no error. */
export async function managedNotice(ctx: Ctx, id: string): Promise<NoticeRow | null> {
  if (authorBindings(ctx.actor).length === 0) return null;
  const row = await ctx.db
    .selectFrom('notices')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row && mayManageNotice(ctx.actor, row.area_path) ? row : null;
}
