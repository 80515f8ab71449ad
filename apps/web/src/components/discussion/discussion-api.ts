import type {
  Comment,
  CommentList,
  DiscussionSummary,
  ModerationItem,
  PraiseState,
  ReportReason,
  ReportResult,
} from '@cc/contracts';
import { api } from '../../lib/api';

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
const praise = (url: string, on: boolean) =>
  on ? api.put<PraiseState>(url) : api.delete<PraiseState>(url);
export const setCommentPraise = (id: string, on: boolean) =>
  praise(`/api/comments/${id}/praise`, on);
export const setSubjectPraise = (type: string, id: string, on: boolean) =>
  praise(`${subjectPath(type, id)}/praise`, on);
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
