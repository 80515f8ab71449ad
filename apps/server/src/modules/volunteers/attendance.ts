import {
  CHECK_IN_OPENS_MINUTES,
  type AttendanceMethod,
  type ConfirmVolunteerHoursBody,
  type CorrectVolunteerHoursBody,
  type ServiceCategory,
  type SignupAttendanceBody,
  type VolunteerSignup,
} from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { distanceMeters } from '../../platform/geo.js';
import { recordAudit } from '../audit/index.js';
import { conflict, SIGNUP_NOT_FOUND, toSignups, type SignupRow } from './activities.repo.js';
import { checkCode } from './check-in-code.js';
import { creditHours, correctHours } from './hours-ledger.js';
import { findSignup, isOwnSignup, requireSignup, type FoundSignup } from './signups.js';
import { feedVolunteerFigures, volunteerTransaction } from './volunteer-figures.js';
import { isVolunteerStaff } from './volunteers.policy.js';

/**
 * Attendance: the person checks in and out at the place, by the code on the organiser's
 * screen or by their phone's position within the activity's radius (the organiser may check
 * someone in or out with an empty body); the minutes at check-out are the part of the shift
 * between the two, in whole minutes. The organiser then confirms the hours, which credits the
 * ledger for a volunteer's service (an event's attendance earns none), and may correct them.
 * Volunteers on duty (checked in, not out) move the volunteers topic's figure.
 */

/** A position's accuracy counts up to this many metres on top of the activity's radius. */
const MAX_ACCURACY_M = 100;
const MINUTE = 60_000;

/**
 * How this check-in or check-out is made, its proof checked: the code (current or previous
 * window), the position (within radius + min(accuracy, 100) m), or the organiser's word (an
 * empty body from staff of the activity, or any body from staff who are not the person).
 */
function attendanceMethod(
  ctx: Ctx,
  a: { s: FoundSignup; own: boolean; staff: boolean },
  body: SignupAttendanceBody,
  now: Date,
): AttendanceMethod {
  const hasCode = body.code !== undefined;
  const hasPosition = body.lat !== undefined || body.lng !== undefined;
  // the person proves they are there, staff or not: nobody checks themselves in by word
  if (!a.own) return 'organiser';
  if (hasCode) {
    checkCode(ctx.cipher.decrypt(a.s.code_secret_enc), body.code!, now);
    return 'code';
  }
  if (!hasPosition)
    throw AppError.invalid(
      'code',
      'required',
      'code: enter the code on the organiser’s screen, or share your position / 请输入组织者屏幕上的签到码，或使用定位签到',
    );
  if (body.lat === undefined)
    throw AppError.invalid('lat', 'required', 'lat: the position needs lat and lng / 定位缺少纬度');
  if (body.lng === undefined)
    throw AppError.invalid('lng', 'required', 'lng: the position needs lat and lng / 定位缺少经度');
  const distance = Math.round(distanceMeters(body.lat, body.lng, a.s.lat, a.s.lng));
  const allowed = a.s.radius_m + Math.min(body.accuracy ?? 0, MAX_ACCURACY_M);
  if (distance > allowed)
    throw AppError.invalid(
      'lat',
      'tooFar',
      `lat: you are ${distance} m from the place; check in within ${allowed} m of it / 您距离活动地点 ${distance} 米，需在 ${allowed} 米范围内签到`,
    );
  return 'position';
}

async function shaped(db: Kysely<DB>, row: SignupRow): Promise<VolunteerSignup> {
  const [s] = await toSignups(db, [row]);
  return s!;
}

const notConfirmed = (status: string) =>
  conflict(
    'status',
    status === 'waitlisted' ? 'waitlisted' : 'cancelled',
    status === 'waitlisted'
      ? 'Still on the waitlist: no place to check in to yet / 仍在候补中，尚不能签到'
      : 'This sign-up is cancelled / 该报名已取消',
  );

/**
 * Check in: a confirmed sign-up, from CHECK_IN_OPENS_MINUTES before its shift until the shift
 * ends, once (a second time: 409 `alreadyCheckedIn`).
 */
export const checkIn = (ctx: Ctx, id: string, body: SignupAttendanceBody) =>
  attend(ctx, id, body, 'check-in');

/**
 * Check out: after a check-in (else 409 `notCheckedIn`), once; the minutes are the part of the
 * shift between check-in and now.
 */
export const checkOut = (ctx: Ctx, id: string, body: SignupAttendanceBody) =>
  attend(ctx, id, body, 'check-out');

type Attendance = 'check-in' | 'check-out';

