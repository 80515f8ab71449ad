import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

/** A board's fed figures for one area and range (YYYY-MM-DD, both ends in). */
export interface FedFigures {
  /** the area's own figures: per metric and day for the metric itself (facet ''), and per
   * facet summed over the range (`day` null) */
  own: { metric: string; facet: string; day: string | null; value: number }[];
  /** per metric and child (its path): the range's sum, and its newest day's figure */
  children: {
    metric: string;
    areaPath: string;
    sum: number;
    lastDay: string;
    lastValue: number;
  }[];
}

/**
 * Two reads, each answered from one index of `topic_feed_figures`: the area's own rows (at the
 * root, which has none, its children's rows added up) and its children's rows. Their cost
 * depends on the days and children in the range, never on how many people were counted.
 */
export async function readFedFigures(
  db: Kysely<DB>,
  topicId: string,
  areaPath: string,
  from: string,
  to: string,
): Promise<FedFigures> {
  const root = !areaPath.includes('/');
  const own = root ? sql`parent_path = ${areaPath}` : sql`area_path = ${areaPath}`;
  const [mine, kids] = await Promise.all([
    sql<{ metric: string; facet: string; day: string | null; value: string }>`
      select metric, facet,
        case when facet = '' then to_char(day, 'YYYY-MM-DD') end as day, sum(value) as value
      from topic_feed_figures
      where topic = ${topicId} and ${own} and day between ${from}::date and ${to}::date
      group by 1, 2, 3`.execute(db),
    sql<{ metric: string; area_path: string; sum: string; last_day: string; last_value: number }>`
      select metric, area_path, sum(value) as sum,
        to_char(max(day), 'YYYY-MM-DD') as last_day,
        (array_agg(value order by day desc))[1] as last_value
      from topic_feed_figures
      where topic = ${topicId} and parent_path = ${areaPath} and facet = ''
        and day between ${from}::date and ${to}::date
      group by 1, 2`.execute(db),
  ]);
  return {
    own: mine.rows.map((r) => ({ ...r, value: Number(r.value) })),
    children: kids.rows.map((r) => ({
      metric: r.metric,
      areaPath: r.area_path,
      sum: Number(r.sum),
      lastDay: r.last_day,
      lastValue: Number(r.last_value),
    })),
  };
}

/**
 * Fed metrics as indicators read them, over a range (YYYY-MM-DD, both ends in): per area and
 * `topic.metric`, the newest day's figure of a stock ('latest') or the days' sum. `of: 'own'`
 * reads the area's own rows (at the root, its children's added up per day); `'children'` each
 * child's rows (keyed by the child's code). One statement, answered from one index of
 * topic_feed_figures, whatever the number of metrics or children.
 */
export async function readFedTotals(
  db: Kysely<DB>,
  metrics: readonly { topic: string; metric: string; aggregate: 'latest' | 'sum' }[],
  areaPath: string,
  from: string,
  to: string,
  of: 'own' | 'children',
): Promise<Map<string, Partial<Record<string, number>>>> {
  const out = new Map<string, Partial<Record<string, number>>>();
  if (metrics.length === 0) return out;
  const topics = [...new Set(metrics.map((m) => m.topic))];
  const names = [...new Set(metrics.map((m) => m.metric))];
  const aggregate = new Map(metrics.map((m) => [`${m.topic}.${m.metric}`, m.aggregate]));
  // the area's own rows (the root has none: its children's, added up per day), or each child's
  const own = !areaPath.includes('/')
    ? sql`parent_path = ${areaPath}`
    : sql`area_path = ${areaPath}`;
  const key = of === 'own' ? sql`''` : sql`area_path`;
  const where = of === 'own' ? own : sql`parent_path = ${areaPath}`;
  const { rows } = await sql<{
    topic: string;
    metric: string;
    k: string;
    sum: string;
    last: string;
  }>`
    select topic, metric, k, sum(v) as sum, (array_agg(v order by day desc))[1] as last
    from (
      select topic, metric, ${key} as k, day, sum(value) as v
      from topic_feed_figures
      where topic = any(${topics}::text[]) and ${where} and facet = ''
        and metric = any(${names}::text[]) and day between ${from}::date and ${to}::date
      group by 1, 2, 3, 4) d
    group by 1, 2, 3`.execute(db);
  for (const r of rows) {
    const metric = `${r.topic}.${r.metric}`;
    if (!aggregate.has(metric)) continue;
    const area = r.k === '' ? '' : r.k.slice(r.k.lastIndexOf('/') + 1);
    const figures = out.get(area) ?? {};
    figures[metric] = Number(aggregate.get(metric) === 'latest' ? r.last : r.sum);
    out.set(area, figures);
  }
  return out;
}
