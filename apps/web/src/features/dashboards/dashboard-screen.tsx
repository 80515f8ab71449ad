import type { Comparison, Dashboard, IndicatorValue } from '@cc/contracts';
import { Empty } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { STATUS_COLORS } from '../../lib/case-status';
import { STATE_COLORS } from '../../lib/chart-base';
import { areaName, inLanguage } from '../../lib/format';
import { BoardWait, Panel, ScreenFrame } from './board-shell';
import { comparedName, comparedText, comparedValue, stateColor } from './chart-options';
import { eventRows, indicatorRows } from './dashboard-csv';
import { useDashboardHeading, type DashboardViewProps } from './dashboard-desktop';
import {
  EmptyNote,
  ExportMenu,
  groupIndicators,
  IndicatorTile,
  LiveBadge,
  useRotation,
} from './dashboard-parts';
import {
  CHART_KINDS,
  comparisonPending,
  exportName,
  MapPanel,
  PerTenThousandSwitch,
  SummaryStrip,
  useDashboardCharts,
  useScenarioName,
  type DashboardActions,
} from './dashboard-panels';
import { shanghaiTime } from '../../lib/shanghai-time';
import { packPages, worstFirst } from './figures';
import type { DashboardData } from './use-dashboard-data';

/** Every rotating panel of the big screen moves on after this long. */
const ROTATE_MS = 15_000;
/** Indicator tiles on one page of the big screen (two columns, four rows). */
const TILES_PER_PAGE = 8;
/** Children on one page of the ranking. */
const RANKS_PER_PAGE = 10;

type CompareItem = Comparison['items'][number];

function chunk<T>(items: readonly T[], size: number): T[][] {
  const pages: T[][] = [];
  for (let i = 0; i < items.length; i += size) pages.push(items.slice(i, i + size));
  return pages;
}

/** Which page of a rotating panel is shown; click one to jump to it. */
function PageDots({
  count,
  index,
  onSelect,
  labels,
  testId,
}: {
  count: number;
  index: number;
  onSelect: (index: number) => void;
  labels?: readonly string[];
  testId: string;
}) {
  if (count < 2) return null;
  return (
    <span className="cc-dots" data-testid={testId} data-index={index}>
      {Array.from({ length: count }, (_, i) => (
        <button
          key={i}
          type="button"
          className={i === index ? 'cc-dot cc-dot-on' : 'cc-dot'}
          aria-label={labels?.[i] ?? String(i + 1)}
          title={labels?.[i]}
          onClick={() => onSelect(i)}
        >
          {labels ? labels[i] : null}
        </button>
      ))}
    </span>
  );
}

/**
 * The indicators, a page of tiles at a time, page after page: ours, then the departments' (each
 * naming its department); a department's opens its history and comparison (`onOpen`).
 */
function IndicatorPages({
  dashboard,
  onOpen,
}: {
  dashboard: Dashboard;
  onOpen: (indicator: IndicatorValue) => void;
}) {
  const { t, i18n } = useTranslation();
  const [isHovered, setIsHovered] = useState(false);
  // every page full (small groups share one), so the column has no empty half
  const pages = useMemo(() => {
    const other = t('dashboards.otherGroup');
    const pack = (source: IndicatorValue['source']) =>
      packPages(groupIndicators(dashboard, i18n.language, other, source), TILES_PER_PAGE);
    return [
      ...pack('platform').map((page) => ({
        key: page.key,
        title: `${t('dashboards.indicators')} · ${page.names.join(' · ')}`,
        list: page.list,
      })),
      ...pack('department').map((page) => ({
        key: `fed-${page.key}`,
        title: t('deptIndicators.wallTitle', { groups: page.names.join(' · ') }),
        list: page.list,
      })),
    ];
  }, [dashboard, i18n.language, t]);
  const { index, select } = useRotation(pages.length, ROTATE_MS, isHovered);
  const page = pages[index];
  const fileName = exportName(dashboard, i18n.language);
  return (
    <Panel
      isScreen
      testId="dashboard-indicators"
      title={page ? page.title : t('dashboards.indicators')}
      extra={
        <>
          <PageDots count={pages.length} index={index} onSelect={select} testId="indicator-pages" />
          <ExportMenu
            fileName={fileName(t('dashboards.indicators'))}
            csv={() => indicatorRows(dashboard, t, i18n.language)}
            testId="export-indicators"
          />
        </>
      }
    >
      {page ? (
        <div
          className="cc-screen-tiles"
          onMouseEnter={() => setIsHovered(true)}
          onMouseLeave={() => setIsHovered(false)}
          data-testid={`indicator-page-${page.key}`}
        >
          {page.list.map((indicator) => (
            <IndicatorTile
              key={indicator.id}
              indicator={indicator}
              onOpen={indicator.source === 'department' ? onOpen : undefined}
            />
          ))}
        </div>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboards.noIndicators')} />
      )}
    </Panel>
  );
}

