import { AFFAIRS_HANDLER_ROLES, AFFAIRS_VIEWER_ROLES } from '@cc/contracts';
import type { Actor } from '../../platform/context.js';
import { bindingsWith, isStaff, reaches, scopeRoots } from '../../platform/policy.js';

/** What a policy needs of a request. */
export interface RequestScope {
  account_id: string;
  area_path: string;
}

/** The applicant: the account that filed it. */
export const isApplicant = (actor: Actor | null, r: RequestScope): boolean =>
  !!actor && actor.id === r.account_id;

/** Committee staff whose committee holds the request: they accept, ask, refuse, complete. */
export const canHandle = (actor: Actor | null, r: RequestScope): boolean =>
  reaches(actor, r.area_path, AFFAIRS_HANDLER_ROLES);

/** Staff who may read it: the handlers and the operators above them. */
export const canReadAsStaff = (actor: Actor | null, r: RequestScope): boolean =>
  reaches(actor, r.area_path, AFFAIRS_VIEWER_ROLES);

/** Who may see the request at all (anyone else gets a 404). */
export const canSee = (actor: Actor | null, r: RequestScope): boolean =>
  isApplicant(actor, r) || canReadAsStaff(actor, r);

/** The area paths of the queue the actor reads as staff (none for a resident). */
export const staffScope = (actor: Actor | null): string[] =>
  scopeRoots(bindingsWith(actor, AFFAIRS_VIEWER_ROLES));

/**
 * Staff with no queue of requests (district, city, administrators, grid and case roles): they
 * are refused the queue rather than shown an empty one (their own requests: `mine`).
 */
export const isStaffWithoutQueue = (actor: Actor | null): boolean =>
  staffScope(actor).length === 0 && isStaff(actor);
