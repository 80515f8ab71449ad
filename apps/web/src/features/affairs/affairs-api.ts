import type { AffairDetail, AffairList, AffairServiceList, AffairState } from '@cc/contracts';
import { api } from '../../lib/api';

export type Answers = Record<string, string | number>;
export type AttachmentSlots = Record<string, string[]>;

export const getServices = (signal?: AbortSignal) =>
  api.get<AffairServiceList>('/api/affairs/services', undefined, signal);
export const listRequests = (
  query: { state?: AffairState; mine?: boolean; page?: number; pageSize?: number },
  signal?: AbortSignal,
) => api.get<AffairList>('/api/affairs/requests', query, signal);
export const getRequest = (id: string, signal?: AbortSignal) =>
  api.get<AffairDetail>(`/api/affairs/requests/${id}`, undefined, signal);
export const fileRequest = (body: {
  service: string;
  answers: Answers;
  attachments: AttachmentSlots;
}) => api.post<AffairDetail>('/api/affairs/requests', body);
export type StaffStep = 'accept' | 'ask' | 'refuse' | 'complete';
export const actOnRequest = (id: string, step: StaffStep, body: Record<string, string> = {}) =>
  api.post<AffairDetail>(`/api/affairs/requests/${id}/${step}`, body);
export const supplementRequest = (
  id: string,
  body: { message: string; answers?: Answers; attachments?: AttachmentSlots },
) => api.post<AffairDetail>(`/api/affairs/requests/${id}/supplement`, body);

export const certificatePdfUrl = (id: string) => `/api/certificates/${id}/pdf`;
