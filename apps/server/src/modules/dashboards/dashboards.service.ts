import {
  DASHBOARD_ROLES,
  CASE_STATUSES,
  TERMINAL_STATUSES,
  type Area,
  type CaseSource,
  type CaseStatus,
  type Comparison,
  type CompareQuery,
  type Dashboard,
  type DashboardEvents,
  type DashboardEventsQuery,
  type DashboardPoints,
  type DashboardQuery,
  type FedSeries,
} from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import { type Actor, type Ctx, readerOf } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { inDistricts } from '../../platform/db/path-within.js';
import { districtOf } from '../../platform/district.js';
import { AppError } from '../../platform/errors.js';
import { reaches } from '../../platform/policy.js';
import { shanghaiDate } from '../../platform/shanghai-time.js';
import {
  findChainCached,
  listChildAreas,
  requireArea,
  toArea,
  type AreaSummaryRow,
} from '../areas/index.js';
import { denyAndAudit } from '../audit/index.js';
import {
  FLOW_COUNTERS,
  findScenario,
  listCasePoints,
  listRecentCaseEvents,
  type FlowCounter,
} from '../cases/index.js';
import { residentsByChild, residentsWithin } from '../registry/index.js';
import { readFedTotals } from './fed-figures.js';
import { compareFedChildren, dashboardFedIndicators, fedSeriesFor } from './fed-indicators.js';
import {
  computeValue,
  describeIndicator,
  type DescribedIndicator,
  emptyTotals,
  fedMetricsOf,
  getIndicators,
  indicatorValue,
  type IndicatorDef,
  type Totals,
} from './indicators.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Shanghai is UTC+8 all year: its days are whole UTC hours */
const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;
const MAX_RANGE_DAYS = 731;
/** every status but the ends: what the centre still has in hand */
const NOT_ENDED = CASE_STATUSES.filter((st) => !TERMINAL_STATUSES.includes(st));

/** The area, if the reader's dashboard roles reach it; a refusal is audited. */
export async function requireViewableArea(ctx: Ctx, rawCode: string) {
  const area = await requireArea(ctx.db, rawCode);
  if (!reaches(ctx.actor, area.path, DASHBOARD_ROLES)) {
    await denyAndAudit(
      ctx,
      { action: 'dashboard.read', objectType: 'area', objectId: area.code, areaPath: area.path },
      `The dashboard of ${area.name_en ?? area.code} lies outside your scope / ${area.name}不在您的看板范围内`,
    );
  }
  return area;
}

/**
 * The range as whole hours (the rollups are hourly): default today in Shanghai until now;
 * reversed or longer than two years is refused.
 */
