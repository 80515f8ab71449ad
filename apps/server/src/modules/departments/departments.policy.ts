import { ADMINISTRATOR_ROLES } from '@cc/contracts';
import type { Actor } from '../../platform/context.js';
import { holdsAtCity } from '../../platform/policy.js';

/**
 * The departments that send data are the city's: only an administrator bound at the root of
 * the area tree adds them, changes their grants and issues their keys (a district's may not).
 */
export const mayManageDepartments = (actor: Actor | null): boolean =>
  holdsAtCity(actor, ADMINISTRATOR_ROLES);
