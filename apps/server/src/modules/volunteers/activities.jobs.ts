import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import type { AppDeps } from '../../platform/context.js';
import { defineJob, type JobHandler, type JobSpec } from '../../platform/jobs.js';
import { shanghaiMinute } from '../../platform/shanghai-time.js';
import { tellPeople } from './activities.repo.js';
import { feedVolunteerFigures, volunteerTransaction } from './volunteer-figures.js';

/**
 * An activity's jobs, queued per shift when it is published: the reminder `remind_minutes`
 * before the shift starts (to everyone confirmed then, once: its dedupe key, and the shift
 * claimed in the job's transaction), and the auto check-out at the shift's end (anyone still
 * checked in is checked out at the end, method 'auto': from then on they are off duty, and
 * "near here" finds them again). Both may run again after a crash and do nothing twice.
 *
 * The rule the auto check-out assumes: a shift's attendance closes at its end. Nobody checks
 * in after it (attendance.ts), and a check-out after it is the job's (the person's own would be
 * refused); one that slips in before the job runs is left as it is (the job only touches
 * sign-ups still checked in).
 */

const ShiftPayload = Type.Object({ shiftId: Type.String({ format: 'uuid' }) });
export const SHIFT_REMINDER_JOB = defineJob('volunteers.shift-reminder', ShiftPayload);
export const AUTO_CHECK_OUT_JOB = defineJob('volunteers.auto-check-out', ShiftPayload);

/** The jobs of a new shift: its reminder (when the time for it is still ahead) and its auto check-out. */
export function shiftJobs(
  shift: { id: string; startsAt: Date; endsAt: Date },
  remindMinutes: number,
  now: Date = new Date(),
): JobSpec[] {
  const jobs: JobSpec[] = [
    AUTO_CHECK_OUT_JOB.spec(
      { shiftId: shift.id },
      {
        runAt: shift.endsAt,
        dedupeKey: `volunteers.auto-check-out:${shift.id}`,
      },
    ),
  ];
  const remindAt = new Date(shift.startsAt.getTime() - remindMinutes * 60_000);
  // a shift that starts sooner than its reminder would come: signing up is reminder enough
  if (remindMinutes > 0 && remindAt > now)
    jobs.push(
      SHIFT_REMINDER_JOB.spec(
        { shiftId: shift.id },
        { runAt: remindAt, dedupeKey: `volunteers.shift-reminder:${shift.id}` },
      ),
    );
  return jobs;
}

/**
 * Remind everyone confirmed for a shift (in-app and SMS; an SMS to the phone of a volunteer
 * without an account), once: the shift is claimed (reminded_at) in the same transaction, so a
 * second run — after a crash, or at the same moment — tells nobody. Nothing for a cancelled
 * activity or a shift that has started. Returns how many were told.
 */
export async function runShiftReminder(deps: AppDeps, shiftId: string): Promise<number> {
  const told = await deps.db.transaction().execute(async (trx) => {
    const claimed = await sql<{ id: string }>`
      update volunteer_shifts set reminded_at = now()
      where id = ${shiftId} and reminded_at is null
      returning id`.execute(trx);
    if (claimed.rows.length === 0) return 0;
    const s = await trx
      .selectFrom('volunteer_shifts as s')
      .innerJoin('volunteer_activities as a', 'a.id', 's.activity_id')
      .select([
        's.title as shift_title',
        's.starts_at',
        'a.title',
        'a.place',
        'a.status',
        'a.area_path',
      ])
      .where('s.id', '=', shiftId)
      .executeTakeFirst();
    if (!s || s.status !== 'published' || new Date(s.starts_at) <= new Date()) return 0;
    const people = await trx
      .selectFrom('volunteer_signups')
      .select(['account_id', 'volunteer_id'])
      .where('shift_id', '=', shiftId)
      .where('status', '=', 'confirmed')
      .execute();
    await tellPeople(trx, deps, people, {
      areaPath: s.area_path,
      text: `【社区云】提醒：您报名的「${s.title}」${s.shift_title}将于 ${shanghaiMinute(s.starts_at)} 开始，地点：${s.place}。到场后请用组织者屏幕上的签到码或定位签到。`,
    });
    return people.length;
  });
  if (told > 0) deps.jobs.kick();
  return told;
}

/**
 * Check out everyone of a shift still checked in, at the shift's end (method 'auto'), their
 * minutes the part of the shift after their check-in; on duty moves down for each volunteer.
 * Returns how many were checked out.
 */
export async function runAutoCheckOut(deps: AppDeps, shiftId: string): Promise<number> {
  return volunteerTransaction(deps, async (trx) => {
    const r = await sql<{ volunteer_id: string | null }>`
      update volunteer_signups
      set checked_out_at = greatest(ends_at, checked_in_at),
        check_out_method = 'auto',
        minutes = greatest(0, floor(extract(epoch from (ends_at - greatest(checked_in_at, starts_at))) / 60))::int
      where shift_id = ${shiftId} and checked_in_at is not null and checked_out_at is null
      returning volunteer_id`.execute(trx);
    const ids = r.rows.flatMap((x) => (x.volunteer_id ? [x.volunteer_id] : []));
    if (ids.length > 0) {
      const vs = await trx
        .selectFrom('volunteers')
        .select('area_path')
        .where('id', 'in', ids)
        .execute();
      await feedVolunteerFigures(
        trx,
        vs.map((v) => ({ metric: 'on_duty' as const, areaPath: v.area_path, delta: -1 })),
      );
    }
    return r.rows.length;
  });
}

/** The activities' job handlers, for volunteers.jobs.ts. */
export function activityJobHandlers(deps: AppDeps): (readonly [string, JobHandler])[] {
  return [
    SHIFT_REMINDER_JOB.handler(async (p) => {
      await runShiftReminder(deps, p.shiftId);
    }),
    AUTO_CHECK_OUT_JOB.handler(async (p) => {
      await runAutoCheckOut(deps, p.shiftId);
    }),
  ];
}
