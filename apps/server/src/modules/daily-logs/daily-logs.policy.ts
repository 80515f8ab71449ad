import { DAILY_LOG_STAFF_ROLES, type DailyLogKind } from '@cc/contracts';
import type { Actor } from '../../platform/context.js';
import { reaches } from '../../platform/policy.js';

/**
 * Who may do what with a committee's daily logs. Its committee staff post any kind, appoint
 * authors and moderate; its appointed authors post their kinds; its verified residents read,
 * praise and comment. Anyone else is told nothing (404).
 */

/** What the reader is to one committee (read from the database by daily-log-readers.ts). */
export interface LogReader {
  committeeCode: string;
  committeePath: string;
  isStaff: boolean;
  /** the kinds the reader was appointed to post there */
  kinds: DailyLogKind[];
  /** a verified resident of the committee */
  isResident: boolean;
}

/** Committee staff whose area reaches the committee. */
export const isLogStaff = (actor: Actor | null, committeePath: string): boolean =>
  reaches(actor, committeePath, DAILY_LOG_STAFF_ROLES);

export const canReadLogs = (r: LogReader): boolean =>
  r.isStaff || r.kinds.length > 0 || r.isResident;

export const canPostKind = (r: LogReader, kind: DailyLogKind): boolean =>
  r.isStaff || r.kinds.includes(kind);

/** Hides, restores and removes logs and comments on them. */
export const isLogModerator = (r: LogReader): boolean => r.isStaff;

/** Reports a log: its residents and staff (an appointed author from elsewhere reads only). */
export const canReportLog = (r: LogReader): boolean => r.isStaff || r.isResident;
