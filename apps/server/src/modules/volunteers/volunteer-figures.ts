import { VOLUNTEER_TOPIC, type VolunteerFigures } from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { pathWithin } from '../../platform/db/path-within.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import type { LiveHub } from '../../platform/live.js';
import { addDays, shanghaiDate, shanghaiYear } from '../../platform/shanghai-time.js';
import { findAreaCached, normalizeAreaCode } from '../areas/index.js';
import { announceTopicFigures, feedTopicFigures } from '../dashboards/index.js';
import { residentsWithin } from '../registry/index.js';
import { isVolunteerStaff } from './volunteers.policy.js';

/** The volunteers topic's metrics (data/topics/volunteers.json), all fed by this module. */
export type VolunteerMetric = 'volunteers' | 'active_volunteers' | 'on_duty' | 'service_minutes';

export interface VolunteerFigureChange {
  metric: VolunteerMetric;
  /** the volunteer's committee path (where they are registered) */
  areaPath: string;
  delta: number;
  /** the moment the change belongs to (default now); its Shanghai day is the figure's day */
  at?: Date;
}

/** The committee paths whose figures each open volunteerTransaction has moved so far. */
const moved = new WeakMap<Kysely<DB>, Set<string>>();

/**
 * Move the volunteers topic's figures inside the writer's transaction (decision 020): a
 * volunteer joining or leaving, becoming active, checking in or out, accepting or finishing a
 * task, hours confirmed. The operation centres' board and indicators read these rows. The
 * transaction must be one volunteerTransaction opened: the areas moved are announced when it
 * commits, so an open board refreshes live.
 */
export async function feedVolunteerFigures(
  trx: Kysely<DB>,
  changes: readonly VolunteerFigureChange[],
): Promise<void> {
  const paths = moved.get(trx);
  if (!paths) {
    throw new Error('feedVolunteerFigures: open the transaction with volunteerTransaction');
  }
  for (const c of changes) if (c.delta !== 0) paths.add(c.areaPath);
  await feedTopicFigures(
    trx,
    VOLUNTEER_TOPIC,
    changes.map((c) => ({
      metric: c.metric,
      areaPath: c.areaPath,
      day: shanghaiDate(c.at ?? new Date()),
      delta: c.delta,
    })),
  );
}

/**
 * The one way a volunteers writer opens its transaction: `work` runs in it, and once it commits
 * the boards of every area whose figures it fed (feedVolunteerFigures, the hours ledger) are told
 * to read them again. A transaction rolled back tells no one.
 */
export async function volunteerTransaction<T>(
  deps: { db: Kysely<DB>; live: Pick<LiveHub, 'publish'> },
  work: (trx: Kysely<DB>) => Promise<T>,
): Promise<T> {
  const paths = new Set<string>();
  const result = await deps.db.transaction().execute((trx) => {
    moved.set(trx, paths);
    return work(trx);
  });
  announceTopicFigures(deps.live, VOLUNTEER_TOPIC, [...paths]);
  return result;
}

/** A volunteer is active while their newest confirmed service lies within this many days. */
export const ACTIVE_WINDOW_DAYS = 365;

/**
 * The oldest `last_served_on` that still counts as active on `day` (YYYY-MM-DD, Shanghai):
 * active iff last_served_on ≥ activeSince(day); one served on `day − 366` drops out that day.
 * The hours ledger (+1 when a credit makes a volunteer active) and the daily decay job
 * (active-decay.ts, −1 when they drop out) both read the window from here.
 */
export const activeSince = (day: string): string => addDays(day, -ACTIVE_WINDOW_DAYS);

/**
 * The figures of the volunteers registered within `areaPath` (their committee's path lies in
 * it), from the module's own tables by index: volunteers and active volunteers (one range of
 * volunteers_area_idx), on duty now (the partial on-duty indexes of sign-ups and tasks: their
 * cost is the people on duty, not the people registered), this year's confirmed minutes
 * (volunteer_hours_area_year_idx) and the residents (the registry's committee rows).
 */
export async function volunteerFigures(
  db: Kysely<DB>,
  areaPath: string,
  now: Date = new Date(),
): Promise<Omit<VolunteerFigures, 'area'>> {
  const year = shanghaiYear(now);
  const since = activeSince(shanghaiDate(now));
  const within = pathWithin('area_path', [areaPath]);
  const [counts, onDuty, minutes, residents] = await Promise.all([
    db
      .selectFrom('volunteers')
      .select([
        sql<number>`count(*)::int`.as('volunteers'),
        sql<number>`count(*) filter (where last_served_on >= ${since}::date)::int`.as('active'),
      ])
      .where(within)
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow(),
    sql<{ n: number }>`
      select count(*)::int as n
      from (
        select volunteer_id from volunteer_signups
        where checked_in_at is not null and checked_out_at is null and volunteer_id is not null
        union
        select volunteer_id from volunteer_tasks where status = 'accepted'
      ) d
      join volunteers v on v.id = d.volunteer_id
      where ${pathWithin('v.area_path', [areaPath])}`.execute(db),
    db
      .selectFrom('volunteer_hours')
      .select(sql<number>`coalesce(sum(minutes), 0)::int`.as('minutes'))
      .where(within)
      .where('year', '=', year)
      .executeTakeFirstOrThrow(),
    residentsWithin(db, areaPath),
  ]);
  return {
    volunteers: counts.volunteers,
    activeVolunteers: counts.active,
    onDutyNow: onDuty.rows[0]?.n ?? 0,
    year,
    minutesThisYear: minutes.minutes,
    residents,
    hoursPer1000Residents: hoursPer1000(minutes.minutes, residents),
  };
}

/** Hours per 1,000 residents, to two decimals (as the dashboards' indicator rounds it). */
export const hoursPer1000 = (minutes: number, residents: number): number | null =>
  residents > 0 ? Math.round((minutes / 60 / residents) * 1000 * 100) / 100 : null;

/**
 * GET /api/volunteer-figures?area=: staff whose volunteer roles reach the area; to anyone else
 * the area is not there (404).
 */
export async function getVolunteerFigures(ctx: Ctx, rawCode: string): Promise<VolunteerFigures> {
  const code = normalizeAreaCode(rawCode, 'area');
  const area = await findAreaCached(ctx.db, code);
  if (!area || !isVolunteerStaff(ctx.actor, area.path)) {
    throw AppError.notFound(`No area ${code.slice(0, 64)} / 没有这个区域`);
  }
  return {
    area: { code: area.code, name: area.name },
    ...(await volunteerFigures(ctx.db, area.path)),
  };
}
