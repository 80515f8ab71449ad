import crypto from 'node:crypto';
import {
  ATTACHMENT_MAX_BYTES,
  ErrorCode,
  type AttachmentKind,
  type AttachmentRef,
  type UploadedAttachment,
} from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import sharp from 'sharp';
import type { AppDeps, Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import {
  readAttachmentFile,
  removeAttachmentFile,
  writeAttachmentFile,
} from './attachment-store.js';
import { kindOfName, sniffAttachment } from './attachment-type.js';
import { MAX_INPUT_PIXELS } from './image-encoder.js';
import { canSeeOwned } from './media.policy.js';

const NOT_FOUND = 'No such attachment / 附件不存在';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** More files than any one object carries: bounds the queries. */
const MAX_ATTACH = 20;
/** An attachment nobody attached within this long was abandoned (a form not sent). */
export const UNATTACHED_ATTACHMENT_TTL_MS = 24 * 3_600_000;

export const CONTENT_TYPES: Record<AttachmentKind, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  jpeg: 'image/jpeg',
  png: 'image/png',
};

export const attachmentUrl = (id: string) => `/api/attachments/${id}`;

export function attachmentTooLarge(): AppError {
  const mb = ATTACHMENT_MAX_BYTES / 1024 / 1024;
  return new AppError(ErrorCode.payloadTooLarge, `file: at most ${mb} MB / 附件不能超过 ${mb} MB`, {
    field: 'file',
    rule: 'maxSize',
  });
}

/** A file name as shown and sent back: its last path segment, no control characters, ≤ 120. */
function cleanName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (clean.length <= 120) return clean;
  const dot = clean.lastIndexOf('.');
  return clean.slice(0, 120 - (clean.length - dot)) + clean.slice(dot);
}

/**
 * Accept an attachment: its name must end in .pdf, .docx, .xlsx, .jpg/.jpeg or .png, and its
 * first bytes must be what that extension says (a `.pdf` that is a PNG is refused, naming
 * `file`). Images are re-encoded in their own format without metadata (EXIF, GPS); documents
 * are kept as uploaded. Refused uploads leave nothing behind.
 */
export async function uploadAttachment(
  ctx: Ctx,
  input: { fileName: string; bytes: Buffer },
): Promise<UploadedAttachment> {
  const actor = ctx.actor;
  if (!actor) throw AppError.unauthenticated();
  const name = cleanName(input.fileName);
  if (input.bytes.length === 0) {
    throw AppError.invalid('file', 'minSize', 'file: the file is empty / 文件为空');
  }
  if (input.bytes.length > ATTACHMENT_MAX_BYTES) throw attachmentTooLarge();
  const promised = kindOfName(name);
  if (!promised) {
    throw new AppError(
      ErrorCode.unsupportedMediaType,
      'file: only PDF, Word (.docx), Excel (.xlsx), JPEG and PNG files are accepted / 仅支持 PDF、Word（.docx）、Excel（.xlsx）、JPEG、PNG 文件',
      { field: 'file', rule: 'type' },
    );
  }
  const actual = await sniffAttachment(input.bytes);
  if (actual !== promised) {
    throw AppError.invalid(
      'file',
      'type',
      `file: "${name}" is not a ${promised.toUpperCase()} file (its content is ${actual ? actual.toUpperCase() : 'of another type'}) / 文件内容与扩展名不符`,
    );
  }
  const data =
    actual === 'jpeg' || actual === 'png' ? await reencode(input.bytes, actual) : input.bytes;
  const id = crypto.randomUUID();
  const sha256 = crypto.createHash('sha256').update(data).digest('hex');
  await writeAttachmentFile(ctx.config.dataDir, id, data);
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('attachments')
        .values({
          id,
          uploaded_by: actor.id,
          file_name: name,
          kind: actual,
          bytes: data.length,
          sha256,
          owner_type: null,
          owner_id: null,
        })
        .execute();
      await recordAudit(
        ctx,
        {
          action: 'attachment.upload',
          objectType: 'attachment',
          objectId: id,
          detail: { kind: actual, bytes: data.length },
        },
        trx,
      );
    });
  } catch (e) {
    await removeAttachmentFile(ctx.config.dataDir, id);
    throw e;
  }
  return { id, name, kind: actual, bytes: data.length, url: attachmentUrl(id) };
}

