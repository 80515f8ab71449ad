import {
  DAILY_LOG_BODY_MAX,
  DAILY_LOG_KINDS,
  DAILY_LOG_STAFF_ROLES,
  type DailyLogAuthorship,
  type DailyLogKind,
  type Me,
} from '@cc/contracts';

/**
 * The daily logs' pure rules for the pages (no React): whom the staff page is for, which
 * committees and kinds one may post to, and the checks a log's text gets before it is sent
 * (the server checks the same and masks ID and mobile numbers).
 */

/** The committees the person works for as committee staff, once each, in their order. */
export function staffCommittees(me: Me): { code: string; name: string }[] {
  const seen = new Set<string>();
  const out: { code: string; name: string }[] = [];
  for (const b of me.roles) {
    if (!DAILY_LOG_STAFF_ROLES.includes(b.role) || b.areaLevel !== 'committee') continue;
    if (seen.has(b.areaCode)) continue;
    seen.add(b.areaCode);
    out.push({ code: b.areaCode, name: b.areaName });
  }
  return out;
}

/** The staff page and its menu entry are for committee staff. */
export const canManageDailyLogs = (me: Me): boolean => staffCommittees(me).length > 0;

/** The committee a page shows: the one asked for when the person may, else their first. */
export function pickCommittee(
  committees: readonly { code: string }[],
  asked: string | null | undefined,
): string | undefined {
  if (asked && committees.some((c) => c.code === asked)) return asked;
  return committees[0]?.code;
}

/** The kinds the person may post in the committee (none: not an author there). */
export function kindsFor(
  authorships: readonly DailyLogAuthorship[],
  committeeCode: string | undefined,
): DailyLogKind[] {
  const a = authorships.find((x) => x.committee.code === committeeCode);
  if (!a) return [];
  return DAILY_LOG_KINDS.filter((k) => a.kinds.includes(k));
}

/** A kind filter from the address (`?kind=`): a known kind, or none (all kinds). */
export function kindFilter(raw: string | null | undefined): DailyLogKind | undefined {
  return (DAILY_LOG_KINDS as readonly string[]).includes(raw ?? '')
    ? (raw as DailyLogKind)
    : undefined;
}

export type BodyProblem = { key: 'required' } | { key: 'tooLong'; max: number };

/** What is wrong with a log's text before sending it: empty, or longer than the server takes. */
export function bodyProblem(body: string): BodyProblem | null {
  const text = body.trim();
  if (text.length === 0) return { key: 'required' };
  if (text.length > DAILY_LOG_BODY_MAX) return { key: 'tooLong', max: DAILY_LOG_BODY_MAX };
  return null;
}

/** The first lines of a log for a list: whitespace folded, cut at `max` characters with …. */
export function excerpt(body: string, max = 120): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  return chars.length <= max ? flat : `${chars.slice(0, max).join('')}…`;
}
