import type { UploadedAttachment } from '@cc/contracts';
import { apiUpload, type UploadOptions } from './api-client';

/**
 * Upload one file as a media attachment (POST /api/attachments; the server checks it by its
 * content: photos, PDFs). Its id then goes with the form that uses it (a proposal, a comment,
 * a notice, an affair's slot).
 */
export function uploadAttachment(file: File, options?: UploadOptions): Promise<UploadedAttachment> {
  const form = new FormData();
  form.append('file', file, file.name);
  return apiUpload<UploadedAttachment>('/api/attachments', form, options);
}
