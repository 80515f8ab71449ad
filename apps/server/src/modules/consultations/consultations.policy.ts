import { CONSULTATION_AUTHOR_ROLES, CONSULTATION_VIEWER_ROLES } from '@cc/contracts';
import type { Actor } from '../../platform/context.js';
import { bindingsWith, isWithin, reaches, scopeRoots } from '../../platform/policy.js';

/** Committee staff, street operators and community planners bound at or above the target. */
export const canManage = (actor: Actor | null, areaPath: string): boolean =>
  reaches(actor, areaPath, CONSULTATION_AUTHOR_ROLES);

/** The managers and the operators above them: they read the consultation and its results. */
export const canReadAsStaff = (actor: Actor | null, areaPath: string): boolean =>
  reaches(actor, areaPath, CONSULTATION_VIEWER_ROLES);

/** The area paths of the consultations the actor lists as staff (none for a resident). */
export const staffScope = (actor: Actor | null): string[] =>
  scopeRoots(bindingsWith(actor, CONSULTATION_VIEWER_ROLES));

/** A resident whose home lies in the target area (the target itself or below it) may answer. */
export const livesIn = (homePath: string, areaPath: string): boolean =>
  isWithin(homePath, areaPath);
