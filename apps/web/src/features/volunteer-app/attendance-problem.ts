import type { TFunction } from 'i18next';
import { ApiError, describeError } from '../../lib/api';
import { GeoError } from './geolocation';

/** The server's rules a check-in or check-out is refused by, and what the person is told. */
const RULE_TITLES: Record<string, string> = {
  expired: 'expired',
  mismatch: 'mismatch',
  tooFar: 'tooFar',
  alreadyCheckedIn: 'alreadyCheckedIn',
  alreadyCheckedOut: 'alreadyCheckedOut',
  notCheckedIn: 'notCheckedIn',
  notOpenYet: 'notOpen',
  ended: 'closed',
  waitlisted: 'waitlisted',
  cancelled: 'cancelled',
};
export interface Problem {
  /** what went wrong, in the person's words */
  title: string;
  /** the server's own message (it names the distance when too far), when it adds something */
  detail?: string;
}

/**
 * A refused check-in or check-out said plainly: an expired or wrong code, too far from the
 * place (the server's message names the distance), not yet open, the phone's position refused…
 */
export function attendanceProblem(error: unknown, t: TFunction): Problem {
  if (error instanceof GeoError) return { title: t(`volunteerApp.geo.${error.problem}`) };
  // the server's English starts with the field it names ("lat: you are 950 m from…")
  const detail = describeError(error, t).replace(/^[A-Za-z.]+: /, '');
  if (error instanceof ApiError) {
    const key = RULE_TITLES[error.body.rule ?? ''];
    if (key) return { title: t(`volunteerApp.attendance.problem.${key}`), detail };
  }
  return { title: t('volunteerApp.attendance.problem.failed'), detail };
}
