import { VOLUNTEER_BADGES, type Label } from '@cc/contracts';
import type { TFunction } from 'i18next';
import { inLanguage } from '../../lib/format';
import { shanghaiDateTime, shanghaiHourMinute } from '../../lib/shanghai-time';

/** A label shared with the server ({zh, en}) in the person's language. */
export const labelText = (label: Label | undefined, language: string, fallback = '') =>
  label ? inLanguage(label.zh, label.en, language) : fallback;

/** Minutes as hours with at most one decimal: 90 → "1.5 小时", 120 → "2 小时". */
export function hoursText(minutes: number, t: TFunction): string {
  const hours = Math.round((minutes / 60) * 10) / 10;
  return t('volunteerApp.hoursValue', { hours });
}

/** A badge's name (一星志愿者…) by its code. */
export function badgeName(code: string, language: string): string {
  const badge = VOLUNTEER_BADGES.find((b) => b.code === code);
  return badge ? inLanguage(badge.zh, badge.en, language) : code;
}

/** "2025-06-01 09:00–12:00" in Shanghai time; the end's date too when it is another day. */
export function intervalText(startsAt: string, endsAt: string): string {
  const start = shanghaiDateTime(startsAt);
  const end = shanghaiDateTime(endsAt);
  return start.slice(0, 10) === end.slice(0, 10)
    ? `${start}–${shanghaiHourMinute(Date.parse(endsAt))}`
    : `${start} – ${end}`;
}
