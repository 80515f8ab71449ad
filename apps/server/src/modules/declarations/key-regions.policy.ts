import { KEY_REGION_EDITOR_ROLES } from '@cc/contracts';
import type { Actor } from '../../platform/context.js';
import { holdsAtCity, isStaff } from '../../platform/policy.js';

/** Any staff member reads the key regions (a committee needs to know them to review arrivals). */
export const mayReadKeyRegions = (actor: Actor | null): boolean => isStaff(actor);

/**
 * The city's list is the city's to change: a city operator or an administrator bound at the
 * root of the area tree (a district's administrator may not).
 */
export const mayEditKeyRegions = (actor: Actor | null): boolean =>
  holdsAtCity(actor, KEY_REGION_EDITOR_ROLES);
