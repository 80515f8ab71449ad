import type { Dashboard, DashboardCaseEvent, DashboardPoints, IndicatorValue } from '@cc/contracts';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useRequest } from '../../lib/api';
import { useTaxonomy } from '../../lib/taxonomy';
import { useInterval } from '../../lib/use-interval';
import { useNow } from '../../lib/use-now';
import { isOpenEnded } from './dashboard-range';
import {
  getComparison,
  getDashboard,
  getPoints,
  getRecentEvents,
  type DashboardRange,
} from './dashboards-api';
import { mergeFeed } from './figures';
import { useDashboardStream } from './use-dashboard-stream';

export type DashboardPoint = DashboardPoints['items'][number];

/** Live events are folded into one refetch at most this often. */
const REFETCH_DELAY_MS = 1_000;
/** Events kept for the live feed. */
const FEED_LENGTH = 30;
/** Newest live points drawn with a ripple. */
const FRESH_POINTS = 10;
/** Live points kept beyond the last points answer (a screen left on for days). */
const MAX_LIVE_POINTS = 5_000;
/** Everything is read again this often while live, events or not. */
const SAFETY_REFRESH_MS = 5 * 60_000;

interface Live {
  /** area and range the live data belongs to: another one starts afresh */
  key: string;
  points: Map<string, DashboardPoint>;
  events: DashboardCaseEvent[];
}

/**
 * What the comparison opens with when the URL names none: the spec's examples (交叉比对: the
 * slowest disposal, the most open cases), when the city's indicator file has them.
 */
const PREFERRED_INDICATORS = ['cases.on_time_rate', 'stock.open', 'cases.resolve_hours_mean'];

const NO_TICKS: Readonly<Record<string, number>> = {};

const emptyLive = (key: string): Live => ({ key, points: new Map(), events: [] });

/** The indicator to compare and shade the map by: the URL's, a preferred one, else one with thresholds. */
export function chooseIndicator(
  indicators: readonly IndicatorValue[],
  wanted: string | null,
): IndicatorValue | undefined {
  const byId = (id: string | null) => indicators.find((indicator) => indicator.id === id);
  return (
    byId(wanted) ??
    PREFERRED_INDICATORS.map(byId).find((indicator) => indicator !== undefined) ??
    indicators.find((indicator) => indicator.thresholds !== null) ??
    indicators[0]
  );
}

/**
 * Everything one dashboard shows: the dashboard, the comparison of its children on the chosen
 * indicator (per 10,000 residents when `wantedPerTenThousand` and the indicator allows it), the
 * case points, and the live stream that refreshes them (case events, and the figures the
 * departments feed). Answers are tagged with what they were
 * asked for, so the last area's data is never drawn as this one's. With `withFeed` (the big
 * screen), the live feed opens with the area's latest case events, then the stream adds to it.
 */
