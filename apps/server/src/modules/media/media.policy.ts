import type { Ctx } from '../../platform/context.js';

/** What a visibility decision needs to know about a photo. */
export interface PhotoRef {
  id: string;
  uploadedBy: string;
  caseId: string | null;
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
  return sharedWith ? sharedWith(ctx, photo) : false;
}
