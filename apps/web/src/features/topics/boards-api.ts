import type { BoardList, OpsBoard } from '@cc/contracts';
import { api } from '../../lib/api';
import type { DashboardRange } from '../dashboards';

/** The 2.0 boards there are (防汛防台, 停电抢修). */
export const getBoards = (signal?: AbortSignal) =>
  api.get<BoardList>('/api/boards', undefined, signal);

/**
 * One 2.0 board for an area: its indicators (the departments' feeds beside ours), the lead
 * indicator in every child, its cases, the fixed points it watches, who an outage affects.
 */
export const getOpsBoard = (
  board: string,
  code: string,
  range: DashboardRange,
  signal?: AbortSignal,
) =>
  api.get<OpsBoard>(
    `/api/boards/${encodeURIComponent(board)}/${encodeURIComponent(code)}`,
    { from: range.from, to: range.to },
    signal,
  );
