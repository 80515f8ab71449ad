import fs from 'node:fs';
import path from 'node:path';
import {
  formatIndicatorNumber,
  isSmallGroup,
  SMALL_GROUP_DISPLAY,
  CASE_STATUSES,
  INDICATOR_DIRECTIONS,
  type IndicatorGroup,
  type IndicatorState,
  type IndicatorValue,
} from '@cc/contracts';
import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { REPO_ROOT } from '../../platform/config.js';
import {
  FLOW_COUNTERS,
  getTaxonomy,
  RESOLVE_BUCKET_MINUTES,
  type FlowCounter,
} from '../cases/index.js';
import { listTopicDefinitions } from './topics.js';

/**
 * Indicators (指标) are data: data/indicators/indicators.json names each one, its group,
 * unit, definition, direction, target and thresholds, and a formula over the case rollups.
 * A new indicator of a known kind is a new entry in the file, not new code.
 */
export const INDICATORS_FILE = path.join(REPO_ROOT, 'data/indicators/indicators.json');

const Counter = Type.Union(FLOW_COUNTERS.map((c) => Type.Literal(c)));
const Formula = Type.Union([
  Type.Object({ kind: Type.Literal('sum'), of: Counter }),
  Type.Object({ kind: Type.Literal('perDay'), of: Counter }),
  Type.Object({
    kind: Type.Literal('ratio'),
    of: Counter,
    over: Counter,
    scale: Type.Number(),
  }),
  Type.Object({ kind: Type.Literal('mean'), of: Counter, over: Counter, divide: Type.Number() }),
  Type.Object({
    kind: Type.Literal('percentile'),
    p: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 100 }),
    divide: Type.Number(),
  }),
  Type.Object({
    kind: Type.Literal('stock'),
    statuses: Type.Array(Type.Union(CASE_STATUSES.map((s) => Type.Literal(s))), { minItems: 1 }),
  }),
  Type.Object({ kind: Type.Literal('domain'), domain: Type.String() }),
  /**
   * a metric a module feeds to a topic board (decision 020): over the range, the newest day's
   * figure of a stock ('latest'), the days' sum of a flow
   */
  Type.Object({ kind: Type.Literal('topic'), topic: Type.String(), metric: Type.String() }),
  /** the same divided by `divide` (minutes → hours: 60), per `per` residents of the area */
  Type.Object({
    kind: Type.Literal('topicPerResidents'),
    topic: Type.String(),
    metric: Type.String(),
    divide: Type.Number({ exclusiveMinimum: 0 }),
    per: Type.Number({ exclusiveMinimum: 0 }),
  }),
]);
type Formula = Static<typeof Formula>;

const IndicatorDef = Type.Object({
  id: Type.String({ pattern: '^[a-z0-9_.-]{2,60}$' }),
  name: Type.String({ minLength: 1 }),
  nameEn: Type.String({ minLength: 1 }),
  group: Type.String(),
  unit: Type.String(),
  unitEn: Type.String(),
  /** decimals shown (counts 0); without it, 0 for counts and 1 for the rest */
  decimals: Type.Optional(Type.Integer({ minimum: 0, maximum: 3 })),
  definition: Type.String({ minLength: 1 }),
  definitionEn: Type.String({ minLength: 1 }),
  formula: Formula,
  direction: Type.Union(INDICATOR_DIRECTIONS.map((d) => Type.Literal(d))),
  target: Type.Union([Type.Number(), Type.Null()]),
  thresholds: Type.Union([Type.Object({ green: Type.Number(), red: Type.Number() }), Type.Null()]),
  perResidents: Type.Boolean(),
});
export type IndicatorDef = Static<typeof IndicatorDef> & { decimals: number };

const IndicatorFile = Type.Object({
  version: Type.Integer(),
  source: Type.String(),
  groups: Type.Array(
    Type.Object({ id: Type.String(), name: Type.String(), nameEn: Type.String() }),
  ),
  /**
   * the figures of the dashboard's top strip (上报, 在办, 处置, 办结), by indicator id: the strip
   * shows these indicators, so one figure has one name and one definition on the screen
   */
  summary: Type.Optional(Type.Array(Type.String(), { maxItems: 6 })),
  indicators: Type.Array(IndicatorDef),
});
const checkFile = TypeCompiler.Compile(IndicatorFile);

