export { mediaRoutes } from './media.routes.js';
export { attachPhotosToCase, uploadPhoto } from './media.service.js';
export { setPhotoAccessPolicy, type PhotoAccessPolicy, type PhotoRef } from './media.policy.js';
