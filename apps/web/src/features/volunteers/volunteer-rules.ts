import {
  AVAILABILITY_PERIODS,
  availabilityBits,
  availabilitySlots,
  CHECK_IN_OPENS_MINUTES,
  type ActivityRosterEntry,
  type AvailabilityPeriod,
  type AvailabilitySlot,
} from '@cc/contracts';
import { shanghaiDateTime } from '../../lib/shanghai-time';

/**
 * The volunteer pages' plain rules (no React, tested on their own): hours from minutes, the
 * availability week, the organiser's code countdown, what a roster row may do next, and where
 * the dispatch page looks.
 */

/** Minutes of service as hours with at most one decimal: 90 → 1.5, 61 → 1, 0 → 0. */
export function toHours(minutes: number): number {
  return Math.round((minutes / 60) * 10) / 10;
}

/** Is the slot in the week? */
export const hasSlot = (
  slots: readonly AvailabilitySlot[],
  day: number,
  period: AvailabilityPeriod,
) => slots.some((s) => s.day === day && s.period === period);

/** The week in its one order (Monday morning before Monday afternoon…), each slot once. */
export const normaliseSlots = (slots: readonly AvailabilitySlot[]): AvailabilitySlot[] =>
  availabilitySlots(availabilityBits(slots));

/** The week with one slot switched on or off. */
export function toggleSlot(
  slots: readonly AvailabilitySlot[],
  day: number,
  period: AvailabilityPeriod,
): AvailabilitySlot[] {
  return hasSlot(slots, day, period)
    ? slots.filter((s) => !(s.day === day && s.period === period))
    : normaliseSlots([...slots, { day, period }]);
}

/**
 * A whole day (period undefined) or a whole period of every day (day undefined): switched all
 * on, or all off when every one of them was already on.
 */
export function toggleLine(
  slots: readonly AvailabilitySlot[],
  line: { day?: number; period?: AvailabilityPeriod },
): AvailabilitySlot[] {
  const days = line.day ? [line.day] : [1, 2, 3, 4, 5, 6, 7];
  const periods = line.period ? [line.period] : [...AVAILABILITY_PERIODS];
  const cells = days.flatMap((day) => periods.map((period) => ({ day, period })));
  const isAllOn = cells.every((c) => hasSlot(slots, c.day, c.period));
  if (isAllOn) {
    return slots.filter((s) => !cells.some((c) => c.day === s.day && c.period === s.period));
  }
  return normaliseSlots([...slots, ...cells]);
}

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The slot of the week that `ms` falls in, in Shanghai (Monday is 1, periods of six hours). */
export function shanghaiSlot(ms: number): AvailabilitySlot {
  const local = new Date(ms + SHANGHAI_OFFSET_MS);
  const weekday = local.getUTCDay(); // 0 is Sunday
  return {
    day: weekday === 0 ? 7 : weekday,
    period: AVAILABILITY_PERIODS[Math.floor(local.getUTCHours() / 6)] ?? 'night',
  };
}

/** The year in Shanghai of `ms`. */
export const shanghaiYear = (ms: number) => new Date(ms + SHANGHAI_OFFSET_MS).getUTCFullYear();

/** The years a ranking or a certificate may be for: this one and the `count - 1` before it. */
export function recentYears(ms: number, count = 5): number[] {
  const year = shanghaiYear(ms);
  return Array.from({ length: count }, (_, i) => year - i);
}

/** Whole seconds until the organiser's code changes (0 once it has expired). */
export function secondsLeft(expiresAt: string, now: number): number {
  const at = Date.parse(expiresAt);
  if (Number.isNaN(at)) return 0;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** What the organiser may do for a person on the roster now, if anything. */
export type RosterStep = 'checkIn' | 'checkOut' | 'confirm' | 'correct' | null;

type RosterRow = Pick<
  ActivityRosterEntry,
  'status' | 'checkedInAt' | 'checkedOutAt' | 'confirmedAt' | 'minutes'
>;

/**
 * The next step on a roster row: check in (a confirmed sign-up not yet in, from
 * CHECK_IN_OPENS_MINUTES before the shift until it ends), check out, confirm the hours,
 * or correct them once confirmed. Waitlisted and cancelled rows have none.
 */
export function rosterStep(
  row: RosterRow,
  shift: { startsAt: string; endsAt: string } | undefined,
  now: number,
): RosterStep {
  if (row.status !== 'confirmed') return null;
  if (row.confirmedAt) return 'correct';
  if (row.checkedOutAt) return 'confirm';
  if (row.checkedInAt) return 'checkOut';
  if (!shift) return null;
  const opens = Date.parse(shift.startsAt) - CHECK_IN_OPENS_MINUTES * 60_000;
  return now >= opens && now < Date.parse(shift.endsAt) ? 'checkIn' : null;
}

/** Where the dispatch page looks: a case (its place), or a point; nothing else is a target. */
export type DispatchTarget = { caseId: string } | { lat: number; lng: number } | null;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `?caseId=` (a uuid), else `?lat=&lng=` (numbers on the globe), else null. */
export function dispatchTarget(params: URLSearchParams): DispatchTarget {
  const caseId = params.get('caseId');
  if (caseId && UUID.test(caseId)) return { caseId };
  const lat = Number(params.get('lat') ?? NaN);
  const lng = Number(params.get('lng') ?? NaN);
  if (params.get('lat') && params.get('lng') && Math.abs(lat) <= 90 && Math.abs(lng) <= 180) {
    return { lat, lng };
  }
  return null;
}

/** The dispatch page's address for a case or a point. */
export function dispatchPath(target: NonNullable<DispatchTarget>): string {
  const query =
    'caseId' in target
      ? new URLSearchParams({ caseId: target.caseId })
      : new URLSearchParams({ lat: target.lat.toFixed(6), lng: target.lng.toFixed(6) });
  return `/volunteers/dispatch?${query.toString()}`;
}

/** A time span in Shanghai: "2025-06-01 09:00 – 11:00" (the end's date only when it differs). */
export function timeSpan(from: string, to: string): string {
  const a = shanghaiDateTime(from);
  const b = shanghaiDateTime(to);
  return a.slice(0, 10) === b.slice(0, 10) ? `${a} – ${b.slice(11)}` : `${a} – ${b}`;
}

/**
 * A new activity's first shift: from the next half hour an hour ahead, for two hours (a time
 * in the future, as the server wants, that the organiser usually moves anyway).
 */
export function defaultShiftTimes(now: number): [number, number] {
  const halfHour = 30 * 60_000;
  const start = Math.ceil((now + 60 * 60_000) / halfHour) * halfHour;
  return [start, start + 2 * 60 * 60_000];
}

/** Sign-ups against places over every shift and role of an activity. */
export function activityFill(
  shifts: readonly {
    roles: readonly { capacity: number; confirmed: number; waitlisted: number }[];
  }[],
) {
  let capacity = 0;
  let confirmed = 0;
  let waitlisted = 0;
  for (const s of shifts) {
    for (const r of s.roles) {
      capacity += r.capacity;
      confirmed += r.confirmed;
      waitlisted += r.waitlisted;
    }
  }
  return { capacity, confirmed, waitlisted };
}
