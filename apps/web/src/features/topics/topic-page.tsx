import { ConfigProvider, Card, List, Result, Tag, Typography } from 'antd';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useParams } from 'react-router';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { useRequest } from '../../lib/api';
import { inLanguage } from '../../lib/format';
import { useMe } from '../../lib/session';
import { useInterval } from '../../lib/use-interval';
import { useNow } from '../../lib/use-now';
import {
  dashboardRoot,
  presetRange,
  presetStart,
  useBoardUrl,
  type DashboardRange,
  type RangePreset,
} from '../dashboards';
import { chooseMetric } from './topic-charts';
import type { TopicActions } from './topic-panels';
import { TopicDesktop, TopicScreen } from './topic-views';
import { getBoards } from './boards-api';
import { boardPath } from './ops-board-page';
import { getTopicBoard, getTopics } from './topics-api';
import { useTopicStream } from './use-topic-stream';

/**
 * Daily figures arrive the morning after: a board opens on the last seven days, so yesterday's
 * figures are there before today's are imported.
 */
const DEFAULT_PRESET: RangePreset = 'last7';
/** A big screen left on reads the board again this often (imported figures; fed ones are live). */
const SCREEN_REFRESH_MS = 5 * 60_000;

export const topicPath = (topic: string, code: string) =>
  `/topics/${encodeURIComponent(topic)}/${encodeURIComponent(code)}`;

/**
 * /topics/:topic/:code — a topic board (专题) of one area. The URL holds the view (`from`,
 * `to`, `metric`, `mode=screen`); without a range it shows the last seven days.
 */
export function TopicPage() {
  const { topic = '', code = '' } = useParams();
  const path = useCallback((target: string) => topicPath(topic, target), [topic]);
  const url = useBoardUrl(path);
  const { params, isScreen, update, linkTo, drill } = url;
  const { from, to } = url.range;
  // the default range moves on with the days of a board left open
  const now = useNow(60_000);
  const range = useMemo<DashboardRange>(
    () => (from || to ? { from, to } : presetRange(DEFAULT_PRESET, now)),
    [from, to, now],
  );
  // "today" is no range at all to the dashboards; here it has to be said
  const onRangeChange = useCallback(
    (next: DashboardRange) =>
      update({
        from: next.from ?? new Date(presetStart('today', Date.now())).toISOString(),
        to: next.to,
      }),
    [update],
  );

  const key = `${topic}|${code}|${range.from ?? ''}|${range.to ?? ''}`;
  const request = useRequest(
    async (signal) => ({ key, value: await getTopicBoard(topic, code, range, signal) }),
    [key],
  );
  const board = request.data?.key === key ? request.data.value : undefined;
  const metric = chooseMetric(board?.metrics ?? [], params.get('metric'));
  useInterval(request.reload, SCREEN_REFRESH_MS, isScreen && !!board);
  // figures fed live (社区通): a range that reaches now listens, and reads the board again
  const isOpenEnded = !range.to || !(Date.parse(range.to) <= now);
  const hasFed = !!board?.metrics.some((m) => m.feed === 'platform');
  const live = useTopicStream(code, topic, isOpenEnded && hasFed, request.reload);

  const actions: TopicActions = useMemo(
    () => ({ linkTo, drill, setMetric: (id: string) => update({ metric: id }, true) }),
    [linkTo, drill, update],
  );
  const props = {
    code,
    board,
    request,
    metric,
    range,
    actions,
    onRangeChange,
    onScreenChange: url.onScreenChange,
    live,
  };
  return isScreen ? (
    <ConfigProvider theme={url.darkTheme}>
      <TopicScreen {...props} />
    </ConfigProvider>
  ) : (
    <TopicDesktop {...props} />
  );
}

/**
 * /topics — the topic boards of an area (`area`, else the reader's top area): the daily topics
 * (专题) and the 2.0 boards (防汛防台, 停电抢修); with one board in all there is nothing to choose,
 * and it opens. The rest of the query (range, mode) is kept.
 */
export function TopicIndex() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const location = useLocation();
  const params = new URLSearchParams(location.search);
  const area = params.get('area') || dashboardRoot(me);
  params.delete('area');
  const search = params.toString() ? `?${params.toString()}` : '';
  const topics = useRequest((signal) => getTopics(signal), []);
  const boards = useRequest((signal) => getBoards(signal), []);

  if (!area) {
    return (
      <Result status="403" title={t('error.forbiddenTitle')} subTitle={t('dashboards.noArea')} />
    );
  }
  const error = topics.error ?? boards.error;
  if (error) {
    return (
      <LoadError
        error={error}
        onRetry={() => {
          topics.reload();
          boards.reload();
        }}
      />
    );
  }
  if (!topics.data || !boards.data) return <PageSpin />;
  const items = [
    ...topics.data.items.map((item) => ({
      ...item,
      to: topicPath(item.id, area),
      testId: 'topic',
    })),
    ...boards.data.items.map((item) => ({
      ...item,
      to: boardPath(item.id, area),
      testId: 'board',
    })),
  ];
  if (items.length === 1 && items[0]) {
    return <Navigate to={`${items[0].to}${search}`} replace />;
  }
  return (
    <Card title={t('topics.list.title')} data-testid="topic-list">
      <List
        dataSource={items}
        locale={{ emptyText: t('topics.list.empty') }}
        renderItem={(item) => (
          <List.Item key={item.to} data-testid={`${item.testId}-list-${item.id}`}>
            <List.Item.Meta
              title={
                <>
                  <Link to={`${item.to}${search}`}>
                    {inLanguage(item.name, item.nameEn, i18n.language)}
                  </Link>
                  {item.testId === 'board' ? (
                    <Tag color="blue" className="cc-topic-list-tag">
                      {t('boards.listTitle')}
                    </Tag>
                  ) : null}
                </>
              }
              description={
                <Typography.Text type="secondary">
                  {inLanguage(item.description, item.descriptionEn, i18n.language)}
                </Typography.Text>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
