import dayjs, { type Dayjs } from 'dayjs';
import { shanghaiDate, shanghaiDayStart, shanghaiHourMinute } from '../../lib/shanghai-time';
import type { DashboardRange } from './dashboards-api';

/**
 * The dashboards' time range: presets, the date picker and the text of a range. Days are
 * Shanghai's (lib/shanghai-time), whatever the time zone of the browser that shows them.
 */
const DAY_MS = 86_400_000;
/** The server refuses ranges longer than this. */
const MAX_RANGE_DAYS = 731;

export const RANGE_PRESETS = ['today', 'last7', 'last30', 'month'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

/** Where a preset starts; every preset runs until now. */
export function presetStart(preset: RangePreset, now: number): number {
  const today = shanghaiDayStart(now);
  switch (preset) {
    case 'today':
      return today;
    case 'last7':
      return today - 6 * DAY_MS;
    case 'last30':
      return today - 29 * DAY_MS;
    case 'month':
      return Date.parse(`${shanghaiDate(now).slice(0, 7)}-01T00:00:00+08:00`);
  }
}

/** The preset the range is, if any: no `from` and no `to` is today (the server's default). */
export function matchPreset(range: DashboardRange, now: number): RangePreset | undefined {
  if (range.to) return undefined;
  if (!range.from) return 'today';
  const from = Date.parse(range.from);
  return RANGE_PRESETS.find((preset) => presetStart(preset, now) === from);
}

/**
 * A preset as URL values. Presets keep `to` open so the dashboard stays live (the server
 * counts until now); today is the server's default, so it needs no values at all.
 */
export function presetRange(preset: RangePreset, now: number): DashboardRange {
  if (preset === 'today') return {};
  return { from: new Date(presetStart(preset, now)).toISOString() };
}

/** Whether the range reaches now, so live events belong to it. */
export function isOpenEnded(range: DashboardRange, now: number): boolean {
  if (!range.to) return true;
  const to = Date.parse(range.to);
  return Number.isNaN(to) || to > now;
}

/** Shanghai 00:00 of the calendar day a date picker shows (the picker works in local time). */
const dayStartOfPicked = (day: Dayjs) => Date.parse(`${day.format('YYYY-MM-DD')}T00:00:00+08:00`);

/**
 * Two picked days as URL values: from the first day's start to the end of the last day; a range
 * that ends today stays open (until now), so it keeps receiving live cases.
 */
export function pickedRange(first: Dayjs, last: Dayjs, now: number): DashboardRange {
  const from = new Date(dayStartOfPicked(first)).toISOString();
  const end = dayStartOfPicked(last) + DAY_MS;
  return end > now ? { from } : { from, to: new Date(end).toISOString() };
}

/** The range as the picker's two days (local dates that read as the Shanghai days). */
export function pickerValue(range: DashboardRange, now: number): [Dayjs, Dayjs] | null {
  const from = range.from ? Date.parse(range.from) : shanghaiDayStart(now);
  const to = range.to ? Date.parse(range.to) - 1 : now;
  if (Number.isNaN(from) || Number.isNaN(to)) return null;
  return [dayjs(shanghaiDate(from)), dayjs(shanghaiDate(to))];
}

/** Days a picker may not offer: after today, or further than the longest range from the first. */
export function isDayDisabled(day: Dayjs, first: Dayjs | undefined, now: number): boolean {
  const picked = dayStartOfPicked(day);
  if (picked > shanghaiDayStart(now)) return true;
  if (!first) return false;
  return Math.abs(picked - dayStartOfPicked(first)) >= MAX_RANGE_DAYS * DAY_MS;
}

/**
 * "2026-05-01 00:00 至 2026-05-07 14:05" in Shanghai time; a range that ends at midnight ends
 * at 24:00 of the day before, as people say it.
 */
export function rangeText(
  range: { from: string; to: string },
  t: (key: string, options?: Record<string, unknown>) => string,
) {
  const from = Date.parse(range.from);
  const to = Date.parse(range.to);
  if (Number.isNaN(from) || Number.isNaN(to)) return '';
  const at = (ms: number) => `${shanghaiDate(ms)} ${shanghaiHourMinute(ms)}`;
  const end = to > from && shanghaiDayStart(to) === to ? `${shanghaiDate(to - 1)} 24:00` : at(to);
  return t('dashboards.rangeText', { from: at(from), to: end });
}
