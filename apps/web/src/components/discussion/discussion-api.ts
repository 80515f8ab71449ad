import type {
  Comment,
  CommentList,
  DiscussionSummary,
  ModerationItem,
  PraiseState,
  ReportReason,
  ReportResult,
  UploadedAttachment,
} from '@cc/contracts';
import { api, apiRequest, apiUpload } from '../../lib/api';

const subjectPath = (type: string, id: string) =>
  `/api/discussions/${encodeURIComponent(type)}/${id}`;

export const getDiscussion = (type: string, id: string, signal?: AbortSignal) =>
  api.get<DiscussionSummary>(subjectPath(type, id), undefined, signal);
export const listComments = (
  type: string,
  id: string,
  cursor?: string | null,
  signal?: AbortSignal,
) => api.get<CommentList>(`${subjectPath(type, id)}/comments`, { cursor, limit: 20 }, signal);
export const listReplies = (commentId: string, cursor?: string | null) =>
  api.get<CommentList>(`/api/comments/${commentId}/replies`, { cursor, limit: 50 });
export const postComment = (
  type: string,
  id: string,
  body: { body: string; parentId?: string; attachmentIds?: string[] },
) => api.post<Comment>(`${subjectPath(type, id)}/comments`, body);
export const deleteComment = (id: string) => api.delete<void>(`/api/comments/${id}`);
export const setCommentPraise = (id: string, on: boolean) =>
  apiRequest<PraiseState>(`/api/comments/${id}/praise`, { method: on ? 'PUT' : 'DELETE' });
export const setSubjectPraise = (type: string, id: string, on: boolean) =>
  apiRequest<PraiseState>(`${subjectPath(type, id)}/praise`, { method: on ? 'PUT' : 'DELETE' });
export const report = (body: {
  targetType: string;
  targetId: string;
  reason: ReportReason;
  note?: string;
}) => api.post<ReportResult>('/api/reports', body);
export const decide = (
  targetType: string,
  targetId: string,
  body: { action: 'restore' | 'remove'; reason: string },
) =>
  api.post<ModerationItem>(
    `/api/moderation/${encodeURIComponent(targetType)}/${targetId}/decision`,
    body,
  );

/** Upload one photo (JPEG or PNG, checked by content on the server). */
export function uploadPhoto(file: File): Promise<UploadedAttachment> {
  const form = new FormData();
  form.append('file', file, file.name);
  return apiUpload<UploadedAttachment>('/api/attachments', form);
}