export function parseRange(q: DashboardQuery, now = new Date()): { from: Date; to: Date } {
  const todayStart = new Date(
    Math.floor((now.getTime() + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS,
  );
  const from = q.from ? new Date(q.from) : todayStart;
  const to = q.to ? new Date(q.to) : now;
  if (!(from < to)) {
    throw AppError.invalid('from', 'before-to', 'from must be before to / 开始时间须早于结束时间');
  }
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) {
    throw AppError.invalid(
      'to',
      'maxRange',
      `the range may span at most ${MAX_RANGE_DAYS} days / 时间范围最长${MAX_RANGE_DAYS}天`,
    );
  }
  return {
    from: new Date(Math.floor(from.getTime() / HOUR_MS) * HOUR_MS),
    to: new Date(Math.ceil(to.getTime() / HOUR_MS) * HOUR_MS),
  };
}

/** An area as the rollups are keyed: its code, and its path for the district. */
export interface AreaKey {
  code: string;
  path: string;
}

/** SQL: the rollup rows of these areas' districts (a city's own rows: the city's key). */
const rollupDistricts = (areas: readonly AreaKey[]) =>
  inDistricts('district_code', [...new Set(areas.map((a) => districtOf(a.path)))]);

/** What a computation needs from the rollups: less to read when comparing many areas. */
export interface TotalsNeed {
  /** flows per scenario (for scenario and domain figures), not just per area */
  scenarios: boolean;
  hist: boolean;
  stock: boolean;
}
const EVERYTHING: TotalsNeed = { scenarios: true, hist: true, stock: true };

/** The rollups of `areas` over the range, summed per area (flows, histogram, stock). */
export async function totalsFor(
  db: Kysely<DB>,
  areas: readonly AreaKey[],
  range: { from: Date; to: Date },
  need: TotalsNeed = EVERYTHING,
): Promise<Map<string, Totals & { byScenario: Map<string, number> }>> {
  const areaCodes = areas.map((a) => a.code);
  const districts = rollupDistricts(areas);
  // whole days: "per day" for this morning is this morning's count, not an extrapolation
  const days = Math.max(1, Math.ceil((range.to.getTime() - range.from.getTime()) / DAY_MS));
  const totals = new Map(
    areaCodes.map((c) => [c, { ...emptyTotals(days), byScenario: new Map<string, number>() }]),
  );
  if (areaCodes.length === 0) return totals;
  const groups = need.scenarios
    ? (['area_code', 'scenario_code'] as const)
    : (['area_code'] as const);
  const [flows, hist, stock] = await Promise.all([
    db
      .selectFrom('case_flow_hourly')
      .select([...groups, ...FLOW_COUNTERS.map((k) => sql<string>`sum(${sql.ref(k)})`.as(k))])
      .where(districts)
      .where('area_code', 'in', areaCodes)
      .where('hour', '>=', range.from)
      .where('hour', '<', range.to)
      .groupBy([...groups])
      .execute() as Promise<
      ({ area_code: string; scenario_code?: string } & Record<FlowCounter, string>)[]
    >,
    need.hist
      ? db
          .selectFrom('case_resolve_hist')
          .select(['area_code', 'bucket', sql<string>`sum(n)`.as('n')])
          .where(districts)
          .where('area_code', 'in', areaCodes)
          .where('hour', '>=', range.from)
          .where('hour', '<', range.to)
          .groupBy(['area_code', 'bucket'])
          .execute()
      : [],
    need.stock
      ? db
          .selectFrom('case_status_counts')
          .select(['area_code', 'status', sql<string>`sum(n)`.as('n')])
          .where(districts)
          .where('area_code', 'in', areaCodes)
          .groupBy(['area_code', 'status'])
          .execute()
      : [],
  ]);
  for (const r of flows) {
    const t = totals.get(r.area_code)!;
    for (const k of FLOW_COUNTERS) t.flows[k] += Number(r[k as FlowCounter]);
    if (r.scenario_code === undefined) continue;
    const reported = Number(r.reported);
    t.byScenario.set(r.scenario_code, (t.byScenario.get(r.scenario_code) ?? 0) + reported);
    const domain = findScenario(r.scenario_code)?.domain;
    if (domain) t.reportedByDomain[domain] = (t.reportedByDomain[domain] ?? 0) + reported;
  }
  for (const r of hist) {
    const t = totals.get(r.area_code)!;
    t.hist[r.bucket] = (t.hist[r.bucket] ?? 0) + Number(r.n);
  }
  for (const r of stock) totals.get(r.area_code)!.stock[r.status] = Number(r.n);
  return totals;
}

/** Cases reported in the range per area and source (from the source rollup). */
export async function reportedBySource(
  db: Kysely<DB>,
  areas: readonly AreaKey[],
  range: { from: Date; to: Date },
): Promise<Map<string, Map<CaseSource, number>>> {
  const areaCodes = areas.map((a) => a.code);
  const out = new Map(areaCodes.map((c) => [c, new Map<CaseSource, number>()]));
  if (areaCodes.length === 0) return out;
  const rows = await db
    .selectFrom('case_source_hourly')
    .select(['area_code', 'source', sql<string>`sum(reported)`.as('n')])
    .where(rollupDistricts(areas))
    .where('area_code', 'in', areaCodes)
    .where('hour', '>=', range.from)
    .where('hour', '<', range.to)
    .groupBy(['area_code', 'source'])
    .execute();
  for (const r of rows) out.get(r.area_code)!.set(r.source as CaseSource, Number(r.n));
  return out;
}

/** Cases not yet ended in the area now, per scenario (from the stock rollup). */
export async function openCasesByScenario(
  db: Kysely<DB>,
  area: AreaKey,
): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('case_status_counts')
    .select(['scenario_code', sql<string>`sum(n)`.as('n')])
    .where(rollupDistricts([area]))
    .where('area_code', '=', area.code)
    .where('status', 'in', NOT_ENDED)
    .groupBy('scenario_code')
    .execute();
  return new Map(rows.map((r) => [r.scenario_code, Number(r.n)]));
}

