import fs from 'node:fs';
import path from 'node:path';
import {
  DASHBOARD_ROLES,
  isSmallGroup,
  SMALL_GROUP_DISPLAY,
  type Area,
  type FigureImportResult,
  type RowProblem,
  type TopicBoard,
  type TopicList,
  type TopicMetric,
  type TopicQuery,
  type TopicSummary,
} from '@cc/contracts';
import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { REPO_ROOT } from '../../platform/config.js';
import { type Ctx, readerOf } from '../../platform/context.js';
import { pathWithin } from '../../platform/db/path-within.js';
import { AppError } from '../../platform/errors.js';
import { reaches } from '../../platform/policy.js';
import { shanghaiDate } from '../../platform/shanghai-time.js';
import { findAreaCached, listChildAreas, toArea } from '../areas/index.js';
import { auditEntry, appendAudits, commonAreaPath } from '../audit/index.js';
import { getTaxonomy } from '../cases/index.js';
import { readFedFigures } from './fed-figures.js';
import {
  openCasesByScenario,
  parseRange,
  requireViewableArea,
  totalsFor,
  viewableChain,
} from './dashboards.service.js';

/**
 * Topic boards (专题): a set of metrics fed by daily figures (data/topics/README.md) until the
 * platform's own modules hold them, plus the topic's cases from the case rollups.
 */
export const TOPICS_DIR = path.join(REPO_ROOT, 'data/topics');

const TopicFile = Type.Object({
  id: Type.String({ pattern: '^[a-z0-9-]{2,40}$' }),
  name: Type.String(),
  nameEn: Type.String(),
  description: Type.String(),
  descriptionEn: Type.String(),
  caseDomain: Type.String(),
  metrics: Type.Array(
    Type.Object({
      id: Type.String({ pattern: '^[a-z0-9_]{2,60}$' }),
      name: Type.String(),
      nameEn: Type.String(),
      unit: Type.String(),
      unitEn: Type.String(),
      aggregate: Type.Union([Type.Literal('latest'), Type.Literal('sum')]),
      /** a count of people: fewer than five are never shown exactly */
      people: Type.Boolean(),
      /**
       * where the figures come from: imported CSV (the default: other departments' figures),
       * or fed by the platform's own modules as their work happens (topic-feed.ts)
       */
      feed: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('platform')])),
      /** a fed stock (people under observation): each day starts from the day before */
      stock: Type.Optional(Type.Boolean()),
      /**
       * shown divided by this, to one decimal (minutes fed, hours shown: 60, with the unit
       * 小时); the figures are kept whole, as fed or imported
       */
      divide: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    }),
    { minItems: 1 },
  ),
});
export type Topic = Static<typeof TopicFile>;
const checkTopic = TypeCompiler.Compile(TopicFile);

let topics: Map<string, Topic> | null = null;
function loadTopics(): Map<string, Topic> {
  if (topics) return topics;
  const domains = new Set(getTaxonomy().domains.map((d) => d.code));
  topics = new Map();
  for (const f of fs.readdirSync(TOPICS_DIR).filter((f) => f.endsWith('.json'))) {
    const t: unknown = JSON.parse(fs.readFileSync(path.join(TOPICS_DIR, f), 'utf8'));
    if (!checkTopic.Check(t)) {
      const e = checkTopic.Errors(t).First();
      throw new Error(`topic file ${f}: ${e?.path || '/'} ${e?.message ?? 'is malformed'}`);
    }
    if (!domains.has(t.caseDomain)) throw new Error(`topic file ${f}: no domain ${t.caseDomain}`);
    topics.set(t.id, t);
  }
  return topics;
}

/** Every topic as defined in its file. */
export function listTopicDefinitions(): Topic[] {
  return [...loadTopics().values()];
}

export function requireTopic(id: string): Topic {
  const t = loadTopics().get(id);
  if (!t) throw AppError.notFound(`No topic board "${id}" / 没有这个专题`);
  return t;
}

const summary = (t: Topic): TopicSummary => ({
  id: t.id,
  name: t.name,
  nameEn: t.nameEn,
  description: t.description,
  descriptionEn: t.descriptionEn,
});

export function listTopics(): TopicList {
  return { items: [...loadTopics().values()].map(summary) };
}

