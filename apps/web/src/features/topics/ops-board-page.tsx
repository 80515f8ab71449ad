import { ConfigProvider } from 'antd';
import { useCallback, useMemo } from 'react';
import { useNavigate, useParams } from 'react-router';
import { parseDepartmentFigures } from '../../lib/area-stream';
import { useRequest } from '../../lib/api';
import { useInterval } from '../../lib/use-interval';
import { useNow } from '../../lib/use-now';
import { isOpenEnded, parseCaseEvent, useBoardUrl } from '../dashboards';
import { getOpsBoard } from './boards-api';
import type { OpsBoardActions } from './ops-board-panels';
import { OpsBoardDesktop, OpsBoardScreen } from './ops-board-views';
import { useLiveRefresh } from './use-topic-stream';

/** A wall left on reads the board again this often, events or not (a new day, a lost event). */
const SAFETY_REFRESH_MS = 5 * 60_000;
const LIVE_EVENTS = ['case', 'figures'] as const;

export const boardPath = (board: string, code: string) =>
  `/boards/${encodeURIComponent(board)}/${encodeURIComponent(code)}`;

/**
 * /boards/:board/:code — a 2.0 board (防汛防台, 停电抢修) of one area, reached from 专题. The URL
 * holds the view (`from`, `to`, `mode=screen`); without a range it shows today, as the
 * dashboards do. While the range reaches now it follows the dashboards' stream: a case of one
 * of its scenarios, or figures a department feeds for one of its indicators, reads it again.
 */
export function OpsBoardPage() {
  const { board: boardId = '', code = '' } = useParams();
  const navigate = useNavigate();
  const path = useCallback((target: string) => boardPath(boardId, target), [boardId]);
  const url = useBoardUrl(path);
  const { range, isScreen, linkTo, drill } = url;
  const key = `${boardId}|${code}|${range.from ?? ''}|${range.to ?? ''}`;
  const request = useRequest(
    async (signal) => ({ key, value: await getOpsBoard(boardId, code, range, signal) }),
    [key],
  );
  const board = request.data?.key === key ? request.data.value : undefined;
  const now = useNow(60_000);
  const isLive = !!board && isOpenEnded(range, now);

  // what moves the board: its scenarios' cases, its indicators' figures
  const isRelevant = (data: unknown, event: string) => {
    if (!board) return false;
    if (event === 'figures') {
      const moved = parseDepartmentFigures(data);
      return !!moved?.some((id) => board.indicators.some((i) => i.id === id));
    }
    const scenario = parseCaseEvent(data)?.scenarioCode;
    return !!scenario && board.cases.byScenario.some((s) => s.scenarioCode === scenario);
  };
  const live = useLiveRefresh(code, boardId, LIVE_EVENTS, isRelevant, isLive, request.reload);
  useInterval(request.reload, SAFETY_REFRESH_MS, isLive);

  const actions: OpsBoardActions = useMemo(
    () => ({
      linkTo,
      drill,
      // the wall stays up: the case opens beside it
      openCase: (id: string) => {
        const to = `/cases/${encodeURIComponent(id)}`;
        if (isScreen) window.open(to, '_blank', 'noopener');
        else void navigate(to);
      },
    }),
    [linkTo, drill, navigate, isScreen],
  );

  const props = {
    code,
    board,
    request,
    actions,
    live,
    range,
    onRangeChange: url.onRangeChange,
    onScreenChange: url.onScreenChange,
  };
  return isScreen ? (
    <ConfigProvider theme={url.darkTheme}>
      <OpsBoardScreen {...props} />
    </ConfigProvider>
  ) : (
    <OpsBoardDesktop {...props} />
  );
}
