import { VOLUNTEER_TOPIC } from '@cc/contracts';
import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import type { AppDeps } from '../../platform/context.js';
import { defineJob, enqueueJobsQuery, type JobHandler } from '../../platform/jobs.js';
import { addDays, shanghaiDate, shanghaiMidnight } from '../../platform/shanghai-time.js';
import { announceTopicFigures } from '../dashboards/index.js';
import { activeSince, feedVolunteerFigures } from './volunteer-figures.js';

/**
 * Active volunteers (活跃志愿者) decay: a credit of hours makes a volunteer active (the hours
 * ledger feeds +1), and at Shanghai midnight of the day their newest service falls out of the
 * 365-day window they stop being active — this job feeds −1 for each, at their committee. One
 * job per day (its dedupe key), each queueing the next after its work; the day is claimed in
 * the same transaction as its figures, so it is counted down once however often the job runs.
 */
export const ACTIVE_DECAY_JOB = defineJob(
  'volunteers.active-decay',
  Type.Object({ day: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }) }),
);

const decaySpec = (day: string) =>
  ACTIVE_DECAY_JOB.spec(
    { day },
    { runAt: shanghaiMidnight(day), dedupeKey: `volunteers.active-decay:${day}` },
  );

/** At start-up: today's decay (a no-op when it is queued or done already). */
export async function scheduleActiveDecay(deps: Pick<AppDeps, 'db'>): Promise<void> {
  await enqueueJobsQuery([decaySpec(shanghaiDate())])!.execute(deps.db);
}

/**
 * Count down the volunteers (still registered) whose newest service was the day before the
 * window of `day` begins: they were active yesterday and are not today. Idempotent per day;
 * returns how many were counted down now (0 when the day was done already).
 */
export async function decayActiveVolunteers(
  deps: Pick<AppDeps, 'db' | 'live'>,
  day: string,
): Promise<number> {
  const lapsedOn = addDays(activeSince(day), -1);
  const byArea = await deps.db.transaction().execute(async (trx) => {
    const rows = await sql<{ area_path: string; n: number }>`
      select area_path, count(*)::int as n from volunteers
      where last_served_on = ${lapsedOn}::date and status = 'active'
      group by area_path`.execute(trx);
    const total = rows.rows.reduce((s, r) => s + r.n, 0);
    const claimed = await trx
      .insertInto('volunteer_active_decays')
      .values({ day, volunteers: total })
      .onConflict((oc) => oc.column('day').doNothing())
      .returning('day')
      .executeTakeFirst();
    if (!claimed) return [];
    await feedVolunteerFigures(
      trx,
      rows.rows.map((r) => ({
        metric: 'active_volunteers' as const,
        areaPath: r.area_path,
        delta: -r.n,
        at: shanghaiMidnight(day),
      })),
    );
    return rows.rows;
  });
  announceTopicFigures(
    deps.live,
    VOLUNTEER_TOPIC,
    byArea.map((r) => r.area_path),
  );
  return byArea.reduce((s, r) => s + r.n, 0);
}

/** The decay's job kind and handler (volunteers.jobs.ts lists it with the module's others). */
export function activeDecayJobHandlers(deps: AppDeps): (readonly [string, JobHandler])[] {
  return [
    ACTIVE_DECAY_JOB.handler(async ({ day }) => {
      await decayActiveVolunteers(deps, day);
      // the next day's; queued after the work, so a failed run is retried before it moves on
      await enqueueJobsQuery([decaySpec(addDays(day, 1))])!.execute(deps.db);
    }),
  ];
}