type MetricDef = Topic['metrics'][number];
const isFed = (m: MetricDef) => m.feed === 'platform';
const isSmall = (metric: MetricDef, value: number | null) => metric.people && isSmallGroup(value);
function figure(metric: MetricDef, value: number | null) {
  if (value === null) return { value: null, display: '—' };
  if (isSmall(metric, value)) return { value: null, display: SMALL_GROUP_DISPLAY };
  if (metric.divide === undefined) return { value, display: String(value) };
  const shown = value / metric.divide;
  return { value: Math.round(shown * 100) / 100, display: String(Math.round(shown * 10) / 10) };
}
/** shown instead of a figure hidden only so that a small one cannot be worked out from the total */
const WITHHELD = { value: null, display: '*' };

/**
 * Parts of a total (children, origins), highest first, each shown or hidden: a small count of
 * people as "<5"; and when only one is hidden so, it could be worked out as the total less the
 * others, so the next smallest is withheld too ("*", secondary suppression).
 */
function suppressed<K>(m: MetricDef, parts: { key: K; raw: number | null }[]) {
  const ranked = [...parts].sort((a, b) => (b.raw ?? -1) - (a.raw ?? -1));
  const small = ranked.filter((p) => isSmall(m, p.raw));
  const withheld =
    small.length === 1
      ? ranked.filter((p) => p.raw !== null && p.raw > 0 && !isSmall(m, p.raw)).at(-1)
      : undefined;
  return ranked.map((p) => ({ ...p, shown: p === withheld ? WITHHELD : figure(m, p.raw) }));
}

/** One metric's figures for the area, however they arrive. */
interface MetricFigures {
  /** the area's figure per day */
  perDay: Map<string, number>;
  /** each child's figure (its code): over the range, or on the latest day */
  perChild: Map<string, number>;
  /** a child with no figure: unknown (imported) or none happened (fed) */
  missing: number | null;
}

const latestDay = (perDay: Map<string, number>) =>
  [...perDay.keys()].reduce<string | null>((d, k) => (d === null || k > d ? k : d), null);

