import { TERMINAL_STATUSES, type CaseStatus, type Me } from '@cc/contracts';
import { api } from '../../lib/api';
import type { HomeActionKey } from './home-actions';

/** A count on a home card: how many, and whether there may be more than shown. */
export interface HomeCount {
  count: number;
  capped: boolean;
}

interface CaseList {
  items: { status: CaseStatus }[];
  total: number;
}

const TASKS_PAGE = 200;

/** My cases not yet closed (我的任务, or a resident's reports in hand). */
export async function openMineCount(signal?: AbortSignal): Promise<HomeCount> {
  const r = await api.get<CaseList>('/api/cases', { mine: true, pageSize: TASKS_PAGE }, signal);
  return {
    count: r.items.filter((c) => !TERMINAL_STATUSES.includes(c.status)).length,
    capped: r.total > r.items.length,
  };
}

/** The committee the reader works for (its first committee binding), for lists that need one. */
function committeeOf(me: Me): string | null {
  return (
    me.roles.find((b) => b.role === 'committee_staff' && b.areaLevel === 'committee')?.areaCode ??
    null
  );
}

/**
 * The count each first action shows, where an endpoint already gives it; null: none to show
 * (no count for this action, or the call failed: the card still leads to the page).
 */
export async function homeCount(
  key: HomeActionKey,
  me: Me,
  signal?: AbortSignal,
): Promise<HomeCount | null> {
  switch (key) {
    case 'tasks':
      return openMineCount(signal);
    case 'cases': {
      // the operation centres' queue: reported, nobody's yet
      if (!me.roles.some((b) => b.role.endsWith('_operator') && b.role !== 'hotline_operator'))
        return null;
      const r = await api.get<CaseList>('/api/cases', { status: 'reported', pageSize: 1 }, signal);
      return { count: r.total, capped: false };
    }
    case 'verifications': {
      const r = await api.get<{ items: unknown[]; nextCursor: string | null }>(
        '/api/residents/verification-requests',
        { state: 'pending', limit: 200 },
        signal,
      );
      return { count: r.items.length, capped: r.nextCursor !== null };
    }
    case 'affairs': {
      const r = await api.get<{ total: number }>(
        '/api/affairs/requests',
        { state: 'submitted', pageSize: 1 },
        signal,
      );
      return { count: r.total, capped: false };
    }
    case 'declarations': {
      const committee = committeeOf(me);
      if (!committee) return null;
      const r = await api.get<{ items: unknown[]; nextCursor: string | null }>(
        '/api/declarations',
        { committee, status: 'submitted', limit: 100 },
        signal,
      );
      return { count: r.items.length, capped: r.nextCursor !== null };
    }
    case 'observations': {
      if (!committeeOf(me)) return null;
      const r = await api.get<{ counts: { missing: number } }>(
        '/api/observations',
        { committee: committeeOf(me)!, limit: 1 },
        signal,
      );
      return { count: r.counts.missing, capped: false };
    }
    case 'report':
    case 'hotline':
    case 'dashboards':
    case 'dispatch':
    case 'registry':
    case 'consultations':
    case 'areas':
    case 'accounts':
    case 'audit':
      return null;
  }
}
