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
