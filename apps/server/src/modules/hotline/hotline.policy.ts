import { ADMINISTRATOR_ROLES } from '@cc/contracts';
import type { Actor } from '../../platform/context.js';
import { holdsAtCity } from '../../platform/policy.js';

/**
 * The category mapping and the uploads are the city's: the hotline serves the whole city, so
 * only an administrator bound at the root changes them or uploads a file by hand.
 */
export const mayManageHotline = (actor: Actor | null): boolean =>
  holdsAtCity(actor, ADMINISTRATOR_ROLES);

/** The imports' reports hold hotline ids and categories, not callers: the city's operators read them too. */
export const mayReadHotlineImports = (actor: Actor | null): boolean =>
  mayManageHotline(actor) || holdsAtCity(actor, ['hotline_operator', 'city_operator']);