export async function getTopicBoard(
  ctx: Ctx,
  topicId: string,
  rawCode: string,
  q: TopicQuery,
): Promise<TopicBoard> {
  const topic = requireTopic(topicId);
  const area = await requireViewableArea(ctx, rawCode);
  const range = parseRange(q);
  const from = shanghaiDate(range.from);
  const to = shanghaiDate(new Date(range.to.getTime() - 1));
  const csvIds = topic.metrics.filter((m) => !isFed(m)).map((m) => m.id);
  const [chain, children, imported, fed] = await Promise.all([
    viewableChain(ctx, area),
    listChildAreas(ctx, area.code),
    // imported figures: per metric, child (or the area itself for figures given at its own
    // level) and day
    csvIds.length === 0
      ? []
      : readerOf(ctx)
          .selectFrom('topic_figures')
          .select([
            'metric',
            'area_path',
            sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'),
            'value',
          ])
          .where('topic', '=', topic.id)
          .where('metric', 'in', csvIds)
          .where(sql<boolean>`day between ${from}::date and ${to}::date`)
          .where(pathWithin('area_path', [area.path]))
          .execute(),
    topic.metrics.some(isFed)
      ? readFedFigures(readerOf(ctx), topic.id, area.path, from, to)
      : { own: [], children: [] },
  ]);
  const depth = area.path.split('/').length;

  const importedFigures = (m: MetricDef): MetricFigures => {
    const mine = imported.filter((r) => r.metric === m.id);
    const perDay = new Map<string, number>();
    for (const r of mine) perDay.set(r.day, (perDay.get(r.day) ?? 0) + r.value);
    // a 'latest' metric shows the last day with figures; a 'sum' metric adds up the days
    const latest = latestDay(perDay);
    const perChild = new Map<string, number>();
    for (const r of mine) {
      if (m.aggregate === 'latest' && r.day !== latest) continue;
      const child = r.area_path.split('/')[depth];
      if (child) perChild.set(child, (perChild.get(child) ?? 0) + r.value);
    }
    return { perDay, perChild, missing: null };
  };
  const fedFigures = (m: MetricDef): MetricFigures => {
    const perDay = new Map<string, number>();
    for (const r of fed.own) {
      if (r.metric === m.id && r.day !== null) perDay.set(r.day, r.value);
    }
    const latest = latestDay(perDay);
    const perChild = new Map<string, number>();
    for (const r of fed.children) {
      if (r.metric !== m.id) continue;
      const child = r.areaPath.slice(r.areaPath.lastIndexOf('/') + 1);
      const v = m.aggregate === 'sum' ? r.sum : r.lastDay === latest ? r.lastValue : 0;
      perChild.set(child, v);
    }
    // fed figures: a child without a row had nothing happen (once the area has any figures)
    return { perDay, perChild, missing: perDay.size > 0 ? 0 : null };
  };

  const metrics: TopicMetric[] = topic.metrics.map((m) => {
    const { perDay, perChild, missing } = isFed(m) ? fedFigures(m) : importedFigures(m);
    const latest = latestDay(perDay);
    const total =
      latest === null
        ? null
        : m.aggregate === 'latest'
          ? perDay.get(latest)!
          : [...perDay.values()].reduce((s, v) => s + v, 0);
    const byChild = suppressed(
      m,
      children.items.map((c: Area) => ({ key: c, raw: perChild.get(c.code) ?? missing })),
    ).map(({ key, shown }) => ({ area: key, ...shown }));
    return {
      id: m.id,
      name: m.name,
      nameEn: m.nameEn,
      unit: m.unit,
      unitEn: m.unitEn,
      aggregate: m.aggregate,
      feed: m.feed ?? 'csv',
      ...figure(m, total),
      byChild,
      keyAreas: byChild
        .filter((c) => (perChild.get(c.area.code) ?? 0) > 0)
        .slice(0, 3)
        .map((c) => c.area.code),
      trend: [...perDay]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([day, v]) => ({ day, ...figure(m, v) })),
    };
  });

  // fed metrics split by facet (arrivals by origin), over the range
  const breakdowns = topic.metrics.filter(isFed).flatMap((m) => {
    const parts = fed.own
      .filter((r) => r.metric === m.id && r.facet !== '' && r.value !== 0)
      .map((r) => ({ key: r.facet, raw: r.value }))
      // equal figures in the order of their codes
      .sort((a, b) => (a.key < b.key ? -1 : 1));
    if (parts.length === 0) return [];
    return [
      {
        metric: m.id,
        items: suppressed(m, parts)
          .slice(0, BREAKDOWN_TOP)
          .map(({ key, shown }) => ({ facet: key, ...shown })),
      },
    ];
  });
  const lastDay = [
    ...imported.map((r) => r.day),
    ...fed.own.flatMap((r) => (r.day === null ? [] : [r.day])),
  ].reduce<string | null>((d, k) => (d === null || k > d ? k : d), null);

  const [totals, open] = await Promise.all([
    totalsFor(readerOf(ctx), [area], range, { scenarios: true, hist: false, stock: false }),
    openCasesByScenario(readerOf(ctx), area),
  ]);
  const t = totals.get(area.code)!;
  const scenarios = getTaxonomy().scenarios.filter((s) => s.domain === topic.caseDomain);
  const byScenario = scenarios.map((s) => ({
    scenarioCode: s.code,
    name: s.name,
    nameEn: s.nameEn,
    reported: t.byScenario.get(s.code) ?? 0,
    open: open.get(s.code) ?? 0,
  }));
  return {
    topic: summary(topic),
    area: toArea(area),
    chain,
    range: { from: range.from.toISOString(), to: range.to.toISOString() },
    lastDay,
    metrics,
    breakdowns,
    cases: {
      reported: byScenario.reduce((n, s) => n + s.reported, 0),
      open: byScenario.reduce((n, s) => n + s.open, 0),
      byScenario,
    },
  };
}

/** the origins a board lists (the rest are in the total) */
const BREAKDOWN_TOP = 10;

/** Who imports figures: operation-centre and committee staff, for areas in their scope. */
const IMPORTERS = DASHBOARD_ROLES;
const MAX_ROWS = 100_000;
const HEADER = ['date', 'area_code', 'metric', 'value'];

/**
 * Import a day's (or several days') figures from CSV: all rows or none. A figure that is
 * already there with the same value is left alone, so importing a file again changes nothing.
 */