/** Read and check an indicator file: every group, domain and id must make sense. */
export function parseIndicators(json: unknown): {
  groups: IndicatorGroup[];
  summary: string[];
  indicators: IndicatorDef[];
} {
  if (!checkFile.Check(json)) {
    const e = checkFile.Errors(json).First();
    throw new Error(`indicator file: ${e?.path || '/'} ${e?.message ?? 'is malformed'}`);
  }
  const groups = new Set(json.groups.map((g) => g.id));
  const domains = new Set(getTaxonomy().domains.map((d) => d.code));
  const ids = new Set<string>();
  for (const i of json.indicators) {
    if (ids.has(i.id)) throw new Error(`indicator file: ${i.id} is defined twice`);
    ids.add(i.id);
    if (!groups.has(i.group)) throw new Error(`indicator file: ${i.id} has no group ${i.group}`);
    if (i.formula.kind === 'domain' && !domains.has(i.formula.domain))
      throw new Error(`indicator file: ${i.id} names no domain ${i.formula.domain}`);
    if (i.formula.kind === 'topic' || i.formula.kind === 'topicPerResidents') {
      const { topic, metric } = i.formula;
      const m = listTopicDefinitions()
        .find((t) => t.id === topic)
        ?.metrics.find((x) => x.id === metric);
      if (m?.feed !== 'platform')
        throw new Error(`indicator file: ${i.id} names no fed metric ${metric} of topic ${topic}`);
    }
  }
  const summary = json.summary ?? [];
  for (const id of summary) {
    if (!ids.has(id)) throw new Error(`indicator file: the summary names no indicator ${id}`);
  }
  return {
    groups: json.groups,
    summary,
    indicators: json.indicators.map((i) => ({ ...i, decimals: i.decimals ?? wholeByKind(i) })),
  };
}

/** Counts are whole numbers; rates, means and times get one decimal. */
function wholeByKind(i: { formula: Formula }): number {
  const k = i.formula.kind;
  return k === 'sum' || k === 'stock' || k === 'domain' || k === 'topic' ? 0 : 1;
}

let loaded: ReturnType<typeof parseIndicators> | null = null;
export function getIndicators(): ReturnType<typeof parseIndicators> {
  loaded ??= parseIndicators(JSON.parse(fs.readFileSync(INDICATORS_FILE, 'utf8')));
  return loaded;
}

/** What the rollups say about one area (or a child) over a range. */
export interface Totals {
  flows: Record<FlowCounter, number>;
  /** resolutions per bucket of RESOLVE_BUCKET_MINUTES (index 0: under a minute) */
  hist: number[];
  /** cases in each status now */
  stock: Partial<Record<string, number>>;
  /** cases reported in the range per domain */
  reportedByDomain: Partial<Record<string, number>>;
  days: number;
  /** fed topic metrics over the range, by `topic.metric` (fedKey): read only when asked for */
  fed: Partial<Record<string, number>>;
  /** residents present in the area, when an indicator is per residents */
  residents: number | null;
}

/** the key of a fed topic metric in `Totals.fed` */
export const fedKey = (topic: string, metric: string) => `${topic}.${metric}`;

/** The fed topic metrics the indicators read (each once), and whether any is per residents. */
export function fedMetricsOf(defs: readonly IndicatorDef[]): {
  metrics: { topic: string; metric: string; aggregate: 'latest' | 'sum' }[];
  perResidents: boolean;
} {
  const metrics = new Map<string, { topic: string; metric: string; aggregate: 'latest' | 'sum' }>();
  let perResidents = false;
  for (const { formula: f } of defs) {
    if (f.kind !== 'topic' && f.kind !== 'topicPerResidents') continue;
    const aggregate = listTopicDefinitions()
      .find((t) => t.id === f.topic)
      ?.metrics.find((m) => m.id === f.metric)?.aggregate;
    if (aggregate)
      metrics.set(fedKey(f.topic, f.metric), { topic: f.topic, metric: f.metric, aggregate });
    if (f.kind === 'topicPerResidents') perResidents = true;
  }
  return { metrics: [...metrics.values()], perResidents };
}

