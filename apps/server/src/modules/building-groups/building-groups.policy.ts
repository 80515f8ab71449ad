import { BUILDING_GROUP_STAFF_ROLES } from '@cc/contracts';
import type { Actor, Binding } from '../../platform/context.js';
import { bindingsWith, reaches } from '../../platform/policy.js';

/**
 * Committee staff whose area reaches the building (its compound's path): they read and
 * moderate its board, post on it as 居委, list its members and appoint or remove its leader.
 */
export const isBoardStaff = (actor: Actor | null, buildingAreaPath: string): boolean =>
  reaches(actor, buildingAreaPath, BUILDING_GROUP_STAFF_ROLES);

/** The actor's committee-staff bindings: the areas whose building groups they list. */
export const boardStaffBindings = (actor: Actor | null): Binding[] =>
  bindingsWith(actor, BUILDING_GROUP_STAFF_ROLES);
