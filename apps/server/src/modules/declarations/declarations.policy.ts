import { DECLARATION_STAFF_ROLES } from '@cc/contracts';
import type { Actor } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { reaches } from '../../platform/policy.js';

/**
 * Who may see declarations: the committee's staff, in their own committee. Anyone else —
 * another committee's staff, the street, a resident — never learns one exists (404). The
 * people in them are seen masked; a reveal gives a reason and is audited.
 */

export const DECLARATION_NOT_FOUND = 'No such declaration / 没有该申报';
export const NO_SUCH_COMMITTEE =
  'No such committee in your area: committee / 您的辖区内没有该居委会（committee）';
export const NO_SUCH_COMPOUND =
  'No such compound in your committee: compoundCode / 您的居委会内没有该小区（compoundCode）';
export const NO_SUCH_LINK = 'No such declaration link / 申报二维码无效或已更换';

/** Committee staff whose area reaches `areaPath` (a committee's or a compound's). */
export const mayHandle = (actor: Actor | null, areaPath: string): boolean =>
  reaches(actor, areaPath, DECLARATION_STAFF_ROLES);

/** The declaration if the actor handles its compound, else 404. */
export function requireHandler(actor: Actor | null, d: { area_path: string }): void {
  if (!mayHandle(actor, d.area_path)) throw AppError.notFound(DECLARATION_NOT_FOUND);
}
