import { VOLUNTEER_DISPATCH_ROLES, VOLUNTEER_STAFF_ROLES } from '@cc/contracts';
import type { Actor } from '../../platform/context.js';
import { bindingsWith, reaches, scopeRoots } from '../../platform/policy.js';

/**
 * Who may do what with volunteers, by area. Staff whose role's area reaches a committee manage
 * its volunteers, teams and activities; dispatchers send tasks to volunteers registered within
 * their area. A volunteer sees their own profile, sign-ups, hours and tasks; anyone else is
 * told nothing (404).
 */

/** Manages the volunteers, teams and activities at `areaPath` (a committee's or a street's). */
export const isVolunteerStaff = (actor: Actor | null, areaPath: string): boolean =>
  reaches(actor, areaPath, VOLUNTEER_STAFF_ROLES);

/** Finds volunteers near a place and sends them tasks, for volunteers registered at `areaPath`. */
export const canDispatchTo = (actor: Actor | null, areaPath: string): boolean =>
  reaches(actor, areaPath, VOLUNTEER_DISPATCH_ROLES);

/** The roots of the areas an actor dispatches in (for the nearby query's scope). */
export const dispatchRoots = (actor: Actor | null): string[] =>
  scopeRoots(bindingsWith(actor, VOLUNTEER_DISPATCH_ROLES));

/**
 * Staff who follow a task (list, withdraw, confirm its hours): dispatchers reaching the task's
 * place or the volunteer's committee.
 */
export const canManageTask = (
  actor: Actor | null,
  t: { areaPath: string; volunteerAreaPath: string },
): boolean => canDispatchTo(actor, t.areaPath) || canDispatchTo(actor, t.volunteerAreaPath);
