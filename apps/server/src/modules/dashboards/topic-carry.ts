import { Type } from '@sinclair/typebox';
import { sql, type Kysely } from 'kysely';
import type { AppDeps } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { defineJob, enqueueJobsQuery, type JobHandler } from '../../platform/jobs.js';
import { addDays, shanghaiDate, shanghaiMidnight } from '../../platform/shanghai-time.js';
import { listTopicDefinitions } from './topics.js';

/**
 * Stock metrics (people under home observation) carried into each new day: at Shanghai
 * midnight each area's newest figure before the day is added into the day's row, and the day's
 * opens and ends move it from there (decision 020). One job per day (its dedupe key), each
 * enqueueing the next; the carry itself is marked per topic and day, so it happens once however
 * often the job runs.
 */
export const CARRY_STOCKS_JOB = defineJob(
  'dashboards.carry-stocks',
  Type.Object({ day: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }) }),
);

/** a day missed while the platform was down is carried before the next; this far back at most */
const CATCH_UP_DAYS = 62;

const carrySpec = (day: string) =>
  CARRY_STOCKS_JOB.spec(
    { day },
    { runAt: shanghaiMidnight(day), dedupeKey: `dashboards.carry-stocks:${day}` },
  );

/** At start-up: today's carry (a no-op when it is queued or done already). */
export async function scheduleStockCarry(deps: Pick<AppDeps, 'db'>): Promise<void> {
  await enqueueJobsQuery([carrySpec(shanghaiDate())])!.execute(deps.db);
}

/** Carry one topic's stocks into `day`, in one statement; false when that day was carried. */
async function carryDay(
  db: Kysely<DB>,
  topicId: string,
  stockIds: string[],
  day: string,
): Promise<boolean> {
  const r = await sql<{ n: number }>`
    with claimed as (
      insert into topic_feed_carries (topic, day) values (${topicId}, ${day}::date)
      on conflict do nothing
      returning topic),
    newest as (
      select distinct on (metric, facet, area_path) metric, facet, area_path, parent_path, value
      from topic_feed_figures
      where topic = ${topicId} and metric = any(${stockIds}::text[]) and day < ${day}::date
        and exists (select 1 from claimed)
      order by metric, facet, area_path, day desc),
    carried as (
      insert into topic_feed_figures (topic, metric, facet, area_path, parent_path, day, value)
      select ${topicId}, metric, facet, area_path, parent_path, ${day}::date, value
      from newest where value <> 0
      on conflict (topic, metric, facet, area_path, day)
        do update set value = topic_feed_figures.value + excluded.value
      returning 1)
    select (select count(*) from claimed)::int as n`.execute(db);
  return (r.rows[0]?.n ?? 0) > 0;
}

/**
 * Carry every topic's stocks into `day` (and first into any day before it that was missed,
 * oldest first, so that each day starts from a carried one). Idempotent per topic and day.
 * Returns the days carried now.
 */
export async function carryStocks(db: Kysely<DB>, day: string): Promise<string[]> {
  const done: string[] = [];
  for (const topic of listTopicDefinitions()) {
    const stockIds = topic.metrics
      .filter((m) => m.feed === 'platform' && m.stock === true)
      .map((m) => m.id);
    if (stockIds.length === 0) continue;
    const last = await db
      .selectFrom('topic_feed_carries')
      .select(sql<string>`to_char(max(day), 'YYYY-MM-DD')`.as('day'))
      .where('topic', '=', topic.id)
      .where('day', '<', day)
      .where('day', '>=', addDays(day, -CATCH_UP_DAYS))
      .executeTakeFirst();
    const days: string[] = [];
    for (let d = last?.day ? addDays(last.day, 1) : day; d <= day; d = addDays(d, 1)) days.push(d);
    for (const d of days) {
      if (await carryDay(db, topic.id, stockIds, d)) done.push(`${topic.id}:${d}`);
    }
  }
  return done;
}

/** The dashboards module's job kinds and their handlers. */
export function dashboardJobHandlers(deps: AppDeps): (readonly [string, JobHandler])[] {
  return [
    CARRY_STOCKS_JOB.handler(async ({ day }) => {
      await carryStocks(deps.db, day);
      // the next day's; queued after the work, so a failed run is retried before it moves on
      await enqueueJobsQuery([carrySpec(addDays(day, 1))])!.execute(deps.db);
    }),
  ];
}
