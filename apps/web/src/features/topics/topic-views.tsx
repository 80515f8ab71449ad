import {
  FullscreenOutlined,
  FundProjectionScreenOutlined,
  ReloadOutlined,
} from '@ant-design/icons';
import type { TopicBoard, TopicMetric } from '@cc/contracts';
import { Button, Card, Spin, Typography } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { PageSpin } from '../../components/page-spin';
import { StaleDataAlert } from '../../components/stale-data-alert';
import { describeError } from '../../lib/api';
import { areaName, inLanguage } from '../../lib/format';
import { BoardHead, ScreenFrame } from '../dashboards/board-shell';
import { DashboardLoadError, RangeBar } from '../dashboards/dashboard-parts';
import { rangeText } from '../dashboards/dashboard-range';
import type { DashboardRange } from '../dashboards/dashboards-api';
import { ImportFigures } from './topic-import';
import {
  FiguresEmpty,
  MetricCards,
  TopicCasesPanel,
  TopicComparePanel,
  TopicMapPanel,
  TopicTrendPanel,
  type TopicActions,
} from './topic-panels';
import './topics.css';

export interface TopicViewProps {
  topicId: string;
  code: string;
  board: TopicBoard | undefined;
  request: { error: unknown; isLoading: boolean; reload: () => void };
  metric: TopicMetric | undefined;
  range: DashboardRange;
  actions: TopicActions;
  onRangeChange: (range: DashboardRange) => void;
  onScreenChange: (isScreen: boolean) => void;
}

/** The title and the line under it: the range, and the last day with figures. */
function useTitles(board: TopicBoard | undefined, isScreen: boolean) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  if (!board) return { title: t('topics.nav'), subtitle: undefined };
  const names = {
    area: areaName(board.area, language),
    topic: inLanguage(board.topic.name, board.topic.nameEn, language),
  };
  const range = rangeText(board.range, t);
  return {
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
  range,
  actions,
  onRangeChange,
  onScreenChange,
}: TopicViewProps) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { title, subtitle } = useTitles(board, false);
  const dashboardLink = `/dashboards/${encodeURIComponent(code)}`;

  const head = (
    <BoardHead
      testPrefix="topic"
      place={board}
      linkTo={actions.linkTo}
      title={title}
      subtitle={subtitle}
      tools={
        <>
          <RangeBar range={range} onChange={onRangeChange} />
          <Button
            icon={<ReloadOutlined />}
            onClick={request.reload}
            loading={request.isLoading && !!board}
            aria-label={t('common.refresh')}
            title={t('common.refresh')}
            data-testid="topic-refresh"
          />
          {board ? <ImportFigures board={board} onImported={request.reload} /> : null}
          <Button
            icon={<FundProjectionScreenOutlined />}
            onClick={() => void navigate(dashboardLink)}
            data-testid="topic-dashboard-link"
          >
            {t('topics.toDashboard')}
          </Button>
          <Button
            icon={<FullscreenOutlined />}
            onClick={() => onScreenChange(true)}
            data-testid="screen-toggle"
          >
            {t('dashboards.screen.enter')}
          </Button>
        </>
      }
    />
  );

  if (!board) {
    return (
      <div className="cc-dash" data-testid="topic-page" data-state="loading">
        {head}
        {request.error ? (
          <Card>
            <DashboardLoadError
              error={request.error}
              onRetry={request.reload}
              home="/topics"
              homeText={t('topics.toMine')}
            />
          </Card>
        ) : (
          <PageSpin />
        )}
      </div>
    );
  }

  const hasFigures = board.lastDay !== null;
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
        </>
      ) : (
        <FiguresEmpty isScreen={false} />
      )}
      <TopicCasesPanel board={board} isScreen={false} />
    </div>
  );
}

/**
 * 专题大屏: the topic board on the whole viewport, dark, never scrolling — the metrics on the
 * left, the map and the trend in the middle, the comparison and the cases on the right.
 */
export function TopicScreen({
  board,
  request,
  metric,
  range,
  actions,
  onRangeChange,
  onScreenChange,
}: TopicViewProps) {
  const { t } = useTranslation();
  const { title, subtitle } = useTitles(board, true);
  const onExit = useCallback(() => onScreenChange(false), [onScreenChange]);

  const body = (() => {
    if (!board) {
      return (
        <div className="cc-screen-wait">
          {request.error ? (
            <DashboardLoadError
              error={request.error}
              onRetry={request.reload}
              home="/topics"
              homeText={t('topics.toMine')}
            />
          ) : (
            <Spin size="large" description={t('common.loading')} />
          )}
        </div>
      );
    }
    if (board.lastDay === null) {
      return (
        <div className="cc-screen-body cc-topic-screen-empty">
          <FiguresEmpty isScreen />
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
      testPrefix="topic"
      isReady={!!board}
      areaCode={board?.area.code}
      place={board}
      linkTo={actions.linkTo}
      title={title}
      subtitle={subtitle}
      tools={<RangeBar range={range} onChange={onRangeChange} hasPicker={false} />}
      onExit={onExit}
    >
      {body}
      {board && request.error ? (
        <div className="cc-screen-stale" role="status">
          {t('dashboards.stale', { reason: describeError(request.error, t) })}
        </div>
      ) : null}
    </ScreenFrame>
  );
}
