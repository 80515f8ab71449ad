import type { Notice, SmsMessage } from '@cc/contracts';
import { api } from '../../lib/api';

export interface NoticeList {
  items: Notice[];
  unread: number;
}

export interface SmsOutboxPage {
  items: SmsMessage[];
  total: number;
}

export const listNotices = (signal?: AbortSignal) =>
  api.get<NoticeList>('/api/notices', undefined, signal);

export const markNoticeRead = (id: string) =>
  api.post<undefined>(`/api/notices/${encodeURIComponent(id)}/read`);

/** 全部已读: every unread notice of mine; how many were unread. */
export const markAllNoticesRead = () => api.post<{ count: number }>('/api/notices/read-all');

export const listSmsOutbox = (page: number, pageSize: number, signal?: AbortSignal) =>
  api.get<SmsOutboxPage>('/api/sms-outbox', { page, pageSize }, signal);
