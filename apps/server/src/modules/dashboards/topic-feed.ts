import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { insertRows } from '../../platform/db/insert-rows.js';
import type { LiveHub } from '../../platform/live.js';
import { requireTopic, type Topic } from './topics.js';

/**
 * Figures a module feeds to a topic board as its work happens (decision 020): a declaration
 * stored adds one arrival, an observation opened adds one person under observation. Each
 * change is written at every area of its chain below the city (compound, committee, street,
 * district), so a board reads one row per child and day however big the city is; the city's
 * own figure is the sum of its districts (no hot row that every write in the city would wait
 * on). Called inside the writer's transaction: the figure moves with the work or not at all.
 */
export interface TopicFigureChange {
  /** one of the topic's metrics marked `"feed": "platform"` */
  metric: string;
  /** one part of the metric (an origin such as `CN-42`); '' or left out for the metric itself */
  facet?: string;
  /** the deepest area the change belongs to (a compound's path) */
  areaPath: string;
  /** YYYY-MM-DD, Shanghai time */
  day: string;
  delta: number;
}

/** The paths of `areaPath`'s chain below the root, each with its parent. */
function chainBelowRoot(areaPath: string): { path: string; parent: string }[] {
  const parts = areaPath.split('/');
  const out: { path: string; parent: string }[] = [];
  for (let i = 2; i <= parts.length; i++) {
    out.push({ path: parts.slice(0, i).join('/'), parent: parts.slice(0, i - 1).join('/') });
  }
  return out;
}

export async function feedTopicFigures(
  trx: Kysely<DB>,
  topicId: string,
  changes: readonly TopicFigureChange[],
): Promise<void> {
  const topic = requireTopic(topicId);
  const fed = new Set(topic.metrics.filter((m) => m.feed === 'platform').map((m) => m.id));
  const sums = new Map<
    string,
    { metric: string; facet: string; path: string; parent: string; day: string; value: number }
  >();
  for (const c of changes) {
    if (!fed.has(c.metric)) {
      throw new Error(`topic ${topicId}: metric ${c.metric} is not fed by the platform`);
    }
    if (!/^\d{4}-\d{2}-\d{2}$/.test(c.day)) throw new Error(`topic feed: bad day ${c.day}`);
    if (c.delta === 0) continue;
    for (const { path, parent } of chainBelowRoot(c.areaPath)) {
      const facet = c.facet ?? '';
      const key = `${c.metric}\u0000${facet}\u0000${path}\u0000${c.day}`;
      const s = sums.get(key);
      if (s) s.value += c.delta;
      else sums.set(key, { metric: c.metric, facet, path, parent, day: c.day, value: c.delta });
    }
  }
  // one order for every writer: two transactions touching the same rows never wait on each
  // other in a circle
  const rows = [...sums]
    .filter(([, s]) => s.value !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, s]) => ({
      topic: topic.id,
      metric: s.metric,
      facet: s.facet,
      area_path: s.path,
      parent_path: s.parent,
      day: s.day,
      value: s.value,
    }));
  const insert = insertRows(
    'topic_feed_figures',
    rows,
    sql`on conflict (topic, metric, facet, area_path, day)
      do update set value = topic_feed_figures.value + excluded.value`,
  );
  if (insert) await insert.execute(trx);
  await carryIntoLaterDays(trx, topic, rows);
}

/**
 * A stock's change for a day that has been carried forward already (a job run late, an end
 * committed just after midnight) is added to the carried days too, so that it is not lost
 * from the days after.
 */
async function carryIntoLaterDays(
  trx: Kysely<DB>,
  topic: Topic,
  rows: readonly {
    metric: string;
    facet: string;
    area_path: string;
    parent_path: string;
    day: string;
    value: number;
  }[],
): Promise<void> {
  const stocks = new Set(topic.metrics.filter((m) => m.stock === true).map((m) => m.id));
  const late = rows.filter((r) => stocks.has(r.metric));
  if (late.length === 0) return;
  await sql`
    insert into topic_feed_figures (topic, metric, facet, area_path, parent_path, day, value)
    select ${topic.id}, c.metric, c.facet, c.area_path, c.parent_path, k.day, sum(c.value)
    from json_to_recordset(${JSON.stringify(late)}::json)
      as c(metric text, facet text, area_path text, parent_path text, day date, value integer)
    join topic_feed_carries k on k.topic = ${topic.id} and k.day > c.day
    -- changes for several earlier days land on one carried day: one row each
    group by c.metric, c.facet, c.area_path, c.parent_path, k.day
    order by c.metric, c.facet, c.area_path, k.day
    on conflict (topic, metric, facet, area_path, day)
      do update set value = topic_feed_figures.value + excluded.value`.execute(trx);
}

/** The live event a board listens for: figures of `topic` changed under these areas. */
export const TOPIC_FIGURES_EVENT = 'figures';

/** After the commit: tell the open boards (every app process) that figures moved. */
export function announceTopicFigures(
  live: Pick<LiveHub, 'publish'>,
  topicId: string,
  areaPaths: readonly string[],
): void {
  const paths = [...new Set(areaPaths)];
  if (paths.length === 0) return;
  void live.publish(
    paths.map((areaPath) => ({ topic: TOPIC_FIGURES_EVENT, areaPath, data: { topic: topicId } })),
  );
}
