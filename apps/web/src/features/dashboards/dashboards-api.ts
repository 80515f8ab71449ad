import type {
  Comparison,
  Dashboard,
  DashboardEvents,
  DashboardPoints,
  FedSeries,
} from '@cc/contracts';
import { api } from '../../lib/api';

/** A dashboard's time range as in the URL; what is left out takes the server's default. */
export interface DashboardRange {
  from?: string;
  to?: string;
}

const base = (code: string) => `/api/dashboards/${encodeURIComponent(code)}`;

export const getDashboard = (code: string, range: DashboardRange, signal?: AbortSignal) =>
  api.get<Dashboard>(base(code), { from: range.from, to: range.to }, signal);

/**
 * 交叉比对: one indicator for every child area, best first; `perTenThousand` ranks them by the
 * value per 10,000 residents (the server refuses it for an indicator without `perResidents`).
 */
export const getComparison = (
  code: string,
  indicator: string,
  range: DashboardRange,
  perTenThousand: boolean,
  signal?: AbortSignal,
) =>
  api.get<Comparison>(
    `${base(code)}/compare`,
    {
      indicator,
      from: range.from,
      to: range.to,
      perTenThousand: perTenThousand ? true : undefined,
    },
    signal,
  );

/** The range's case points for the map (the server caps them: see `truncated`). */
export const getPoints = (code: string, range: DashboardRange, signal?: AbortSignal) =>
  api.get<DashboardPoints>(`${base(code)}/points`, { from: range.from, to: range.to }, signal);

/** The area's latest case events, newest first: the big screen's live panel opens with them. */
export const getRecentEvents = (code: string, limit: number, signal?: AbortSignal) =>
  api.get<DashboardEvents>(`${base(code)}/events`, { limit }, signal);

/** A department's indicator at the area over the range, per hour or day: its history chart. */
export const getFedHistory = (
  code: string,
  indicator: string,
  range: DashboardRange,
  signal?: AbortSignal,
) =>
  api.get<FedSeries>(
    `${base(code)}/indicators/${encodeURIComponent(indicator)}/history`,
    { from: range.from, to: range.to },
    signal,
  );
