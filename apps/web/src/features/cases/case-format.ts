import {
  AWAITING_PICKUP_STATUSES,
  OPEN_STATUSES,
  TERMINAL_STATUSES,
  type CaseStatus,
  type CaseSummary,
  type Scenario,
  type Taxonomy,
} from '@cc/contracts';
import type { TFunction } from 'i18next';
import { isEnglish } from '../../lib/format';

export { STATUS_COLORS } from '../../lib/case-status';

export const isTerminal = (status: CaseStatus) => TERMINAL_STATUSES.includes(status);
export const isOpen = (status: CaseStatus) => OPEN_STATUSES.includes(status);

/** The deadline that matters now: to accept while nobody has, then to resolve. */
export function currentDeadline(
  c: Pick<CaseSummary, 'status' | 'acceptDueAt' | 'resolveDueAt'>,
): { kind: 'accept' | 'resolve'; at: string } | undefined {
  if (AWAITING_PICKUP_STATUSES.includes(c.status) && c.acceptDueAt) {
    return { kind: 'accept', at: c.acceptDueAt };
  }
  if (OPEN_STATUSES.includes(c.status) && c.resolveDueAt)
    return { kind: 'resolve', at: c.resolveDueAt };
  return undefined;
}

/** "3 分钟", "1 小时 5 分钟", "2 天 3 小时" from seconds (sign ignored). */
export function formatDuration(seconds: number, t: TFunction): string {
  const s = Math.abs(Math.round(seconds));
  if (s < 60) return t('cases.duration.seconds', { count: s });
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return t('cases.duration.minutes', { count: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    const rest = minutes % 60;
    return rest
      ? t('cases.duration.hoursMinutes', { hours, minutes: rest })
      : t('cases.duration.hours', { count: hours });
  }
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  return rest
    ? t('cases.duration.daysHours', { days, hours: rest })
    : t('cases.duration.days', { count: days });
}

/** "剩余 12 分钟" or "已超时 5 分钟". */
export function formatCountdown(dueIso: string, now: number, t: TFunction): string {
  const seconds = (Date.parse(dueIso) - now) / 1000;
  return seconds >= 0
    ? t('cases.countdown.left', { time: formatDuration(seconds, t) })
    : t('cases.countdown.over', { time: formatDuration(seconds, t) });
}

export function scenarioLabel(
  scenario: Pick<Scenario, 'name' | 'nameEn'>,
  language: string | undefined,
): string {
  return isEnglish(language) && scenario.nameEn ? scenario.nameEn : scenario.name;
}

/** A case's scenario in the person's language (the list carries only the Chinese name). */
export function caseScenarioName(
  c: { scenarioCode: string; scenarioName: string },
  taxonomy: Taxonomy | undefined,
  language: string | undefined,
): string {
  const scenario = taxonomy?.scenarios.find((s) => s.code === c.scenarioCode);
  return scenario ? scenarioLabel(scenario, language) : c.scenarioName;
}

/** A fresh key for one report submission; works outside secure contexts too (LAN testing). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
