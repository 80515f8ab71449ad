import type {
  BuildingList,
  CreateNoticeBody,
  NoticeDetail,
  NoticeFeed,
  NoticeList,
  NoticeReads,
  UpdateNoticeBody,
  UploadedPhoto,
} from '@cc/contracts';
import { api, apiRequest, apiUpload } from '../../lib/api';

/** The notices API (通知公告); /api/notices itself is the in-app messages of notifications. */
const BASE = '/api/announcements';

export const listNotices = (page: number, pageSize: number, signal?: AbortSignal) =>
  api.get<NoticeList>(BASE, { page, pageSize }, signal);
export const getNotice = (id: string, signal?: AbortSignal) =>
  api.get<NoticeDetail>(`${BASE}/${id}`, undefined, signal);
export const getReads = (id: string, signal?: AbortSignal) =>
  api.get<NoticeReads>(`${BASE}/${id}/reads`, undefined, signal);
export const createNotice = (body: CreateNoticeBody) => api.post<NoticeDetail>(BASE, body);
export const updateNotice = (id: string, body: UpdateNoticeBody) =>
  apiRequest<NoticeDetail>(`${BASE}/${id}`, { method: 'PATCH', body });
export const publishNotice = (id: string) => api.post<NoticeDetail>(`${BASE}/${id}/publish`);
export const withdrawNotice = (id: string) => api.post<NoticeDetail>(`${BASE}/${id}/withdraw`);
export const getFeed = (cursor: string | undefined, signal?: AbortSignal) =>
  api.get<NoticeFeed>(`${BASE}/feed`, { cursor }, signal);
export const markRead = (id: string) => api.post<{ read: true }>(`${BASE}/${id}/read`);

export const listBuildings = (area: string, signal?: AbortSignal) =>
  api.get<BuildingList>('/api/registry/buildings', { area }, signal);

export function uploadNoticePhoto(file: File, signal?: AbortSignal) {
  const form = new FormData();
  form.append('file', file, file.name);
  return apiUpload<UploadedPhoto>('/api/photos', form, { signal });
}
