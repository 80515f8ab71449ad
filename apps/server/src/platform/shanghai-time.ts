import { AppError } from './errors.js';

/** Shanghai's clock (UTC+8, no daylight saving) for dates a person reads. */
const OFFSET_MS = 8 * 3_600_000;

/** The date in Shanghai at `at`, as YYYY-MM-DD. */
export const shanghaiDate = (at: Date = new Date()): string =>
  new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);

/** The calendar year in Shanghai at `at`. */
export const shanghaiYear = (at: Date = new Date()): number =>
  new Date(at.getTime() + OFFSET_MS).getUTCFullYear();

/** The minute in Shanghai at `at` (a Date or ISO text), as `YYYY-MM-DD HH:mm`. */
export const shanghaiMinute = (at: Date | string): string =>
  new Date((typeof at === 'string' ? Date.parse(at) : at.getTime()) + OFFSET_MS)
    .toISOString()
    .slice(0, 16)
    .replace('T', ' ');

/** `day` (YYYY-MM-DD) moved by `n` calendar days. */
export const addDays = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** The instant a Shanghai day (YYYY-MM-DD) starts: its midnight. */
export const shanghaiMidnight = (day: string): Date => new Date(`${day}T00:00:00+08:00`);

/** The earliest year a date a person gives may lie in (older ones are typing mistakes). */
export const MIN_YEAR = 1900;

/** Whether `day` is a real calendar day as YYYY-MM-DD (2026-02-31 is not), year ≥ 1900. */
export const isCalendarDay = (day: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number(day.slice(0, 4)) < MIN_YEAR) return false;
  const t = Date.parse(`${day}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === day;
};

/** `value` when it is a calendar day (see isCalendarDay), else a 400 naming `field`. */
export function requireCalendarDay(field: string, value: string): string {
  if (!isCalendarDay(value))
    throw AppError.invalid(
      field,
      'date',
      `${field}: ${value.slice(0, 20)} is not a date (YYYY-MM-DD, from ${MIN_YEAR}) / 日期无效（应为 YYYY-MM-DD，${MIN_YEAR} 年以后）`,
    );
  return value;
}
