import type { ResidentMe } from '@cc/contracts';
import { ApiError, api } from './api-client';

/** The signed-in account's home as the residents' pages need it. */
export interface MyHome {
  /** 'unknown': the look-up failed (show no prompt then) */
  state: 'verified' | 'pending' | 'unverified' | 'unknown';
  committeeCode: string | null;
  committeeName: string | null;
}

/**
 * The signed-in account's home from GET /api/residents/me: 404 or no verified link means not
 * verified (yet); any other failure is 'unknown'.
 */
export const getMyHome = (signal?: AbortSignal): Promise<MyHome> =>
  api.get<ResidentMe>('/api/residents/me', undefined, signal).then(
    (me): MyHome => {
      const link = me.link?.status === 'verified' ? me.link : null;
      return {
        state: link ? 'verified' : me.request?.state === 'pending' ? 'pending' : 'unverified',
        committeeCode: link?.committeeCode ?? null,
        committeeName: link?.committeeName ?? null,
      };
    },
    (e: unknown): MyHome => {
      if (signal?.aborted) throw e;
      const state = e instanceof ApiError && e.status === 404 ? 'unverified' : 'unknown';
      return { state, committeeCode: null, committeeName: null };
    },
  );
