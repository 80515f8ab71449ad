import type {
  AccountList,
  CaseActionBody,
  CaseDetail,
  CaseList,
  CaseListQuery,
  CreateCaseBody,
  NearbyCase,
  UploadedPhoto,
} from '@cc/contracts';
import { api, apiUpload, buildUrl, type QueryValue } from '../../lib/api';

const caseUrl = (id: string) => `/api/cases/${encodeURIComponent(id)}`;

/** One Idempotency-Key per submission: a retry of the same one returns the first case. */
export const createCase = (body: CreateCaseBody, idempotencyKey: string) =>
  api.post<CaseDetail>('/api/cases', body, { headers: { 'Idempotency-Key': idempotencyKey } });

export type CaseFilters = Omit<CaseListQuery, 'page' | 'pageSize'>;

export const listCases = (query: CaseListQuery, signal?: AbortSignal) =>
  api.get<CaseList>('/api/cases', { ...query }, signal);

/** The CSV export of the same filters (the browser sends the session cookie). */
export const exportUrl = (filters: CaseFilters) =>
  buildUrl('/api/cases/export.csv', { ...filters } as Record<string, QueryValue>);

export const findNearby = (
  query: { scenarioCode: string; lat: number; lng: number },
  signal?: AbortSignal,
) => api.get<{ items: NearbyCase[] }>('/api/cases/nearby', query, signal);

export const getCase = (id: string, signal?: AbortSignal) =>
  api.get<CaseDetail>(caseUrl(id), undefined, signal);

export const actOnCase = (id: string, body: CaseActionBody) =>
  api.post<CaseDetail>(`${caseUrl(id)}/actions`, body);

export const revealContact = (id: string, reason: string) =>
  api.post<{ name: string | null; phone: string | null }>(`${caseUrl(id)}/contact`, { reason });

export function uploadPhoto(
  file: File,
  options: { signal?: AbortSignal; onProgress?: (fraction: number) => void } = {},
) {
  const form = new FormData();
  form.append('file', file, file.name);
  return apiUpload<UploadedPhoto>('/api/photos', form, options);
}

export const photoUrl = (id: string, size: 'large' | 'thumb') =>
  `/api/photos/${encodeURIComponent(id)}/${size}`;

/** Accounts to dispatch to: only staff who manage accounts may list them. */
export const searchAccounts = (q: string, signal?: AbortSignal) =>
  api.get<AccountList>('/api/accounts', { q: q || undefined, pageSize: 20 }, signal);