export function useDashboardData(
  code: string,
  range: DashboardRange,
  wantedIndicator: string | null,
  wantedPerTenThousand: boolean,
  withFeed = false,
) {
  const { from, to } = range;
  const rangeKey = `${from ?? ''}|${to ?? ''}`;
  const taxonomy = useTaxonomy();

  const dashboard = useRequest(
    async (signal) => ({ code, value: await getDashboard(code, { from, to }, signal) }),
    [code, from, to],
  );
  const current: Dashboard | undefined =
    dashboard.data?.code === code ? dashboard.data.value : undefined;

  const indicator = chooseIndicator(current?.indicators ?? [], wantedIndicator);
  const indicatorId = indicator?.id;
  // per head only where that is fair: the server refuses it for rates and times
  const perTenThousand = wantedPerTenThousand && !!indicator?.perResidents;
  const hasChildren = (current?.children.length ?? 0) > 0;
  const comparisonKey = `${code}|${indicatorId ?? ''}|${perTenThousand ? 'per10k' : 'total'}`;
  const comparison = useRequest(
    async (signal) => ({
      key: comparisonKey,
      value: await getComparison(code, indicatorId ?? '', { from, to }, perTenThousand, signal),
    }),
    [comparisonKey, from, to],
    !!indicatorId && hasChildren,
  );

  const points = useRequest(
    async (signal) => ({ code, value: await getPoints(code, { from, to }, signal) }),
    [code, from, to],
  );

  // ---- live ----
  const liveKey = `${code}|${rangeKey}`;
  const [live, setLive] = useState<Live>(() => emptyLive(liveKey));
  // one empty value per area and range, so the map is not redrawn on every render
  const noLive = useMemo(() => emptyLive(liveKey), [liveKey]);
  const currentLive = live.key === liveKey ? live : noLive;

  const domainOf = useMemo(() => {
    const byScenario = new Map<string, string>();
    for (const s of current?.byScenario ?? []) byScenario.set(s.scenarioCode, s.domain);
    for (const s of taxonomy.data?.scenarios ?? []) byScenario.set(s.code, s.domain);
    return (scenarioCode: string) => byScenario.get(scenarioCode) ?? 'other';
  }, [current, taxonomy.data]);

  const { reload: reloadDashboard } = dashboard;
  const { reload: reloadComparison } = comparison;
  const { reload: reloadPoints } = points;
  const refetchTimer = useRef<number | undefined>(undefined);
  const scheduleRefetch = useCallback(() => {
    // A burst of events makes one refetch, a second after the first of them.
    if (refetchTimer.current !== undefined) return;
    refetchTimer.current = window.setTimeout(() => {
      refetchTimer.current = undefined;
      reloadDashboard();
      reloadComparison();
    }, REFETCH_DELAY_MS);
  }, [reloadDashboard, reloadComparison]);
  useEffect(() => () => window.clearTimeout(refetchTimer.current), []);

  const onEvent = (event: DashboardCaseEvent) => {
    setLive((previous) => {
      const base = previous.key === liveKey ? previous : emptyLive(liveKey);
      const nextPoints = new Map(base.points);
      if (event.lat !== null && event.lng !== null) {
        // re-inserted, so the map's newest points are the last ones
        nextPoints.delete(event.id);
        nextPoints.set(event.id, {
          id: event.id,
          lat: event.lat,
          lng: event.lng,
          scenarioCode: event.scenarioCode,
          domain: domainOf(event.scenarioCode),
          status: event.status,
        });
        const oldest = nextPoints.keys().next();
        if (nextPoints.size > MAX_LIVE_POINTS && !oldest.done) nextPoints.delete(oldest.value);
      }
      return {
        key: liveKey,
        points: nextPoints,
        events: [event, ...base.events].slice(0, FEED_LENGTH),
      };
    });
    scheduleRefetch();
  };

  // a department's figures: the indicators read again, and the history of those that moved
  const [fedMoved, setFedMoved] = useState<{ key: string; ticks: Record<string, number> }>({
    key: liveKey,
    ticks: {},
  });
  const onFigures = (indicators: string[]) => {
    setFedMoved((previous) => {
      const ticks = previous.key === liveKey ? { ...previous.ticks } : {};
      for (const id of indicators) ticks[id] = (ticks[id] ?? 0) + 1;
      return { key: liveKey, ticks };
    });
    scheduleRefetch();
  };

  const reloadAll = useCallback(() => {
    reloadDashboard();
    reloadComparison();
    reloadPoints();
  }, [reloadDashboard, reloadComparison, reloadPoints]);
  // a range that ends later today stops being live when its end passes
  const now = useNow();
  const isLive = !!current && isOpenEnded(range, now);
  const stream = useDashboardStream(code, isLive, {
    onEvent,
    onFigures,
    onReconnect: reloadAll,
  });
  // what the feed opens with: the latest events before the stream's (read again on a reconnect)
  const recent = useRequest(
    async (signal) => ({ key: liveKey, value: await getRecentEvents(code, FEED_LENGTH, signal) }),
    [liveKey],
    withFeed && isLive,
  );
  const recentEvents = recent.data?.key === liveKey ? recent.data.value.items : undefined;
  const feed = useMemo(
    () => mergeFeed(currentLive.events, recentEvents ?? [], FEED_LENGTH),
    [currentLive.events, recentEvents],
  );
  // A screen left on for days: a new day starts, deadlines pass without a case event.
  useInterval(reloadAll, SAFETY_REFRESH_MS, isLive);

  const pointsValue = points.data?.code === code ? points.data.value : undefined;
  const mergedPoints = useMemo(() => {
    const byId = new Map<string, DashboardPoint>();
    for (const point of pointsValue?.items ?? []) byId.set(point.id, point);
    for (const [id, point] of currentLive.points) byId.set(id, point);
    return [...byId.values()];
  }, [pointsValue, currentLive.points]);
  const freshPoints = useMemo(
    () => [...currentLive.points.values()].slice(-FRESH_POINTS),
    [currentLive.points],
  );

  const comparisonValue =
    comparison.data?.key === comparisonKey && hasChildren ? comparison.data.value : undefined;

  return {
    reloadAll,
    taxonomy: taxonomy.data,
    dashboard: { ...dashboard, value: current },
    indicator,
    perTenThousand,
    comparison: { ...comparison, value: comparisonValue, isEnabled: !!indicatorId && hasChildren },
    points: {
      ...points,
      value: pointsValue,
      items: mergedPoints,
      fresh: freshPoints,
    },
    live: {
      status: stream.status,
      lastEvent: stream.lastEvent,
      events: withFeed && isLive ? feed : currentLive.events,
      /** per indicator, how often a department fed it while this area and range were open */
      fedTicks: fedMoved.key === liveKey ? fedMoved.ticks : NO_TICKS,
    },
  };
}

export type DashboardData = ReturnType<typeof useDashboardData>;
