import { ADMINISTRATOR_ROLES, DASHBOARD_ROLES, type Me, type Role } from '@cc/contracts';
import { hasAnyRole } from '../../lib/session';

/** 指标目录: whoever opens the dashboards reads it (the server lets anyone signed in). */
export const INDICATOR_CATALOGUE_ROLES: readonly Role[] = DASHBOARD_ROLES;

export const canReadIndicatorCatalogue = (me: Me) => hasAnyRole(me, INDICATOR_CATALOGUE_ROLES);

/** Changing it: an administrator bound at the city, the root of the area tree, as the server requires. */
export const canEditIndicatorCatalogue = (me: Me) =>
  me.roles.some((b) => ADMINISTRATOR_ROLES.includes(b.role) && b.areaLevel === 'city');