/** Reported, resolved and closed per hour (ranges up to two days) or per Shanghai day. */
async function trendFor(db: Kysely<DB>, area: AreaKey, range: { from: Date; to: Date }) {
  const bucket = range.to.getTime() - range.from.getTime() <= 2 * DAY_MS ? 'hour' : 'day';
  const t =
    bucket === 'hour'
      ? sql<Date>`hour`
      : sql<Date>`date_trunc('day', hour + interval '8 hours', 'UTC') - interval '8 hours'`;
  const rows = await db
    .selectFrom('case_flow_hourly')
    .select([
      t.as('t'),
      sql<string>`sum(reported)`.as('reported'),
      sql<string>`sum(resolved)`.as('resolved'),
      sql<string>`sum(closed)`.as('closed'),
    ])
    .where(rollupDistricts([area]))
    .where('area_code', '=', area.code)
    .where('hour', '>=', range.from)
    .where('hour', '<', range.to)
    .groupBy(sql`1`)
    .orderBy(sql`1`)
    .execute();
  return {
    bucket: bucket as 'hour' | 'day',
    points: rows.map((r) => ({
      t: new Date(r.t).toISOString(),
      reported: Number(r.reported),
      resolved: Number(r.resolved),
      closed: Number(r.closed),
    })),
  };
}

/** The ancestors the reader may open, top of their scope first. */
export async function viewableChain(ctx: Ctx, area: Parameters<typeof findChainCached>[1]) {
  const chain = await findChainCached(ctx.db, area);
  return chain.filter((a) => reaches(ctx.actor, a.path, DASHBOARD_ROLES)).map(toArea);
}

/** The range's Shanghai days, both ends in (a range ending at midnight ends the day before). */
const rangeDays = (range: { from: Date; to: Date }) => ({
  from: shanghaiDate(range.from),
  to: shanghaiDate(new Date(range.to.getTime() - 1)),
});

/**
 * What the indicators read from the topic boards' fed figures (volunteers …): the area's own
 * (`of: 'own'`, keyed '') or each child's, and the residents when an indicator is per
 * residents. One read of topic_feed_figures, one of the residents; none when no indicator asks.
 */
async function fedFor(
  db: Kysely<DB>,
  defs: readonly IndicatorDef[],
  area: { path: string },
  range: { from: Date; to: Date },
  of: 'own' | 'children',
  children: readonly { code: string; path: string }[] = [],
): Promise<{ fed: Map<string, Totals['fed']>; residents: Map<string, number> | null }> {
  const need = fedMetricsOf(defs);
  const days = rangeDays(range);
  const [fed, residents] = await Promise.all([
    readFedTotals(db, need.metrics, area.path, days.from, days.to, of),
    !need.perResidents
      ? null
      : of === 'own'
        ? residentsWithin(db, area.path).then((n) => new Map([['', n]]))
        : residentsByChild(db, area.path, [...children]),
  ]);
  return { fed, residents };
}

/**
 * Every indicator at an area over a range: the computed ones (from the case rollups and the
 * topic feeds) and the departments' (decision 028), with their groups; `t` is the area's
 * rollup totals for the callers that show more of them.
 */
export async function indicatorsAt(
  ctx: Ctx,
  area: AreaSummaryRow,
  range: { from: Date; to: Date },
) {
  const { groups, indicators, summary } = getIndicators();
  const [totals, fed, departments] = await Promise.all([
    totalsFor(readerOf(ctx), [area], range),
    fedFor(readerOf(ctx), indicators, area, range, 'own'),
    dashboardFedIndicators(ctx, area, range),
  ]);
  const t = totals.get(area.code)!;
  t.fed = fed.fed.get('') ?? {};
  t.residents = fed.residents?.get('') ?? null;
  return {
    t,
    summary,
    groups: [...groups, ...departments.groups],
    indicators: [...indicators.map((def) => indicatorValue(def, t)), ...departments.indicators],
  };
}

