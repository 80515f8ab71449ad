import {
  DECLARATION_STAFF_ROLES,
  KEY_REGION_EDITOR_ROLES,
  OBSERVATION_STAFF_ROLES,
  STAFF_ROLES,
  type Me,
  type Role,
} from '@cc/contracts';
import { hasAnyRole } from '../../lib/session';

/**
 * Who opens 社区通's console pages (apart from the pages, so the menu and the router read it
 * without loading them). The server checks every call; these only hide what would answer 404.
 */
/** the committee's declarations, posters and observations */
export const EPIDEMIC_COMMITTEE_ROLES: readonly Role[] = [
  ...new Set([...DECLARATION_STAFF_ROLES, ...OBSERVATION_STAFF_ROLES]),
];
/** the city's key regions: every staff member reads them, the city keeps them */
export const KEY_REGION_VIEWER_ROLES: readonly Role[] = STAFF_ROLES;

export const canWorkDeclarations = (me: Me) => hasAnyRole(me, EPIDEMIC_COMMITTEE_ROLES);
export const canReadKeyRegions = (me: Me) => hasAnyRole(me, KEY_REGION_VIEWER_ROLES);
export const canEditKeyRegions = (me: Me) => hasAnyRole(me, KEY_REGION_EDITOR_ROLES);