export async function importTopicFigures(
  ctx: Ctx,
  topicId: string,
  csv: string,
): Promise<FigureImportResult> {
  const topic = requireTopic(topicId);
  let records: string[][];
  try {
    records = parse(csv.replace(/^\uFEFF/, ''), {
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
    }) as string[][];
  } catch (e) {
    throw AppError.invalid('body', 'csv', `body: not readable as CSV: ${(e as Error).message}`);
  }
  const header = records.shift()?.map((h) => h.toLowerCase());
  if (!header || HEADER.some((h, i) => header[i] !== h)) {
    throw AppError.invalid(
      'body',
      'header',
      `body: the first line must be ${HEADER.join(',')} / 首行须为 ${HEADER.join(',')}`,
    );
  }
  if (records.length === 0) throw AppError.invalid('body', 'rows', 'body: no figures / 没有数据行');
  if (records.length > MAX_ROWS) {
    throw AppError.invalid('body', 'maxRows', `body: at most ${MAX_ROWS} rows per file`);
  }
  const metrics = new Set(topic.metrics.filter((m) => !isFed(m)).map((m) => m.id));
  const fedMetrics = new Set(topic.metrics.filter(isFed).map((m) => m.id));
  const today = shanghaiDate(new Date());
  const oldest = shanghaiDate(new Date(Date.now() - 731 * 86_400_000));
  const problems: RowProblem[] = [];
  const seen = new Map<string, number>();
  const figures: {
    metric: string;
    area_code: string;
    area_path: string;
    day: string;
    value: number;
  }[] = [];
  for (const [i, rec] of records.entries()) {
    const row = i + 1;
    const bad = (field: string, reason: string) => problems.push({ row, field, reason });
    if (rec.length !== HEADER.length) {
      bad('row', `${rec.length} columns; expected ${HEADER.length} / 列数不对`);
      continue;
    }
    const [day, code, metric, value] = rec as [string, string, string, string];
    let ok = true;
    const fail = (field: string, reason: string) => {
      bad(field, reason);
      ok = false;
    };
    if (
      !/^\d{4}-\d{2}-\d{2}$/.test(day) ||
      Number.isNaN(Date.parse(`${day}T00:00:00Z`)) ||
      new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day
    ) {
      fail('date', `"${day.slice(0, 20)}" is not a date YYYY-MM-DD / 日期格式应为 YYYY-MM-DD`);
    } else if (day > today) {
      fail('date', `${day} is in the future / 日期不能晚于今天`);
    } else if (day < oldest) {
      fail('date', `${day} is more than two years back / 日期不能早于两年前`);
    }
    const area = /^(\d{12}|\d{12}-[A-Za-z0-9-]{1,40})$/.test(code)
      ? await findAreaCached(ctx.db, code)
      : undefined;
    if (!area) fail('area_code', `no area "${code.slice(0, 40)}" / 没有这个区域`);
    else if (!reaches(ctx.actor, area.path, IMPORTERS))
      fail('area_code', `${code} lies outside your scope / 不在您的管辖范围内`);
    if (fedMetrics.has(metric))
      fail('metric', `${metric} is fed live by 社区通, not imported / 由社区通实时汇入，不可导入`);
    else if (!metrics.has(metric))
      fail('metric', `"${metric.slice(0, 40)}" is not one of ${[...metrics].join(', ')}`);
    if (!/^\d{1,9}$/.test(value))
      fail('value', `"${value.slice(0, 20)}" is not a whole number ≥ 0 / 应为非负整数`);
    const key = `${day}|${code}|${metric}`;
    const first = seen.get(key);
    if (first !== undefined)
      fail('row', `the same date, area and metric as row ${first} / 与第${first}行重复`);
    seen.set(key, row);
    if (ok && area) {
      figures.push({
        metric,
        area_code: area.code,
        area_path: area.path,
        day,
        value: Number(value),
      });
    }
  }
  if (problems.length > 0) {
    const rows = new Set(problems.map((p) => p.row)).size;
    throw new AppError(
      'VALIDATION_FAILED',
      `${rows} bad rows (${problems.length} problems); nothing was stored / ${rows}行有误，未导入任何数据`,
      { field: 'body', rule: 'rows', rows: problems.slice(0, 1000) },
    );
  }
  const now = new Date();
  const stored = await ctx.db.transaction().execute(async (trx) => {
    const written = await trx
      .insertInto('topic_figures')
      .values(
        figures.map((f) => ({ ...f, topic: topic.id, updated_at: now, updated_by: ctx.actor!.id })),
      )
      .onConflict((oc) =>
        oc
          .columns(['topic', 'metric', 'area_code', 'day'])
          .doUpdateSet({
            value: (eb) => eb.ref('excluded.value'),
            updated_at: (eb) => eb.ref('excluded.updated_at'),
            updated_by: (eb) => eb.ref('excluded.updated_by'),
          })
          // the same figure again is no change
          .where('topic_figures.value', '<>', (eb) => eb.ref('excluded.value')),
      )
      .returning('area_code')
      .execute();
    await appendAudits(trx, ctx, [
      auditEntry(ctx, {
        action: 'topic.figures.import',
        objectType: 'topic',
        objectId: topic.id,
        areaPath: commonAreaPath(figures.map((f) => f.area_path)),
        detail: { rows: figures.length, stored: written.length },
      }),
    ]);
    return written.length;
  });
  return { rows: figures.length, stored, unchanged: figures.length - stored };
}