async function reencode(bytes: Buffer, kind: 'jpeg' | 'png'): Promise<Buffer> {
  try {
    const img = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' }).rotate();
    return await (kind === 'jpeg' ? img.jpeg({ quality: 90 }) : img.png()).toBuffer();
  } catch (e) {
    throw AppError.invalid(
      'file',
      'decode',
      `file: the image could not be decoded (${(e as Error).message.slice(0, 80)}) / 图片已损坏或无法解析`,
    );
  }
}

/** The file, its name and type, for whoever may read what it is attached to; 404 for anyone else. */
export async function readAttachment(
  ctx: Ctx,
  id: string,
): Promise<{ name: string; kind: AttachmentKind; data: Buffer }> {
  const row = await ctx.db
    .selectFrom('attachments')
    .select(['id', 'uploaded_by', 'owner_type', 'owner_id', 'file_name', 'kind'])
    .where('id', '=', id)
    .executeTakeFirst();
  const visible =
    !!row &&
    (await canSeeOwned(ctx, {
      id: row.id,
      uploadedBy: row.uploaded_by,
      ownerType: row.owner_type,
      ownerId: row.owner_id,
    }));
  if (!visible) throw AppError.notFound(NOT_FOUND);
  const data = await readAttachmentFile(ctx.config.dataDir, id);
  // the file went between the row and the read (the purge): as if the row had gone first
  if (!data) throw AppError.notFound(NOT_FOUND);
  return { name: row.file_name, kind: row.kind as AttachmentKind, data };
}

export interface AttachInput {
  ids: readonly string[];
  /** a short name of the owning kind of object, e.g. 'notice', 'affair' */
  ownerType: string;
  ownerId: string;
  /** loose files must be this account's uploads (files already the owner's are kept as they are) */
  uploadedBy: string;
  /** the request field named in errors (default `attachmentIds`) */
  field?: string;
}

function checkIds(ids: readonly string[], field: string, what: string): string[] {
  const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
  if (unique.length > MAX_ATTACH) {
    throw AppError.invalid(
      field,
      'maxItems',
      `${field}: at most ${MAX_ATTACH} ${what}s / 文件过多`,
    );
  }
  const bad = unique.find((id) => !UUID.test(id));
  if (bad !== undefined) {
    throw AppError.invalid(field, 'format', `${field}: "${bad.slice(0, 40)}" is not an id`);
  }
  return unique;
}

/**
 * Make the owner's attachments exactly `ids`, inside the caller's transaction: each must be
 * already this owner's (whoever uploaded it: a colleague edits the notice), or loose and
 * uploaded by `uploadedBy`; attachments of the owner not listed become loose again (and are
 * purged a day after their upload). All or nothing.
 * @throws AppError 400 naming `field` for an id that is neither the owner's nor the uploader's loose attachment
 */
export async function setAttachments(db: Kysely<DB>, input: AttachInput): Promise<number> {
  return setOwned(db, 'attachments', input, 'attachment');
}

/** Attach loose attachments to an owner (keeping the ones it has); see setAttachments. */
export async function attachAttachments(db: Kysely<DB>, input: AttachInput): Promise<number> {
  return setOwned(db, 'attachments', input, 'attachment', true);
}

/**
 * Make the owner's photos exactly `ids` (field default `photoIds`): a notice's images. Photos
 * of a case are never taken. Who else may see them: `setAttachmentAccessPolicy(ownerType, …)`.
 */
export async function setOwnedPhotos(db: Kysely<DB>, input: AttachInput): Promise<number> {
  return setOwned(db, 'photos', { field: 'photoIds', ...input }, 'photo');
}

