import { Type } from '@sinclair/typebox';
import { sql, type Kysely } from 'kysely';
import type { AppDeps } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { defineJob, enqueueJobsQuery, type JobHandler } from '../../platform/jobs.js';
import { addDays, shanghaiDate, shanghaiMidnight } from '../../platform/shanghai-time.js';
import { activeSince, feedVolunteerFigures, volunteerTransaction } from './volunteer-figures.js';

/**
 * Active volunteers (活跃志愿者) decay: a credit of hours makes a volunteer active (the hours
 * ledger feeds +1), and at Shanghai midnight of the day their newest service falls out of the
 * 365-day window they stop being active — this job feeds −1 for each, at their committee. One
 * job per day (its dedupe key), each queueing the next after its work; the day is claimed in
 * the same transaction as its figures, so it is counted down once however often the job runs.
 *
 * What the fed figure counts is fixed by the newest day decayed (max(day) of
 * volunteer_active_decays, B): a registered volunteer whose last_served_on ≥ activeSince(B).
 * The job for a later day D counts down those in [activeSince(B), activeSince(D)) — a day
 * skipped or run late is caught up, a day older than B does nothing — and every writer that
 * moves a volunteer in or out (a credit, a correction, leaving, joining again) decides against
 * the same B (activeDelta), not against today: the job running after midnight cannot then miss
 * a volunteer a writer counted, nor count one down twice. Writers and the job are serialised by
 * one advisory lock (shared for writers, exclusive for the job), which writers take only when
 * a date near the window's edge is involved.
 */
export const ACTIVE_DECAY_JOB = defineJob(
  'volunteers.active-decay',
  Type.Object({ day: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }) }),
);

/** The advisory lock between the decay (exclusive) and the writers near the edge (shared). */
const ACTIVE_COUNT_LOCK = sql`hashtextextended('volunteers:active-count', 0)`;

const decaySpec = (day: string) =>
  ACTIVE_DECAY_JOB.spec(
    { day },
    { runAt: shanghaiMidnight(day), dedupeKey: `volunteers.active-decay:${day}` },
  );

/** At start-up: today's decay (a no-op when it is queued or done already). */
export async function scheduleActiveDecay(deps: Pick<AppDeps, 'db'>): Promise<void> {
  await enqueueJobsQuery([decaySpec(shanghaiDate())])!.execute(deps.db);
}

/** The newest day decayed; before any, the day before `today` (its window is the one counted). */
async function lastDecayed(trx: Kysely<DB>, today: string): Promise<string> {
  const r = await sql<{ day: string | null }>`
    select max(day)::text as day from volunteer_active_decays`.execute(trx);
  return r.rows[0]?.day ?? addDays(today, -1);
}

/** A volunteer as the active count sees them. */
export interface ActiveState {
  status: string;
  /** YYYY-MM-DD, or null before any service */
  lastServedOn: string | null;
}

/**
 * How a change of one volunteer's state (their newest day of service, or their status) moves
 * `active_volunteers`: +1, −1 or 0, decided against the newest day the decay job has counted
 * down (see above). Call it inside the writer's transaction, under the volunteer row's lock,
 * before the transaction's first feed of active_volunteers. A date at least two days inside
 * today's window is counted whatever that day is (the job cannot have gone past tomorrow), so
 * the lock is taken, and that day read, only for dates near the edge.
 */
export async function activeDelta(
  trx: Kysely<DB>,
  before: ActiveState,
  after: ActiveState,
  today: string = shanghaiDate(),
): Promise<number> {
  const safe = addDays(activeSince(today), 2);
  const clear = (s: ActiveState) =>
    s.status !== 'active' || s.lastServedOn === null || s.lastServedOn >= safe;
  let since = activeSince(today);
  if (!clear(before) || !clear(after)) {
    await sql`select pg_advisory_xact_lock_shared(${ACTIVE_COUNT_LOCK})`.execute(trx);
    since = activeSince(await lastDecayed(trx, today));
  }
  const counted = (s: ActiveState) =>
    s.status === 'active' && s.lastServedOn !== null && s.lastServedOn >= since;
  return Number(counted(after)) - Number(counted(before));
}

/**
 * Count down the volunteers (still registered) whose newest service left the window between
 * the newest day decayed and `day`: they were counted active and are not on `day`. Idempotent
 * per day (a day not after the newest decayed is recorded and does nothing); returns how many
 * were counted down now.
 */
export async function decayActiveVolunteers(
  deps: Pick<AppDeps, 'db' | 'live'>,
  day: string,
): Promise<number> {
  const byArea = await volunteerTransaction(deps, async (trx) => {
    await sql`select pg_advisory_xact_lock(${ACTIVE_COUNT_LOCK})`.execute(trx);
    const last = await lastDecayed(trx, day);
    const rows =
      last >= day
        ? []
        : (
            await sql<{ area_path: string; n: number }>`
              select area_path, count(*)::int as n from volunteers
              where status = 'active'
                and last_served_on >= ${activeSince(last)}::date
                and last_served_on < ${activeSince(day)}::date
              group by area_path`.execute(trx)
          ).rows;
    const total = rows.reduce((s, r) => s + r.n, 0);
    const claimed = await trx
      .insertInto('volunteer_active_decays')
      .values({ day, volunteers: total })
      .onConflict((oc) => oc.column('day').doNothing())
      .returning('day')
      .executeTakeFirst();
    if (!claimed) return [];
    await feedVolunteerFigures(
      trx,
      rows.map((r) => ({
        metric: 'active_volunteers' as const,
        areaPath: r.area_path,
        delta: -r.n,
        at: shanghaiMidnight(day),
      })),
    );
    return rows;
  });
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
