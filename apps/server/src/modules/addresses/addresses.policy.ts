import type { Actor } from '../../platform/context.js';
import { holdsAtCity } from '../../platform/policy.js';

/**
 * The address book (地址库) is the city's: its administrators and city operators bound at the
 * root of the area tree see its counts and import files. Searching is for everyone signed in.
 */
export const mayManageAddresses = (actor: Actor | null): boolean =>
  holdsAtCity(actor, ['administrator', 'city_operator']);
