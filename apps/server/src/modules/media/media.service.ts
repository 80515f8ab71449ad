import crypto from 'node:crypto';
import { ErrorCode, PHOTO_MAX_BYTES, type PhotoSize, type UploadedPhoto } from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { encodeRenditions } from './image-encoder.js';
import { sniffImageType } from './image-type.js';
import { canSeePhoto } from './media.policy.js';
import * as repo from './media.repo.js';
import { readPhotoFile, removePhotoFiles, writePhotoFiles } from './photo-store.js';

const NOT_FOUND = 'No such photo / 照片不存在';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** More photos than any one case needs: bounds the query. */
const MAX_ATTACH = 50;

export function photoUrl(id: string, size: PhotoSize): string {
  return `/api/photos/${id}/${size}`;
}

export function tooLarge(): AppError {
  return new AppError(
    ErrorCode.payloadTooLarge,
    `file: at most ${PHOTO_MAX_BYTES / 1024 / 1024} MB / 照片不能超过 ${PHOTO_MAX_BYTES / 1024 / 1024} MB`,
    { field: 'file', rule: 'maxSize' },
  );
}

/**
 * Accept a photo: check its type by its first bytes, re-encode it (upright, no metadata) into
 * the served sizes, store those durably, then record it. The original bytes are not kept.
 * Refused uploads leave nothing behind.
 */
export async function uploadPhoto(ctx: Ctx, bytes: Buffer): Promise<UploadedPhoto> {
  const actor = ctx.actor;
  if (!actor) throw AppError.unauthenticated();
  if (bytes.length === 0) {
    throw AppError.invalid('file', 'minSize', 'file: the file is empty / 文件为空');
  }
  if (bytes.length > PHOTO_MAX_BYTES) throw tooLarge();
  const kind = sniffImageType(bytes);
  if (!kind) {
    throw new AppError(
      ErrorCode.unsupportedMediaType,
      'file: only JPEG, PNG, WebP and HEIC photos are accepted / 仅支持 JPEG、PNG、WebP、HEIC 格式的照片',
      { field: 'file', rule: 'type' },
    );
  }
  const { width, height, files } = await encodeRenditions(bytes, kind);

  const id = crypto.randomUUID();
  const { dataDir } = ctx.config;
  await writePhotoFiles(dataDir, id, files);
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await repo.insertPhoto(trx, {
        id,
        uploaded_by: actor.id,
        case_id: null,
        width,
        height,
        bytes_large: files.large.length,
        bytes_thumb: files.thumb.length,
      });
      await recordAudit(
        ctx,
        {
          action: 'photo.upload',
          objectType: 'photo',
          objectId: id,
          detail: { type: kind, bytes: bytes.length, width, height },
        },
        trx,
      );
    });
  } catch (e) {
    await removePhotoFiles(dataDir, id, ['large', 'thumb']);
    throw e;
  }
  return {
    id,
    width,
    height,
    urls: { large: photoUrl(id, 'large'), thumb: photoUrl(id, 'thumb') },
  };
}

/** The bytes of one rendition, for whoever may see the photo; 404 for everyone else. */
export async function readPhoto(ctx: Ctx, id: string, size: PhotoSize): Promise<Buffer> {
  const row = await repo.findPhoto(ctx.db, id);
  const visible =
    !!row &&
    (await canSeePhoto(ctx, {
      id: row.id,
      uploadedBy: row.uploaded_by,
      caseId: row.case_id,
      ownerType: row.owner_type,
      ownerId: row.owner_id,
    }));
  if (!visible) throw AppError.notFound(NOT_FOUND);
  const data = await readPhotoFile(ctx.config.dataDir, id, size);
  // the file went between the row and the read (the purge): as if the row had gone first
  if (!data) throw AppError.notFound(NOT_FOUND);
  return data;
}

/**
 * Link photos to a case, inside the caller's transaction: each must have been uploaded by
 * `uploadedBy` and not be attached yet. All or nothing.
 * @returns how many photos were linked
 * @throws AppError 400 (field `photoIds`) naming the first photo that cannot be linked
 */
export async function attachPhotosToCase(
  db: Kysely<DB>,
  photoIds: readonly string[],
  caseId: string,
  uploadedBy: string,
): Promise<number> {
  const ids = [...new Set(photoIds.map((id) => id.toLowerCase()))];
  if (ids.length === 0) return 0;
  if (ids.length > MAX_ATTACH) {
    throw AppError.invalid(
      'photoIds',
      'maxItems',
      `photoIds: at most ${MAX_ATTACH} photos / 照片过多`,
    );
  }
  const malformed = ids.find((id) => !UUID.test(id));
  if (malformed !== undefined) {
    throw AppError.invalid(
      'photoIds',
      'format',
      `photoIds: "${malformed.slice(0, 40)}" is not a photo id`,
    );
  }
  const rows = new Map((await repo.lockPhotos(db, ids)).map((r) => [r.id, r]));
  for (const id of ids) {
    const row = rows.get(id);
    // someone else's photo is reported as unknown: its existence is not revealed
    if (!row || row.uploaded_by !== uploadedBy) {
      throw AppError.invalid(
        'photoIds',
        'exists',
        `photoIds: no photo ${id} of yours / 照片不存在`,
      );
    }
    if (row.case_id !== null) {
      throw AppError.invalid(
        'photoIds',
        'unattached',
        `photoIds: photo ${id} is already attached to a case / 照片已关联其他事件`,
      );
    }
  }
  const linked = await repo.setPhotosCase(db, ids, caseId, uploadedBy);
  if (linked !== ids.length) {
    // only without a transaction around us can a concurrent attach get in between
    throw AppError.invalid('photoIds', 'unattached', 'photoIds: a photo was attached meanwhile');
  }
  return linked;
}