async function setOwned(
  db: Kysely<DB>,
  table: 'attachments' | 'photos',
  input: AttachInput,
  what: string,
  keepOthers = false,
): Promise<number> {
  const field = input.field ?? 'attachmentIds';
  const ids = checkIds(input.ids, field, what);
  if (ids.length > 0) {
    const rows = await sql<{
      id: string;
      uploaded_by: string;
      owner_type: string | null;
      owner_id: string | null;
      loose: boolean;
    }>`
      select id, uploaded_by, owner_type, owner_id,
        ${table === 'photos' ? sql`case_id is null` : sql`true`} as loose
      from ${sql.table(table)} where id = any(${ids}::uuid[]) for update`.execute(db);
    const byId = new Map(rows.rows.map((r) => [r.id, r]));
    for (const id of ids) {
      const r = byId.get(id);
      // already this owner's: kept whoever uploaded it; a loose file only by its uploader
      const owners = !!r && r.owner_type === input.ownerType && r.owner_id === input.ownerId;
      // someone else's file is reported as unknown: its existence is not revealed
      if (!r || !r.loose || (!owners && r.uploaded_by !== input.uploadedBy)) {
        throw AppError.invalid(field, 'exists', `${field}: no ${what} ${id} of yours / 文件不存在`);
      }
      if (!owners && r.owner_id !== null) {
        throw AppError.invalid(
          field,
          'unattached',
          `${field}: ${what} ${id} belongs to something else already / 文件已被其他内容使用`,
        );
      }
    }
  }
  if (!keepOthers) {
    await sql`update ${sql.table(table)} set owner_type = null, owner_id = null
      where owner_type = ${input.ownerType} and owner_id = ${input.ownerId}
        and not (id = any(${ids}::uuid[]))`.execute(db);
  }
  if (ids.length === 0) return 0;
  const r =
    await sql`update ${sql.table(table)} set owner_type = ${input.ownerType}, owner_id = ${input.ownerId}
    where id = any(${ids}::uuid[])`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** The attachments of each owner, oldest first (owners without any are left out). */
export async function attachmentRefs(
  db: Kysely<DB>,
  ownerType: string,
  ownerIds: readonly string[],
): Promise<Map<string, AttachmentRef[]>> {
  const out = new Map<string, AttachmentRef[]>();
  if (ownerIds.length === 0) return out;
  const rows = await db
    .selectFrom('attachments')
    .select(['id', 'owner_id', 'file_name', 'kind', 'bytes'])
    .where('owner_type', '=', ownerType)
    .where('owner_id', 'in', [...new Set(ownerIds)])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  for (const r of rows) {
    const list = out.get(r.owner_id!) ?? [];
    list.push({
      id: r.id,
      name: r.file_name,
      kind: r.kind as AttachmentKind,
      bytes: r.bytes,
      url: attachmentUrl(r.id),
    });
    out.set(r.owner_id!, list);
  }
  return out;
}

/**
 * The attachments among `ids` that belong to this owner, by id (the rest are left out): one
 * lookup by primary key, however many files the owner has.
 */
export async function attachmentRefsById(
  db: Kysely<DB>,
  ownerType: string,
  ownerId: string,
  ids: readonly string[],
): Promise<Map<string, AttachmentRef>> {
  const out = new Map<string, AttachmentRef>();
  const unique = [...new Set(ids.map((id) => id.toLowerCase()))].filter((id) => UUID.test(id));
  if (unique.length === 0) return out;
  const rows = await db
    .selectFrom('attachments')
    .select(['id', 'file_name', 'kind', 'bytes'])
    .where('id', 'in', unique)
    .where('owner_type', '=', ownerType)
    .where('owner_id', '=', ownerId)
    .execute();
  for (const r of rows)
    out.set(r.id, {
      id: r.id,
      name: r.file_name,
      kind: r.kind as AttachmentKind,
      bytes: r.bytes,
      url: attachmentUrl(r.id),
    });
  return out;
}

/** Remove attachments uploaded more than a day ago that nothing took: rows, then files. */
export async function purgeUnattachedAttachments(deps: AppDeps, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - UNATTACHED_ATTACHMENT_TTL_MS);
  let total = 0;
  for (;;) {
    const gone = await sql<{ id: string }>`
      delete from attachments where id in (
        select id from attachments where owner_id is null and created_at < ${cutoff}
        order by created_at limit 500)
      and owner_id is null
      returning id`.execute(deps.db);
    for (const { id } of gone.rows) await removeAttachmentFile(deps.config.dataDir, id);
    total += gone.rows.length;
    if (gone.rows.length < 500) return total;
  }
}
