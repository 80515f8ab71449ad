import type { Ctx } from '../../platform/context.js';

/** What a visibility decision needs to know about a photo. */
export interface PhotoRef {
  id: string;
  uploadedBy: string;
  caseId: string | null;
  /** another owner than a case (e.g. a notice's images): its type and id */
  ownerType?: string | null;
  ownerId?: string | null;
}

/** Says whether someone other than the uploader may see the photo (e.g. staff on its case). */
export type PhotoAccessPolicy = (ctx: Ctx, photo: PhotoRef) => Promise<boolean>;

let sharedWith: PhotoAccessPolicy | null = null;

/**
 * Set the rule by which people other than the uploader may see a photo; the cases module sets
 * it (a photo on a case is visible to whoever may see the case). `null` restores the default:
 * the uploader only. One rule per process.
 */
export function setPhotoAccessPolicy(fn: PhotoAccessPolicy | null): void {
  sharedWith = fn;
}

/** The uploader always; anyone else only when the policy says yes. */
export async function canSeePhoto(ctx: Ctx, photo: PhotoRef): Promise<boolean> {
  if (!ctx.actor) return false;
  if (photo.uploadedBy === ctx.actor.id) return true;
  if (photo.ownerType && photo.ownerId) {
    return canSeeOwned(ctx, {
      id: photo.id,
      uploadedBy: photo.uploadedBy,
      ownerType: photo.ownerType,
      ownerId: photo.ownerId,
    });
  }
  return sharedWith ? sharedWith(ctx, photo) : false;
}

/** An attachment (or a photo) that belongs to an object of another module. */
export interface OwnedFileRef {
  id: string;
  uploadedBy: string;
  /** e.g. 'notice', 'affair' */
  ownerType: string;
  ownerId: string;
}

/** Says whether someone other than the uploader may read a file of an object of `ownerType`. */
export type OwnerAccessPolicy = (ctx: Ctx, file: OwnedFileRef) => Promise<boolean>;

const ownerPolicies = new Map<string, OwnerAccessPolicy>();

/**
 * Set the rule by which people other than the uploader may read the attachments and photos of
 * objects of `ownerType` (the owning module sets it at start: whoever may read the object).
 * One rule per owner type; `null` removes it (then only the uploader reads them).
 */
export function setAttachmentAccessPolicy(ownerType: string, fn: OwnerAccessPolicy | null): void {
  if (fn) ownerPolicies.set(ownerType, fn);
  else ownerPolicies.delete(ownerType);
}

/** The uploader always; anyone else when the owner type's rule says yes; nobody for a loose file. */
export async function canSeeOwned(
  ctx: Ctx,
  file: { id: string; uploadedBy: string; ownerType: string | null; ownerId: string | null },
): Promise<boolean> {
  if (!ctx.actor) return false;
  if (file.uploadedBy === ctx.actor.id) return true;
  if (!file.ownerType || !file.ownerId) return false;
  const rule = ownerPolicies.get(file.ownerType);
  return rule
    ? rule(ctx, {
        id: file.id,
        uploadedBy: file.uploadedBy,
        ownerType: file.ownerType,
        ownerId: file.ownerId,
      })
    : false;
}
