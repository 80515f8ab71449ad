export {
  api,
  apiRequest,
  apiUpload,
  buildUrl,
  onUnauthorized,
  ApiError,
  ClientErrorCode,
} from './api-client';
export type { QueryValue, RequestOptions, UploadOptions } from './api-client';
export { describeError, isAbortError, isSessionEnded, pickLanguage } from './describe-error';
export { useRequest } from './use-request';
export type { RequestState } from './use-request';
export * as areasApi from './areas-api';
export { uploadAttachment } from './attachments-api';
export { getMyHome } from './my-home-api';
export type { MyHome } from './my-home-api';
export { listSsoSystems } from './sso-systems-api';
