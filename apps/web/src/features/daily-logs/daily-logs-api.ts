import type {
  DailyLog,
  DailyLogAuthor,
  DailyLogAuthorList,
  DailyLogAuthorshipList,
  DailyLogCandidateList,
  DailyLogKind,
  DailyLogList,
  PostDailyLogBody,
  PraiseState,
} from '@cc/contracts';
import { DAILY_LOG_SUBJECT_TYPE } from '@cc/contracts';
import { api } from '../../lib/api';

/** A committee's logs, a page at a time (its staff, authors and verified residents). */
export const listDailyLogs = (
  query: { committee: string; kind?: DailyLogKind; cursor?: string },
  signal?: AbortSignal,
) => api.get<DailyLogList>('/api/daily-logs', { ...query, limit: 20 }, signal);

/** The logs of the committees the signed-in account lives in or writes for. */
export const listMyDailyLogs = (cursor: string | undefined, signal?: AbortSignal) =>
  api.get<DailyLogList>('/api/my/daily-logs', { cursor, limit: 20 }, signal);

export const getDailyLog = (id: string, signal?: AbortSignal) =>
  api.get<DailyLog>(`/api/daily-logs/${id}`, undefined, signal);

export const postDailyLog = (body: PostDailyLogBody) => api.post<DailyLog>('/api/daily-logs', body);

/** Where the signed-in account may post logs. */
export const getMyAuthorships = (signal?: AbortSignal) =>
  api.get<DailyLogAuthorshipList>('/api/my/daily-log-authorships', undefined, signal);

export const listAuthors = (committee: string, signal?: AbortSignal) =>
  api.get<DailyLogAuthorList>('/api/daily-logs/authors', { committee }, signal);

export const listCandidates = (committee: string, q: string, signal?: AbortSignal) =>
  api.get<DailyLogCandidateList>(
    '/api/daily-logs/author-candidates',
    { committee, q: q || undefined },
    signal,
  );

export const appointAuthor = (body: {
  committeeCode: string;
  accountId: string;
  kind: DailyLogKind;
}) => api.post<DailyLogAuthor>('/api/daily-logs/authors', body);

export const removeAuthor = (id: string) => api.delete<void>(`/api/daily-logs/authors/${id}`);

/** 点赞 a log, or take the praise back (the discussion piece's subject `daily_log`). */
export const setLogPraise = (id: string, on: boolean) => {
  const url = `/api/discussions/${DAILY_LOG_SUBJECT_TYPE}/${id}/praise`;
  return on ? api.put<PraiseState>(url) : api.delete<PraiseState>(url);
};
