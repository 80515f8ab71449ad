import { ADMINISTRATOR_ROLES } from '@cc/contracts';
import type { Actor } from '../../platform/context.js';
import { holdsAtCity } from '../../platform/policy.js';

/**
 * Webhook subscribers are the city's: every case of the city goes to them. Only an
 * administrator bound at the root of the area tree manages them (a district's may not); the
 * same administrators are told when one is disabled.
 */
export const mayManageWebhooks = (actor: Actor | null): boolean =>
  holdsAtCity(actor, ADMINISTRATOR_ROLES);
