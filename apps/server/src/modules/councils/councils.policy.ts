import { COUNCIL_STAFF_ROLES, type CouncilRole } from '@cc/contracts';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { reaches } from '../../platform/policy.js';
import { representativeOf } from './councils.repo.js';

/**
 * Who may do what with a council, explicitly (decision 022). A council is read by the staff
 * whose area reaches its street and by its members' representatives; nobody else learns it
 * exists (404). Its chair and secretary run it beside the staff; its chair and directors
 * approve expenses; any representative casts their member's ballot and applies under a
 * guideline. Expert reviewers read a guideline's applications through guidelines' own check.
 */
export const COUNCIL_NOT_FOUND = 'No such council / 未找到该共治组织';

export interface CouncilRow {
  id: string;
  area_path: string;
  kind: string;
  rules: unknown;
}

/** The reader's standing in a council: staff over its street, and/or a representative. */
export interface Standing {
  staff: boolean;
  rep: { memberId: string; role: CouncilRole } | null;
}

export async function standingIn(ctx: Ctx, council: CouncilRow): Promise<Standing> {
  const staff = reaches(ctx.actor, council.area_path, COUNCIL_STAFF_ROLES);
  const rep = ctx.actor ? await representativeOf(ctx.db, council.id, ctx.actor.id) : null;
  return { staff, rep };
}

/** May the reader read the council at all (its members, fund, votes)? */
export const canRead = (s: Standing): boolean => s.staff || s.rep !== null;
/** Run it: members, votes, guidelines, projects — staff, the chair, the secretary. */
export const canManage = (s: Standing): boolean =>
  s.staff || s.rep?.role === 'chair' || s.rep?.role === 'secretary';
/** Record pledges, contributions and expenses in the fund: as canManage. */
export const canRecordFund = canManage;
/** Approve or refuse an expense: the chair and the directors. */
export const canApproveExpenses = (s: Standing): boolean =>
  s.rep?.role === 'chair' || s.rep?.role === 'director';

/** The council row and the reader's standing; 404 unless they may read it. */
export async function requireCouncilReader<T extends CouncilRow>(
  ctx: Ctx,
  council: T | undefined,
): Promise<{ council: T; standing: Standing }> {
  if (!council) throw AppError.notFound(COUNCIL_NOT_FOUND);
  const standing = await standingIn(ctx, council);
  if (!canRead(standing)) throw AppError.notFound(COUNCIL_NOT_FOUND);
  return { council, standing };
}

/** 403 naming who may, when a reader who may read the council may not do `what`. */
export function requireThat(allowed: boolean, message: string): void {
  if (!allowed) throw AppError.forbidden(message);
}
