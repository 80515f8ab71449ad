import { ADMINISTRATOR_ROLES } from '@cc/contracts';
import type { Actor } from '../../platform/context.js';
import { holdsAtCity } from '../../platform/policy.js';

/** The catalogue is the city's: only an administrator bound at the root changes it. */
export const mayManageFedIndicators = (actor: Actor | null): boolean =>
  holdsAtCity(actor, ADMINISTRATOR_ROLES);
