import type { PlatformModule } from '../../platform/module.js';
import { mediaJobHandlers, schedulePhotoPurge } from './media.jobs.js';
import { mediaRoutes } from './media.routes.js';

export type * from './media.tables.js';
export { attachPhotosToCase, uploadPhoto } from './media.service.js';
export { PURGE_PHOTOS_JOB } from './media.jobs.js';
export { setPhotoAccessPolicy, type PhotoAccessPolicy, type PhotoRef } from './media.policy.js';
export {
  setAttachmentAccessPolicy,
  type OwnedFileRef,
  type OwnerAccessPolicy,
} from './media.policy.js';
export {
  attachAttachments,
  attachmentRefs,
  attachmentRefsById,
  setAttachments,
  setOwnedPhotos,
  uploadAttachment,
  type AttachInput,
} from './attachments.service.js';
export { photoUrl } from './media.service.js';

/**
 * Photo upload, re-encoding and serving; attachments (PDF, DOCX, XLSX, JPEG, PNG) checked by
 * content against their names. Photos and attachments nothing took are purged after a day.
 */
export const manifest: PlatformModule = {
  name: 'media',
  routes: mediaRoutes,
  jobs: mediaJobHandlers,
  start: schedulePhotoPurge,
};
