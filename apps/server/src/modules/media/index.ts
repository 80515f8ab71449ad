import type { PlatformModule } from '../../platform/module.js';
import { mediaRoutes } from './media.routes.js';

export type * from './media.tables.js';
export { attachPhotosToCase, uploadPhoto } from './media.service.js';
export { setPhotoAccessPolicy, type PhotoAccessPolicy, type PhotoRef } from './media.policy.js';

/** Photo upload, re-encoding and serving. */
export const manifest: PlatformModule = { name: 'media', routes: mediaRoutes };