export function emptyTotals(days: number): Totals {
  return {
    flows: Object.fromEntries(FLOW_COUNTERS.map((k) => [k, 0])) as Record<FlowCounter, number>,
    hist: Array<number>(RESOLVE_BUCKET_MINUTES.length + 1).fill(0),
    stock: {},
    reportedByDomain: {},
    days,
    fed: {},
    residents: null,
  };
}

/** The p-th percentile of the histogram, linear within its bucket; null with no data. */
export function histogramPercentile(hist: number[], p: number): number | null {
  const total = hist.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const edges = [0, ...RESOLVE_BUCKET_MINUTES.map((m) => m * 60)];
  const rank = (p / 100) * total;
  let below = 0;
  for (let b = 0; b < hist.length; b++) {
    const n = hist[b]!;
    if (below + n >= rank && n > 0) {
      const lo = edges[b]!;
      const hi = edges[b + 1];
      // the last bucket is open-ended: its lower edge is all we know
      return hi === undefined ? lo : lo + ((rank - below) / n) * (hi - lo);
    }
    below += n;
  }
  return edges[edges.length - 1]!;
}

export function computeValue(f: Formula, t: Totals): number | null {
  switch (f.kind) {
    case 'sum':
      return t.flows[f.of];
    case 'perDay':
      return t.days > 0 ? t.flows[f.of] / t.days : null;
    case 'ratio':
      return t.flows[f.over] > 0 ? (t.flows[f.of] / t.flows[f.over]) * f.scale : null;
    case 'mean':
      return t.flows[f.over] > 0 ? t.flows[f.of] / t.flows[f.over] / f.divide : null;
    case 'percentile': {
      const v = histogramPercentile(t.hist, f.p);
      return v === null ? null : v / f.divide;
    }
    case 'stock':
      return f.statuses.reduce((sum, s) => sum + (t.stock[s] ?? 0), 0);
    case 'domain':
      return t.reportedByDomain[f.domain] ?? 0;
    // a fed metric with no rows in the range: nothing happened
    case 'topic':
      return t.fed[fedKey(f.topic, f.metric)] ?? 0;
    case 'topicPerResidents':
      return t.residents
        ? ((t.fed[fedKey(f.topic, f.metric)] ?? 0) / f.divide / t.residents) * f.per
        : null;
  }
}

export function stateOf(
  def: Pick<IndicatorDef, 'thresholds' | 'direction'>,
  value: number | null,
): IndicatorState | null {
  if (value === null || !def.thresholds || def.direction === 'neutral') return null;
  const { green, red } = def.thresholds;
  if (def.direction === 'higher') return value >= green ? 'green' : value < red ? 'red' : 'amber';
  return value <= green ? 'green' : value > red ? 'red' : 'amber';
}

/** To the indicator's decimals (counts whole); "—" when there is nothing to show. */
export function displayOf(def: Pick<IndicatorDef, 'decimals'>, value: number | null): string {
  return formatIndicatorNumber(value, def.decimals);
}

/** An indicator as the screens describe it, without its value. */
export type DescribedIndicator = Omit<IndicatorValue, 'value' | 'display' | 'state'>;

/** A computed indicator's description: from the platform's own data, always fed. */
export function describeIndicator(def: IndicatorDef): DescribedIndicator {
  const { formula: _f, ...described } = def;
  return { ...described, source: 'platform', department: null, noFeed: false };
}

/**
 * An indicator's value as shown: rounded, coloured by its thresholds, and "<5" for counts of
 * fewer than five people. The one place computed and fed indicators get their display.
 */
export function valueOf(described: DescribedIndicator, value: number | null): IndicatorValue {
  if (described.unitEn === 'people' && isSmallGroup(value)) {
    return { ...described, value: null, display: SMALL_GROUP_DISPLAY, state: null };
  }
  return {
    ...described,
    value: value === null ? null : Math.round(value * 100) / 100,
    display: displayOf(described, value),
    state: stateOf(described, value),
  };
}

export function indicatorValue(def: IndicatorDef, t: Totals): IndicatorValue {
  return valueOf(describeIndicator(def), computeValue(def.formula, t));
}
