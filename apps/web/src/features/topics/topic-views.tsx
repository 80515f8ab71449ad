import { FundProjectionScreenOutlined } from '@ant-design/icons';
import type { TopicBoard, TopicMetric } from '@cc/contracts';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { StaleDataAlert } from '../../components/stale-data-alert';
import { areaName, inLanguage } from '../../lib/format';
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
import { VolunteerDispatchLink } from '../volunteers';
import { ImportFigures } from './topic-import';
import {
  FiguresEmpty,
  MetricCards,
  TopicCasesPanel,
  TopicComparePanel,
  TopicMapPanel,
  TopicOriginsPanel,
  TopicTrendPanel,
  type TopicActions,
} from './topic-panels';
import './topics.css';
import { TopicLiveBadge } from './topic-live-badge';
import type { TopicStreamStatus } from './use-topic-stream';

export interface TopicViewProps extends BoardView {
  code: string;
  board: TopicBoard | undefined;
  request: { error: unknown; isLoading: boolean; reload: () => void };
  metric: TopicMetric | undefined;
  actions: TopicActions;
  /** the live stream of fed figures (社区通) */
  live: { status: TopicStreamStatus; lastAt: number | undefined };
}

/** Out of scope or unknown, a topic board leads back to the reader's own topic boards. */
const TOPICS_HOME = '/topics';

/** The title and the line under it: the range, and the last day with figures. */
function useTopicHeading(
  board: TopicBoard | undefined,
  isScreen: boolean,
  actions: TopicActions,
): BoardHeading {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const heading = { testPrefix: 'topic', place: board, linkTo: actions.linkTo };
  if (!board) return { ...heading, title: t('topics.nav') };
  const names = {
    area: areaName(board.area, language),
    topic: inLanguage(board.topic.name, board.topic.nameEn, language),
  };
  const range = rangeText(board.range, t);
  return {
    ...heading,
    title: isScreen ? t('topics.screenTitle', names) : t('topics.title', names),
    subtitle: board.lastDay ? `${range} · ${t('topics.lastDay', { day: board.lastDay })}` : range,
  };
}

/** The ordinary desktop topic board, inside the app's layout, light, scrolling. */
export function TopicDesktop({
  code,
  board,
  request,
  metric,
  actions,
  live,
  ...view
}: TopicViewProps) {
  const { t, i18n } = useTranslation();
  const heading = useTopicHeading(board, false, actions);

  const head = (
    <BoardHead
      heading={heading}
      view={view}
      tools={
        <>
          {board?.metrics.some((m) => m.feed === 'platform') ? <TopicLiveBadge {...live} /> : null}
          <RefreshButton
            onClick={request.reload}
            isLoading={request.isLoading && !!board}
            testId="topic-refresh"
          />
          {board ? <ImportFigures board={board} onImported={request.reload} /> : null}
          {board ? (
            <VolunteerDispatchLink
              target={{ lat: board.area.centre[1], lng: board.area.centre[0] }}
              testId="topic-volunteers-open"
            />
          ) : null}
          <BoardLinkButton
            to={`/dashboards/${encodeURIComponent(code)}`}
            icon={<FundProjectionScreenOutlined />}
            testId="topic-dashboard-link"
          >
            {t('topics.toDashboard')}
          </BoardLinkButton>
        </>
      }
    />
  );

  if (!board) {
    return (
      <div className="cc-dash" data-testid="topic-page" data-state="loading">
        {head}
        <BoardWait
          isScreen={false}
          error={request.error}
          onRetry={request.reload}
          home={TOPICS_HOME}
          homeText={t('topics.toMine')}
        />
      </div>
    );
  }

  const hasFigures = board.lastDay !== null;
  const hasFed = board.metrics.some((m) => m.feed === 'platform');
  return (
    <div
      className="cc-dash cc-topic"
      data-testid="topic-page"
      data-state="ready"
      data-area-code={board.area.code}
      data-topic={board.topic.id}
      data-last-day={board.lastDay ?? ''}
    >
      {head}
      <Typography.Text type="secondary" className="cc-topic-description">
        {inLanguage(board.topic.description, board.topic.descriptionEn, i18n.language)}
      </Typography.Text>
      <StaleDataAlert error={request.error} />
      {hasFigures ? (
        <>
          <MetricCards
            board={board}
            metric={metric}
            isScreen={false}
            onChoose={actions.setMetric}
          />
          <div className="cc-dash-row">
            <TopicMapPanel board={board} metric={metric} isScreen={false} actions={actions} />
            <TopicTrendPanel board={board} metric={metric} isScreen={false} />
          </div>
          <TopicComparePanel board={board} metric={metric} isScreen={false} actions={actions} />
          <TopicOriginsPanel board={board} isScreen={false} />
        </>
      ) : (
        <FiguresEmpty isScreen={false} hasFed={hasFed} />
      )}
      <TopicCasesPanel board={board} isScreen={false} />
    </div>
  );
}

/**
 * 专题大屏: the topic board on the whole viewport, dark, never scrolling — the metrics on the
 * left, the map and the trend in the middle, the comparison and the cases on the right.
 */
export function TopicScreen({ board, request, metric, actions, live, ...view }: TopicViewProps) {
  const { t } = useTranslation();
  const heading = useTopicHeading(board, true, actions);

  const body = (() => {
    if (!board) {
      return (
        <BoardWait
          isScreen
          error={request.error}
          onRetry={request.reload}
          home={TOPICS_HOME}
          homeText={t('topics.toMine')}
        />
      );
    }
    if (board.lastDay === null) {
      return (
        <div className="cc-screen-body cc-topic-screen-empty">
          <FiguresEmpty isScreen hasFed={board.metrics.some((m) => m.feed === 'platform')} />
          <TopicCasesPanel board={board} isScreen />
        </div>
      );
    }
    return (
      <div className="cc-screen-body cc-topic-screen">
        <div className="cc-screen-col cc-topic-screen-left">
          <MetricCards board={board} metric={metric} isScreen onChoose={actions.setMetric} />
        </div>
        <div className="cc-screen-col cc-topic-screen-centre">
          <TopicMapPanel board={board} metric={metric} isScreen actions={actions} />
          <TopicTrendPanel board={board} metric={metric} isScreen />
        </div>
        <div className="cc-screen-col cc-topic-screen-right">
          <TopicComparePanel board={board} metric={metric} isScreen actions={actions} />
          <TopicCasesPanel board={board} isScreen />
        </div>
      </div>
    );
  })();

  return (
    <ScreenFrame
      heading={heading}
      view={view}
      error={request.error}
      badge={
        board?.metrics.some((m) => m.feed === 'platform') ? <TopicLiveBadge {...live} /> : null
      }
    >
      {body}
    </ScreenFrame>
  );
}