export async function getDashboard(
  ctx: Ctx,
  rawCode: string,
  q: DashboardQuery,
): Promise<Dashboard> {
  const area = await requireViewableArea(ctx, rawCode);
  const range = parseRange(q);
  const [all, trend, chain, children, open, sources] = await Promise.all([
    indicatorsAt(ctx, area, range),
    trendFor(readerOf(ctx), area, range),
    viewableChain(ctx, area),
    listChildAreas(ctx, area.code),
    openCasesByScenario(readerOf(ctx), area),
    reportedBySource(readerOf(ctx), [area], range),
  ]);
  const { t } = all;
  const scenarios = new Set([...t.byScenario.keys(), ...open.keys()]);
  return {
    area: toArea(area),
    chain,
    children: children.items,
    range: { from: range.from.toISOString(), to: range.to.toISOString() },
    groups: all.groups,
    indicators: all.indicators,
    summary: all.summary,
    byScenario: [...scenarios]
      .map((code) => {
        const s = findScenario(code);
        return {
          scenarioCode: code,
          name: s?.name ?? code,
          nameEn: s?.nameEn ?? code,
          domain: s?.domain ?? '',
          reported: t.byScenario.get(code) ?? 0,
          open: open.get(code) ?? 0,
        };
      })
      .sort((a, b) => b.reported - a.reported || b.open - a.open),
    byStatus: Object.entries(t.stock)
      .filter(([, n]) => (n ?? 0) !== 0)
      .map(([status, n]) => ({ status: status as CaseStatus, n: Number(n ?? 0) })),
    bySource: [...sources.get(area.code)!]
      .map(([source, reported]) => ({ source, reported }))
      .sort((a, b) => b.reported - a.reported),
    trend,
  };
}

/** 交叉比对: one indicator for every child of the area, best first. */
export async function compareChildren(
  ctx: Ctx,
  rawCode: string,
  q: CompareQuery,
): Promise<Comparison> {
  const area = await requireViewableArea(ctx, rawCode);
  const def = getIndicators().indicators.find((i) => i.id === q.indicator);
  const bySource = q.source !== undefined;
  if (bySource && !(def?.formula.kind === 'sum' && def.formula.of === 'reported')) {
    throw AppError.invalid(
      'source',
      'indicator',
      `source: only the count of cases reported (cases.reported) is split by source / 仅上报工单数可按来源比较`,
    );
  }
  if (!def) {
    const range = parseRange(q);
    const fed = await compareFedChildren(ctx, area, q, range);
    if (fed) return rankedComparison(area, fed.indicator, range, fed.items, false, null);
    throw AppError.invalid(
      'indicator',
      'exists',
      `indicator: no indicator "${q.indicator}" / 没有这个指标`,
    );
  }
  const range = parseRange(q);
  const children: Area[] = (await listChildAreas(ctx, area.code)).items;
  const childPaths = children.map((c) => ({ code: c.code, path: `${area.path}/${c.code}` }));
  // only what this indicator's formula reads: the case rollups, or a topic's fed figures
  const kind = def.formula.kind;
  const fromTopic = kind === 'topic' || kind === 'topicPerResidents';
  const [totals, fed] = await Promise.all([
    fromTopic
      ? new Map(children.map((c) => [c.code, emptyTotals(1)]))
      : totalsFor(readerOf(ctx), childPaths, range, {
          scenarios: kind === 'domain',
          hist: kind === 'percentile',
          stock: kind === 'stock',
        }),
    fromTopic ? fedFor(readerOf(ctx), [def], area, range, 'children', childPaths) : null,
  ]);
  for (const [code, t] of totals) {
    t.fed = fed?.fed.get(code) ?? {};
    t.residents = fed?.residents?.get(code) ?? null;
  }
  if (q.source !== undefined) {
    // the cases of one source only: the count reported is read from the source rollup
    const counts = await reportedBySource(readerOf(ctx), childPaths, range);
    for (const [code, t] of totals) t.flows.reported = counts.get(code)!.get(q.source) ?? 0;
  }
  if (q.perTenThousand && !def.perResidents) {
    throw AppError.invalid(
      'perTenThousand',
      'fair',
      `indicator: "${def.id}" is not compared per 10,000 residents (it is a rate or a time) / 该指标不适合按每万人比较`,
    );
  }
  const population = def.perResidents
    ? (fed?.residents ?? (await residentsByChild(readerOf(ctx), area.path, childPaths)))
    : null;
  const items = withheld(
    def,
    children.map((child) => {
      const t = totals.get(child.code)!;
      const v = indicatorValue(def, t);
      const residents = population?.get(child.code) ?? null;
      const perTenThousand =
        residents && v.value !== null ? Math.round((v.value / residents) * 100_000) / 10 : null;
      return {
        area: child,
        value: v.value,
        display: v.display,
        state: v.state,
        residents,
        perTenThousand,
        raw: computeValue(def.formula, t),
      };
    }),
  ).map(({ raw: _raw, ...item }) => item);
  return rankedComparison(
    area,
    describeIndicator(def),
    range,
    items,
    q.perTenThousand ?? false,
    q.source ?? null,
  );
}

