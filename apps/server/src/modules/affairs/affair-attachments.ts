import type { AffairService } from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { attachAttachments, attachmentRefs } from '../media/index.js';

/** The owner type of a request's attachments in the media module. */
export const ATTACHMENT_OWNER = 'affair';

/** Attachment ids by the service's attachment code. */
export type AttachmentSlots = Record<string, string[]>;

/**
 * The slots given, checked against the service: known codes, at most `maxFiles` each, and
 * (unless `partial`) every required one present. Errors name `attachments.<code>`.
 */
export function checkSlots(
  service: AffairService,
  given: AttachmentSlots,
  partial = false,
): AttachmentSlots {
  const specs = new Map(service.attachments.map((a) => [a.code, a]));
  const out: AttachmentSlots = {};
  for (const [code, ids] of Object.entries(given)) {
    const name = `attachments.${code}`;
    const spec = specs.get(code);
    if (!spec)
      throw AppError.invalid(
        name,
        'unknown',
        `${name}: ${service.name} / ${service.nameEn} asks for no such attachment / 没有这项附件`,
      );
    const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
    const max = spec.maxFiles ?? 5;
    if (unique.length > max)
      throw AppError.invalid(
        name,
        'maxItems',
        `${name} (${spec.name} / ${spec.nameEn}): at most ${max} files / 最多${max}个文件`,
      );
    if (unique.length > 0) out[code] = unique;
  }
  if (!partial) requireSlots(service, out);
  return out;
}

function requireSlots(service: AffairService, slots: AttachmentSlots): void {
  for (const a of service.attachments) {
    if (a.required && !slots[a.code]?.length) {
      const name = `attachments.${a.code}`;
      throw AppError.invalid(
        name,
        'required',
        `${name} (${a.name} / ${a.nameEn}) is required: attach the file / 请上传${a.name}`,
      );
    }
  }
}

/**
 * Attach the slots' files to the request (each the applicant's loose upload) and check each
 * file is of a type its slot accepts. In the caller's transaction: a refusal stores nothing.
 */
export async function attachSlots(
  trx: Kysely<DB>,
  service: AffairService,
  requestId: string,
  uploadedBy: string,
  slots: AttachmentSlots,
): Promise<void> {
  for (const [code, ids] of Object.entries(slots)) {
    await attachAttachments(trx, {
      ids,
      ownerType: ATTACHMENT_OWNER,
      ownerId: requestId,
      uploadedBy,
      field: `attachments.${code}`,
    });
  }
  const refs = new Map(
    ((await attachmentRefs(trx, ATTACHMENT_OWNER, [requestId])).get(requestId) ?? []).map((r) => [
      r.id,
      r,
    ]),
  );
  for (const [code, ids] of Object.entries(slots)) {
    const spec = service.attachments.find((a) => a.code === code)!;
    for (const id of ids) {
      const kind = refs.get(id)?.kind;
      if (!kind || !spec.types.includes(kind)) {
        const name = `attachments.${code}`;
        throw AppError.invalid(
          name,
          'type',
          `${name} (${spec.name} / ${spec.nameEn}): ${refs.get(id)?.name ?? id} must be ${spec.types.join(', ')} / 文件类型不符`,
        );
      }
    }
  }
}