/** 实时动态: the latest case events of the stream, newest first. */
function LiveFeed({ data, actions }: { data: DashboardData; actions: DashboardActions }) {
  const { t, i18n } = useTranslation();
  const scenarioName = useScenarioName(data);
  const dashboard = data.dashboard.value;
  const { events, status } = data.live;
  const fileName = dashboard ? exportName(dashboard, i18n.language) : () => 'events';
  return (
    <Panel
      isScreen
      testId="dashboard-feed"
      title={t('dashboards.feed.title')}
      extra={
        <ExportMenu
          fileName={fileName(t('dashboards.feed.title'))}
          csv={() => eventRows(events, scenarioName, t)}
          testId="export-feed"
        />
      }
    >
      {events.length === 0 ? (
        <EmptyNote
          description={status === 'off' ? t('dashboards.live.off') : t('dashboards.feed.empty')}
        />
      ) : (
        <ul className="cc-feed" data-testid="feed-list">
          {events.map((event) => (
            <li key={`${event.id}-${event.status}-${event.at}`} data-testid="feed-item">
              <button type="button" onClick={() => actions.openCase(event.id)}>
                <span className="cc-feed-time">{shanghaiTime(Date.parse(event.at))}</span>
                <span className="cc-feed-scenario">{scenarioName(event.scenarioCode)}</span>
                <span
                  className="cc-feed-status"
                  style={{
                    borderColor: STATUS_COLORS[event.status],
                    color: STATUS_COLORS[event.status],
                  }}
                >
                  {t(`cases.status.${event.status}`)}
                </span>
                <span className="cc-feed-number">{event.number}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

/** By scenario, by status, the trend and the comparison, one after another. */
function RotatingCharts({ data, actions }: { data: DashboardData; actions: DashboardActions }) {
  const { t, i18n } = useTranslation();
  const [isHovered, setIsHovered] = useState(false);
  const charts = useDashboardCharts(data, true, actions);
  const kinds = CHART_KINDS.filter((kind) => kind !== 'compare' || data.comparison.isEnabled);
  const { index, select } = useRotation(kinds.length, ROTATE_MS, isHovered);
  const kind = kinds[index] ?? 'scenario';
  const dashboard = data.dashboard.value;
  const fileName = dashboard ? exportName(dashboard, i18n.language) : () => kind;
  const labels = kinds.map((k) => t(`dashboards.chart.${k}Title`));
  return (
    <Panel
      isScreen
      testId="dashboard-charts"
      title={t(`dashboards.chart.${kind}Title`)}
      extra={
        <>
          <PageDots
            count={kinds.length}
            index={index}
            onSelect={select}
            labels={labels}
            testId="chart-pages"
          />
          <ExportMenu
            fileName={fileName(t(`dashboards.chart.${kind}Title`))}
            csv={() => charts.csv(kind)}
            png={() => charts.png(kind)}
            testId="export-charts"
          />
        </>
      }
    >
      <div
        key={kind}
        className="cc-dash-chart-box"
        data-chart={kind}
        onMouseEnter={() => setIsHovered(true)}
        onMouseLeave={() => setIsHovered(false)}
      >
        {charts.render(kind)}
      </div>
    </Panel>
  );
}

/**
 * 交叉比对 on the big screen: the children ranked on the chosen indicator (or it per 10,000
 * residents), worst in red.
 */
function RankingPanel({ data, actions }: { data: DashboardData; actions: DashboardActions }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const [isHovered, setIsHovered] = useState(false);
  const charts = useDashboardCharts(data, true, actions);
  const comparison = data.comparison.value;
  // the worst first by the indicator's direction: the wall shows the problems on its first page
  const ranked = useMemo(() => (comparison ? worstFirst(comparison) : []), [comparison]);
  const pages = chunk(ranked, RANKS_PER_PAGE);
  const { index, select } = useRotation(pages.length, ROTATE_MS, isHovered);
  const dashboard = data.dashboard.value;
  const fileName = dashboard ? exportName(dashboard, language) : () => 'compare';
  const indicator = comparison?.indicator ?? data.indicator;
  const figure = (item: CompareItem) => (comparison ? comparedValue(comparison, item) : null);
  const max = Math.max(0, ...ranked.map((item) => Math.abs(figure(item) ?? 0)));
  const name = comparison
    ? comparedName(comparison, { t, language })
    : indicator
      ? inLanguage(indicator.name, indicator.nameEn, language)
      : undefined;
  const order =
    comparison && comparison.indicator.direction !== 'neutral'
      ? t('dashboards.compare.worstFirst')
      : undefined;
  const title = [t('dashboards.compare.title'), name, order].filter(Boolean).join(' · ');

  const body = (() => {
    const pending = comparisonPending(data.comparison, t);
    if (pending || !comparison) return pending;
    if (comparison.items.length === 0) return <EmptyNote description={t('dashboards.noData')} />;
    const page = pages[index] ?? [];
    const offset = index * RANKS_PER_PAGE;
    return (
      <ol
        className="cc-rank"
        data-testid="ranking"
        onMouseEnter={() => setIsHovered(true)}
        onMouseLeave={() => setIsHovered(false)}
        style={{ gridTemplateRows: `repeat(${RANKS_PER_PAGE}, minmax(0, 1fr))` }}
      >
        {page.map((item, i) => {
          const isWorst = item.area.code === comparison.worst;
          const color = isWorst ? STATE_COLORS.red : stateColor(item.state, true);
          const value = figure(item);
          const width = max > 0 && value !== null ? (Math.abs(value) / max) * 100 : 0;
          return (
            <li
              key={item.area.code}
              className={isWorst ? 'cc-rank-row cc-rank-worst' : 'cc-rank-row'}
              data-testid={`rank-${item.area.code}`}
              data-worst={isWorst ? 'true' : undefined}
              data-value={value ?? ''}
            >
              <span className="cc-rank-no">{offset + i + 1}</span>
              <Link className="cc-rank-name" to={actions.linkTo(item.area.code)}>
                {areaName(item.area, language)}
              </Link>
              <span className="cc-rank-bar">
                <span style={{ width: `${width}%`, background: color }} />
              </span>
              <span className="cc-rank-value" style={{ color: isWorst ? color : undefined }}>
                {comparedText(comparison, item, { t, language })}
              </span>
            </li>
          );
        })}
      </ol>
    );
  })();

  return (
    <Panel
      isScreen
      testId="dashboard-ranking"
      title={title}
      extra={
        <>
          <PerTenThousandSwitch data={data} actions={actions} size="small" />
          <PageDots count={pages.length} index={index} onSelect={select} testId="ranking-pages" />
          <ExportMenu
            fileName={fileName(t('dashboards.compare.title'))}
            csv={() => charts.csv('compare')}
            testId="export-ranking"
          />
        </>
      }
    >
      {body}
    </Panel>
  );
}

/**
 * 大屏: the whole viewport (over the app's menu and header), dark, never scrolling; the panels
 * fit with CSS grid in viewport units and the crowded ones rotate.
 */
export function DashboardScreen({ code, data, actions, ...view }: DashboardViewProps) {
  const dashboard = data.dashboard.value;
  const heading = useDashboardHeading(dashboard, true, actions);
  return (
    <ScreenFrame
      heading={heading}
      view={view}
      badge={
        dashboard ? <LiveBadge status={data.live.status} lastEvent={data.live.lastEvent} /> : null
      }
      error={data.dashboard.error}
    >
      {dashboard ? (
        <div className="cc-screen-body">
          <div className="cc-screen-col cc-screen-left">
            <IndicatorPages dashboard={dashboard} onOpen={(i) => actions.openFed(i.id)} />
            <LiveFeed data={data} actions={actions} />
          </div>
          <div className="cc-screen-col cc-screen-centre">
            <SummaryStrip dashboard={dashboard} isScreen />
            <MapPanel data={data} code={code} isScreen actions={actions} />
          </div>
          <div className="cc-screen-col cc-screen-right">
            <RotatingCharts data={data} actions={actions} />
            <RankingPanel data={data} actions={actions} />
          </div>
        </div>
      ) : (
        <BoardWait isScreen error={data.dashboard.error} onRetry={data.dashboard.reload} />
      )}
    </ScreenFrame>
  );
}
