import crypto from 'node:crypto';
import {
  DAILY_LOG_BODY_MAX,
  DAILY_LOG_KIND_LABELS,
  type DailyLog,
  type PostDailyLogBody,
} from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { maskPersonalNumbers } from '../../platform/text-masking.js';
import { attachAttachments, attachmentRefs } from '../media/index.js';
import { requireReader } from './daily-log-readers.js';
import { PHOTO_OWNER, shapeLogs } from './daily-log-reads.js';
import { findLog, insertLog } from './daily-logs.repo.js';
import { canPostKind, canReadLogs } from './daily-logs.policy.js';

const PHOTO_KINDS = new Set(['jpeg', 'png']);

/** The body as published: trimmed, 1–2000 characters, ID and mobile numbers masked. */
function checkBody(raw: string): string {
  const body = raw.trim();
  if (body.length === 0)
    throw AppError.invalid(
      'body',
      'minLength',
      'body: write what was done today (1–2000 characters) / 日志内容不能为空',
    );
  if (body.length > DAILY_LOG_BODY_MAX)
    throw AppError.invalid(
      'body',
      'maxLength',
      `body: at most ${DAILY_LOG_BODY_MAX} characters / 日志不能超过${DAILY_LOG_BODY_MAX}字`,
    );
  return maskPersonalNumbers(body);
}

/** Take the author's own uploaded images for the log; anything but a JPEG or PNG is a 400. */
async function attachPhotos(
  trx: Kysely<DB>,
  logId: string,
  uploadedBy: string,
  ids: readonly string[],
): Promise<void> {
  await attachAttachments(trx, {
    ids,
    ownerType: PHOTO_OWNER,
    ownerId: logId,
    uploadedBy,
    field: 'attachmentIds',
  });
  const refs = (await attachmentRefs(trx, PHOTO_OWNER, [logId])).get(logId) ?? [];
  const notPhoto = refs.find((r) => !PHOTO_KINDS.has(r.kind));
  if (notPhoto)
    throw AppError.invalid(
      'attachmentIds',
      'type',
      `attachmentIds: ${notPhoto.name} is not a photo (JPEG or PNG only) / 日志只能附加图片（JPEG 或 PNG）`,
    );
}

/**
 * Post a log to a committee: its staff any kind (badge 居委), its appointed authors their
 * kinds (badge of the kind). A reader who may not post that kind: 403 saying so; anyone else:
 * 404. The text is published with ID and mobile numbers masked; photos are the author's own
 * image uploads, taken in the same transaction (a bad one: 400, nothing stored).
 */
export async function postDailyLog(ctx: Ctx, input: PostDailyLogBody): Promise<DailyLog> {
  const actor = ctx.actor!;
  const { committee, reader } = await requireReader(ctx, input.committeeCode, canReadLogs);
  if (!canPostKind(reader, input.kind))
    throw AppError.forbidden(
      `Only the committee's staff and the authors it appointed post ${DAILY_LOG_KIND_LABELS[input.kind].en.toLowerCase()}s here / 只有居委会工作人员和被指定的作者可以发布${DAILY_LOG_KIND_LABELS[input.kind].zh}`,
    );
  const body = checkBody(input.body);
  const id = crypto.randomUUID();
  await ctx.db.transaction().execute(async (trx) => {
    await insertLog(trx, {
      id,
      committeeCode: committee.code,
      areaPath: committee.path,
      kind: input.kind,
      body,
      authorId: actor.id,
      badge: reader.isStaff ? 'committee' : input.kind,
    });
    const photoIds = input.attachmentIds ?? [];
    if (photoIds.length > 0) await attachPhotos(trx, id, actor.id, photoIds);
  });
  const row = (await findLog(ctx.db, id))!;
  const [log] = await shapeLogs(ctx, [row], new Map([[committee.code, reader]]));
  return log!;
}
