import type { AccountList, DispatchRule, DispatchRuleBody, Point, PointBody } from '@cc/contracts';
import { api } from '../../lib/api';

export const listRules = (signal?: AbortSignal) =>
  api.get<{ items: DispatchRule[] }>('/api/dispatch/rules', undefined, signal);

export const createRule = (body: DispatchRuleBody) =>
  api.post<DispatchRule>('/api/dispatch/rules', body);

export const deleteRule = (id: string) =>
  api.delete<undefined>(`/api/dispatch/rules/${encodeURIComponent(id)}`);

export const listPoints = (signal?: AbortSignal) =>
  api.get<{ items: Point[] }>('/api/dispatch/points', undefined, signal);

export const createPoint = (body: PointBody) => api.post<Point>('/api/dispatch/points', body);

export const deletePoint = (id: string) =>
  api.delete<undefined>(`/api/dispatch/points/${encodeURIComponent(id)}`);

/** People to pick as the responsible person or point leader (the server limits it to the scope). */
export const searchAccounts = (q: string, signal?: AbortSignal) =>
  api.get<AccountList>('/api/accounts', { q: q || undefined, pageSize: 20 }, signal);
