import { AppstoreOutlined, FundProjectionScreenOutlined } from '@ant-design/icons';
import type { OpsBoard } from '@cc/contracts';
import { Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { StaleDataAlert } from '../../components/stale-data-alert';
import { areaName, inLanguage } from '../../lib/format';
import { useTaxonomy } from '../../lib/taxonomy';
import {
  BoardHead,
  BoardLinkButton,
  BoardWait,
  rangeText,
  RefreshButton,
  ScreenFrame,
  type BoardHeading,
  type BoardView,
} from '../dashboards';
import {
  AffectedPanel,
  BoardIndicators,
  BoardMapPanel,
  BoardPointsPanel,
  LatestCasesPanel,
  type OpsBoardActions,
} from './ops-board-panels';
import { TopicLiveBadge } from './topic-live-badge';
import { TopicCasesPanel } from './topic-panels';
import './topics.css';
import type { TopicStreamStatus } from './use-topic-stream';

export interface OpsBoardViewProps extends BoardView {
  code: string;
  board: OpsBoard | undefined;
  request: { error: unknown; isLoading: boolean; reload: () => void };
  actions: OpsBoardActions;
  live: { status: TopicStreamStatus; lastAt: number | undefined };
}

/** Out of scope or unknown, a board leads back to the reader's own topic boards. */
const TOPICS_HOME = '/topics';
const LIVE_TEXTS = 'boards.stream';

/** The title (the area's and the board's names) and the range under it. */
function useOpsBoardHeading(
  board: OpsBoard | undefined,
  isScreen: boolean,
  actions: OpsBoardActions,
): BoardHeading {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const heading = { testPrefix: 'board', place: board, linkTo: actions.linkTo };
  if (!board) return { ...heading, title: t('topics.nav') };
  const names = {
    area: areaName(board.area, language),
    board: inLanguage(board.board.name, board.board.nameEn, language),
  };
  return {
    ...heading,
    title: isScreen ? t('boards.screenTitle', names) : t('boards.title', names),
    subtitle: rangeText(board.range, t),
  };
}

/** Scenario code → its name in the reader's language (the board's, then the taxonomy's). */
function useBoardScenarioName(board: OpsBoard | undefined) {
  const { i18n } = useTranslation();
  const taxonomy = useTaxonomy();
  const name = useMemo(() => {
    const names = new Map<string, string>();
    for (const s of taxonomy.data?.scenarios ?? [])
      names.set(s.code, inLanguage(s.name, s.nameEn, i18n.language));
    for (const s of board?.cases.byScenario ?? [])
      names.set(s.scenarioCode, inLanguage(s.name, s.nameEn, i18n.language));
    return (code: string) => names.get(code) ?? code;
  }, [board, taxonomy.data, i18n.language]);
  return { taxonomy: taxonomy.data, scenarioName: name };
}

/** The ordinary desktop board, inside the app's layout, light, scrolling. */
export function OpsBoardDesktop({
  code,
  board,
  request,
  actions,
  live,
  ...view
}: OpsBoardViewProps) {
  const { t, i18n } = useTranslation();
  const heading = useOpsBoardHeading(board, false, actions);
  const { taxonomy, scenarioName } = useBoardScenarioName(board);
  const { from, to } = view.range;
  const query = new URLSearchParams({ ...(from ? { from } : {}), ...(to ? { to } : {}) });
  const topicsQuery = new URLSearchParams({ area: code, ...Object.fromEntries(query) });

  const head = (
    <BoardHead
      heading={heading}
      view={view}
      tools={
        <>
          {board ? <TopicLiveBadge {...live} texts={LIVE_TEXTS} /> : null}
          <RefreshButton
            onClick={request.reload}
            isLoading={request.isLoading && !!board}
            testId="board-refresh"
          />
          <BoardLinkButton
            to={`/topics?${topicsQuery.toString()}`}
            icon={<AppstoreOutlined />}
            testId="board-topics-link"
          >
            {t('boards.toTopics')}
          </BoardLinkButton>
          <BoardLinkButton
            to={`/dashboards/${encodeURIComponent(code)}${query.toString() ? `?${query.toString()}` : ''}`}
            icon={<FundProjectionScreenOutlined />}
            testId="board-dashboard-link"
          >
            {t('boards.toDashboard')}
          </BoardLinkButton>
        </>
      }
    />
  );

  if (!board) {
    return (
      <div className="cc-dash" data-testid="board-page" data-state="loading">
        {head}
        <BoardWait
          isScreen={false}
          error={request.error}
          onRetry={request.reload}
          home={TOPICS_HOME}
          homeText={t('boards.toMine')}
        />
      </div>
    );
  }

  return (
    <div
      className="cc-dash cc-board"
      data-testid="board-page"
      data-state="ready"
      data-area-code={board.area.code}
      data-board={board.board.id}
    >
      {head}
      <Typography.Text type="secondary" className="cc-topic-description">
        {inLanguage(board.board.description, board.board.descriptionEn, i18n.language)}
      </Typography.Text>
      <StaleDataAlert error={request.error} />
      <BoardIndicators board={board} isScreen={false} />
      <div className="cc-dash-row">
        <BoardMapPanel
          board={board}
          isScreen={false}
          actions={actions}
          taxonomy={taxonomy}
          scenarioName={scenarioName}
        />
        <TopicCasesPanel board={board} isScreen={false} />
      </div>
      <div className="cc-board-row-panels">
        {board.affected ? (
          <AffectedPanel board={board} isScreen={false} actions={actions} />
        ) : (
          <BoardPointsPanel board={board} isScreen={false} />
        )}
        <LatestCasesPanel
          board={board}
          isScreen={false}
          actions={actions}
          scenarioName={scenarioName}
        />
      </div>
    </div>
  );
}

/**
 * The board's wall: the whole viewport, dark, never scrolling — the indicators on the left, the
 * map in the middle, the cases, the flood points (or the committees an outage affects) and the
 * latest open cases on the right.
 */
export function OpsBoardScreen({ board, request, actions, live, ...view }: OpsBoardViewProps) {
  const { t } = useTranslation();
  const heading = useOpsBoardHeading(board, true, actions);
  const { taxonomy, scenarioName } = useBoardScenarioName(board);
  return (
    <ScreenFrame
      heading={heading}
      view={view}
      error={request.error}
      badge={board ? <TopicLiveBadge {...live} texts={LIVE_TEXTS} /> : null}
    >
      {board ? (
        <div className="cc-screen-body cc-board-screen" data-board={board.board.id}>
          <div className="cc-screen-col cc-board-screen-left">
            <BoardIndicators board={board} isScreen />
          </div>
          <div className="cc-screen-col cc-board-screen-centre">
            <BoardMapPanel
              board={board}
              isScreen
              actions={actions}
              taxonomy={taxonomy}
              scenarioName={scenarioName}
            />
          </div>
          <div className="cc-screen-col cc-board-screen-right">
            <TopicCasesPanel board={board} isScreen />
            {board.affected ? (
              <AffectedPanel board={board} isScreen actions={actions} />
            ) : (
              <BoardPointsPanel board={board} isScreen />
            )}
            <LatestCasesPanel
              board={board}
              isScreen
              actions={actions}
              scenarioName={scenarioName}
            />
          </div>
        </div>
      ) : (
        <BoardWait
          isScreen
          error={request.error}
          onRetry={request.reload}
          home={TOPICS_HOME}
          homeText={t('boards.toMine')}
        />
      )}
    </ScreenFrame>
  );
}