/** Why the sign-up cannot check in now (a 409), or nothing. */
function refuseCheckIn(s: FoundSignup, now: Date): AppError | undefined {
  if (s.status !== 'confirmed') return notConfirmed(s.status);
  if (s.checked_in_at) return alreadyCheckedIn();
  if (now.getTime() < new Date(s.starts_at).getTime() - CHECK_IN_OPENS_MINUTES * MINUTE)
    return conflict(
      'checkIn',
      'notOpenYet',
      `Check-in opens ${CHECK_IN_OPENS_MINUTES} minutes before the shift starts / 签到在班次开始前 ${CHECK_IN_OPENS_MINUTES} 分钟开放`,
    );
  if (now >= new Date(s.ends_at))
    return conflict(
      'checkIn',
      'ended',
      'The shift is over; check-in is closed / 班次已结束，签到已关闭',
    );
  return undefined;
}

/** Why the sign-up cannot check out (a 409), or nothing. */
function refuseCheckOut(s: FoundSignup): AppError | undefined {
  if (!s.checked_in_at)
    return conflict(
      'checkOut',
      'notCheckedIn',
      'Not checked in: check in first / 尚未签到，不能签退',
    );
  if (s.checked_out_at) return alreadyCheckedOut();
  return undefined;
}

/**
 * A check-in or check-out by the person or the organiser: its proof checked, the sign-up's row
 * changed only from the state it was read in (a second one at the same moment: 409), the
 * volunteer on duty or off, the organiser's doing audited.
 */
async function attend(
  ctx: Ctx,
  id: string,
  body: SignupAttendanceBody,
  what: Attendance,
): Promise<VolunteerSignup> {
  const a = await requireSignup(ctx, id);
  const { s } = a;
  const now = new Date();
  const checkingIn = what === 'check-in';
  const refused = checkingIn ? refuseCheckIn(s, now) : refuseCheckOut(s);
  if (refused) throw refused;
  const method = await provenMethod(ctx, a, body, now);
  const row = await volunteerTransaction(ctx, async (trx) => {
    const update = trx.updateTable('volunteer_signups').where('id', '=', id);
    const done = await (
      checkingIn
        ? update
            .set({ checked_in_at: now, check_in_method: method })
            .where('status', '=', 'confirmed')
            .where('checked_in_at', 'is', null)
        : update
            .set({
              checked_out_at: now,
              check_out_method: method,
              minutes: minutesWithin(
                new Date(s.checked_in_at!),
                now,
                new Date(s.starts_at),
                new Date(s.ends_at),
              ),
            })
            .where('checked_in_at', 'is not', null)
            .where('checked_out_at', 'is', null)
    )
      .returningAll()
      .executeTakeFirst();
    if (!done) throw checkingIn ? alreadyCheckedIn() : alreadyCheckedOut();
    if (s.volunteer_area_path)
      await feedVolunteerFigures(trx, [
        {
          metric: 'on_duty',
          areaPath: s.volunteer_area_path,
          delta: checkingIn ? 1 : -1,
          at: now,
        },
      ]);
    if (method === 'organiser') await auditAttendance(ctx, trx, s, what);
    return done;
  });
  return shaped(ctx.db, row);
}

/** Wrong codes a sign-up may send before only the organiser or a position checks it in or out. */
export const MAX_CODE_MISSES = 10;

/**
 * The method, with wrong codes counted per sign-up: a six-digit code read from a screen is
 * guessable by someone who is not there, so after MAX_CODE_MISSES wrong ones the code is
 * refused for this sign-up (the person shares their position or asks the organiser).
 */
async function provenMethod(
  ctx: Ctx,
  a: { s: FoundSignup; own: boolean; staff: boolean },
  body: SignupAttendanceBody,
  now: Date,
): Promise<AttendanceMethod> {
  if (a.own && body.code !== undefined && a.s.code_misses >= MAX_CODE_MISSES)
    throw conflict(
      'code',
      'tooManyTries',
      `code: ${MAX_CODE_MISSES} wrong codes; check in by your position or ask the organiser / 签到码错误次数过多，请使用定位签到或请组织者代为签到`,
    );
  try {
    return attendanceMethod(ctx, a, body, now);
  } catch (e) {
    if (e instanceof AppError && e.rule === 'mismatch')
      await ctx.db
        .updateTable('volunteer_signups')
        .set((eb) => ({ code_misses: eb('code_misses', '+', 1) }))
        .where('id', '=', a.s.id)
        .execute();
    throw e;
  }
}

const alreadyCheckedIn = () =>
  conflict('checkIn', 'alreadyCheckedIn', 'Already checked in / 已签到，无需重复签到');
const alreadyCheckedOut = () =>
  conflict('checkOut', 'alreadyCheckedOut', 'Already checked out / 已签退');

/** The whole minutes of [from, to] within [start, end]. */
export function minutesWithin(from: Date, to: Date, start: Date, end: Date): number {
  const ms = Math.min(to.getTime(), end.getTime()) - Math.max(from.getTime(), start.getTime());
  return Math.max(0, Math.floor(ms / MINUTE));
}

function auditAttendance(ctx: Ctx, trx: Kysely<DB>, s: FoundSignup, what: Attendance) {
  return recordAudit(
    ctx,
    {
      action: `volunteers.signup.${what}`,
      objectType: 'volunteer_signup',
      objectId: s.id,
      areaPath: s.area_path,
      detail: { method: 'organiser' },
    },
    trx,
  );
}

