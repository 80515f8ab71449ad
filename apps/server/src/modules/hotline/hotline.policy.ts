import { ADMINISTRATOR_ROLES } from '@cc/contracts';
import type { Actor } from '../../platform/context.js';
import { bindingsWith } from '../../platform/policy.js';

const cityLevel = (actor: Actor | null, roles: Parameters<typeof bindingsWith>[1]) =>
  bindingsWith(actor, roles).some((b) => !b.areaPath.includes('/'));

/**
 * The category mapping and the uploads are the city's: the hotline serves the whole city, so
 * only an administrator bound at the root changes them or uploads a file by hand.
 */
export const mayManageHotline = (actor: Actor | null): boolean =>
  cityLevel(actor, ADMINISTRATOR_ROLES);

/** The imports' reports hold hotline ids and categories, not callers: the city's operators read them too. */
export const mayReadHotlineImports = (actor: Actor | null): boolean =>
  mayManageHotline(actor) || cityLevel(actor, ['hotline_operator', 'city_operator']);
