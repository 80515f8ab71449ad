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

/** Where a case stands against its deadlines at a moment: the one table, cards and detail show. */
export interface DeadlineState {
  /** the deadline shown: the one passed first, else the next one */
  kind: 'accept' | 'resolve';
  at: string;
  /** seconds until it (negative: since it passed) */
  seconds: number;
  /** late: a deadline has passed, or the server says so (escalated, or its clock is ahead) */
  isOver: boolean;
}

/**
 * The case against its deadlines at `now`: to accept while nobody has, to resolve while work is
 * owed. A passed deadline wins over one still running (a case late to resolve is late, though
 * its accept deadline has a minute left); `overdue` from the server makes it late too, so the
 * label never says "剩余" beside 超时. Undefined when no deadline runs.
 */
export function deadlineState(
  c: Pick<CaseSummary, 'status' | 'acceptDueAt' | 'resolveDueAt'> & { overdue?: boolean },
  now: number,
): DeadlineState | undefined {
  const running: { kind: 'accept' | 'resolve'; at: string }[] = [];
  if (AWAITING_PICKUP_STATUSES.includes(c.status) && c.acceptDueAt)
    running.push({ kind: 'accept', at: c.acceptDueAt });
  if (OPEN_STATUSES.includes(c.status) && c.resolveDueAt)
    running.push({ kind: 'resolve', at: c.resolveDueAt });
  if (running.length === 0) return undefined;
  const byTime = running
    .map((d) => ({ ...d, ms: Date.parse(d.at) }))
    .filter((d) => !Number.isNaN(d.ms))
    .sort((a, b) => a.ms - b.ms);
  const shown = byTime[0];
  if (!shown) return undefined;
  const passed = shown.ms < now;
  return {
    kind: shown.kind,
    at: shown.at,
    seconds: (shown.ms - now) / 1000,
    isOver: passed || c.overdue === true,
  };
}

/** "接单时限 · 剩余 12 分钟", "处置时限 · 已超时 5 分钟", or "… · 已超时" when only the server knows. */
export function deadlineText(state: DeadlineState, t: TFunction): string {
  const time = formatDuration(state.seconds, t);
  const status = !state.isOver
    ? t('cases.countdown.left', { time })
    : state.seconds < 0
      ? t('cases.countdown.over', { time })
      : t('cases.countdown.overNow');
  return `${t(`cases.deadline.${state.kind}`)} · ${status}`;
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