/** The staff of the sign-up's activity; anyone else 404. */
async function requireOrganiser(ctx: Ctx, id: string): Promise<FoundSignup> {
  const s = await findSignup(ctx.db, id);
  if (!s || !isVolunteerStaff(ctx.actor, s.area_path)) throw AppError.notFound(SIGNUP_NOT_FOUND);
  if (isOwnSignup(ctx, s))
    throw AppError.forbidden(
      'An organiser confirms and corrects other people’s hours, not their own / 组织者不能确认或修正本人的服务时长',
    );
  return s;
}

/** Does the sign-up earn hours: a volunteer's, at a service activity? */
const earnsHours = (s: FoundSignup) => s.kind === 'service' && s.volunteer_id !== null;

/**
 * The organiser confirms a checked-out sign-up's minutes (at most those credited at check-out;
 * default all of them), once. A volunteer's service is credited to the ledger (overlaps with
 * their earlier credits are left out there); an event's attendance is confirmed and earns none.
 */
export async function confirmSignupHours(
  ctx: Ctx,
  id: string,
  body: ConfirmVolunteerHoursBody,
): Promise<VolunteerSignup> {
  const s = await requireOrganiser(ctx, id);
  if (!s.checked_out_at || s.minutes === null)
    throw conflict('status', 'notCheckedOut', 'Not checked out yet / 尚未签退，不能确认时长');
  if (s.confirmed_at) throw alreadyConfirmed();
  const minutes = body.minutes ?? s.minutes;
  if (minutes > s.minutes)
    throw AppError.invalid(
      'minutes',
      'max',
      `minutes: at most the ${s.minutes} minutes credited at check-out / 确认时长不能超过签退时记录的 ${s.minutes} 分钟`,
    );
  const now = new Date();
  const row = await volunteerTransaction(ctx, async (trx) => {
    const done = await trx
      .updateTable('volunteer_signups')
      .set({ confirmed_at: now, confirmed_by: ctx.actor!.id, minutes })
      .where('id', '=', id)
      .where('confirmed_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (!done) throw alreadyConfirmed();
    let credited: number | null = null;
    if (earnsHours(s)) {
      const fromAt = new Date(
        Math.max(new Date(s.checked_in_at!).getTime(), new Date(s.starts_at).getTime()),
      );
      const toAt = new Date(
        Math.max(
          fromAt.getTime(),
          Math.min(new Date(s.checked_out_at!).getTime(), new Date(s.ends_at).getTime()),
        ),
      );
      credited = (
        await creditHours(trx, {
          volunteerId: s.volunteer_id!,
          category: s.category as ServiceCategory,
          title: `${s.title} · ${s.shift_title}`,
          fromAt,
          toAt,
          claimedMinutes: minutes,
          signupId: s.id,
          byAccount: ctx.actor!.id,
        })
      ).minutes;
    }
    await recordAudit(
      ctx,
      {
        action: 'volunteers.hours.confirm',
        objectType: 'volunteer_signup',
        objectId: id,
        areaPath: s.area_path,
        detail: { minutes, credited },
      },
      trx,
    );
    return done;
  });
  return shaped(ctx.db, row);
}

const alreadyConfirmed = () =>
  conflict('status', 'alreadyConfirmed', 'The hours are already confirmed / 服务时长已确认');

/** The organiser corrects confirmed hours: a correction entry making the credit's net `minutes`. */
export async function correctSignupHours(
  ctx: Ctx,
  id: string,
  body: CorrectVolunteerHoursBody,
): Promise<VolunteerSignup> {
  const s = await requireOrganiser(ctx, id);
  if (!s.confirmed_at)
    throw conflict(
      'status',
      'notConfirmed',
      'The hours are not confirmed yet; confirm them first / 服务时长尚未确认，请先确认',
    );
  if (!earnsHours(s))
    throw conflict(
      'minutes',
      'noHours',
      'minutes: this attendance earns no hours (an event, or someone without a volunteer profile) / 该签到不计志愿服务时长',
    );
  const note = body.note.trim();
  if (note.length < 2)
    throw AppError.invalid('note', 'minLength', 'note: say why the hours change / 请填写更正原因');
  const row = await volunteerTransaction(ctx, async (trx) => {
    // the sign-up's row first: two corrections of it at once go one after the other
    const locked = await trx
      .selectFrom('volunteer_signups')
      .select('id')
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    await correctHours(trx, {
      signupId: locked.id,
      minutes: body.minutes,
      note,
      byAccount: ctx.actor!.id,
    });
    const done = await trx
      .updateTable('volunteer_signups')
      .set({ minutes: body.minutes })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(
      ctx,
      {
        action: 'volunteers.hours.correct',
        objectType: 'volunteer_signup',
        objectId: id,
        areaPath: s.area_path,
        detail: { minutes: body.minutes, note },
      },
      trx,
    );
    return done;
  });
  return shaped(ctx.db, row);
}