type ComparisonItem = Comparison['items'][number];

/** The children ranked best first by the indicator's direction (nulls last), the worst named. */
function rankedComparison(
  area: Parameters<typeof toArea>[0],
  indicator: DescribedIndicator,
  range: { from: Date; to: Date },
  items: ComparisonItem[],
  perTenThousand: boolean,
  source: CaseSource | null,
): Comparison {
  const rankBy = (i: ComparisonItem) => (perTenThousand ? i.perTenThousand : i.value);
  const sign = indicator.direction === 'lower' ? 1 : -1;
  items.sort((a, b) => {
    const x = rankBy(a);
    const y = rankBy(b);
    return x === null ? 1 : y === null ? -1 : sign * (x - y);
  });
  const ranked = items.filter((i) => rankBy(i) !== null);
  return {
    area: toArea(area),
    source,
    indicator,
    range: { from: range.from.toISOString(), to: range.to.toISOString() },
    items,
    perTenThousand,
    worst: indicator.direction !== 'neutral' && ranked.length > 1 ? ranked.at(-1)!.area.code : null,
  };
}

/**
 * Counts of people compared child by child: when only one child is hidden as "<5", it could be
 * worked out as the total less the others, so the next smallest is withheld too ("*"), as the
 * topic boards do.
 */
function withheld<
  T extends {
    raw: number | null;
    value: number | null;
    display: string;
    perTenThousand: number | null;
  },
>(def: IndicatorDef, items: T[]): T[] {
  if (def.unitEn !== 'people') return items;
  const hidden = items.filter((i) => i.value === null && i.raw !== null);
  if (hidden.length !== 1) return items;
  const next = items
    .filter((i) => i.value !== null && i.raw !== null && i.raw > 0)
    .sort((a, b) => a.raw! - b.raw!)[0];
  return items.map((i) =>
    i === next ? { ...i, value: null, display: '*', state: null, perTenThousand: null } : i,
  );
}

const POINT_LIMIT = 5000;

/** The range's cases in the area as map points (newest first, at most POINT_LIMIT). */
export async function listDashboardPoints(
  ctx: Ctx,
  rawCode: string,
  q: DashboardQuery,
): Promise<DashboardPoints> {
  const area = await requireViewableArea(ctx, rawCode);
  const range = parseRange(q);
  const rows = await listCasePoints(readerOf(ctx), {
    areaPath: area.path,
    from: range.from,
    to: range.to,
    limit: POINT_LIMIT + 1,
  });
  return {
    items: rows.slice(0, POINT_LIMIT).map((r) => ({
      ...r,
      domain: findScenario(r.scenarioCode)?.domain ?? '',
    })),
    truncated: rows.length > POINT_LIMIT,
  };
}

/**
 * The area's latest case events, newest first, as its live stream sends them: a big screen
 * opens its live panel with these, then the stream goes on.
 */
export async function listDashboardEvents(
  ctx: Ctx,
  rawCode: string,
  q: DashboardEventsQuery,
): Promise<DashboardEvents> {
  const area = await requireViewableArea(ctx, rawCode);
  return {
    items: await listRecentCaseEvents(readerOf(ctx), { areaPath: area.path, limit: q.limit ?? 30 }),
  };
}

/**
 * The area whose live stream the reader may open (its path filters the events), and the test
 * an open stream repeats: does this person (their roles read again) still reach it?
 */
export async function openDashboardStream(
  ctx: Ctx,
  rawCode: string,
): Promise<{ path: string; canStillWatch: (actor: Actor) => boolean }> {
  const area = await requireViewableArea(ctx, rawCode);
  return {
    path: area.path,
    canStillWatch: (actor) => reaches(actor, area.path, DASHBOARD_ROLES),
  };
}

/** A department's indicator over a range at an area the reader may view (its chart). */
export async function getFedHistory(
  ctx: Ctx,
  rawCode: string,
  indicator: string,
  q: DashboardQuery,
): Promise<FedSeries> {
  const area = await requireViewableArea(ctx, rawCode);
  const series = await fedSeriesFor(ctx, area, indicator, parseRange(q));
  if (!series) {
    throw AppError.invalid(
      'indicator',
      'exists',
      `indicator: no department's indicator "${indicator}" / 没有这个部门指标`,
    );
  }
  return series;
}
