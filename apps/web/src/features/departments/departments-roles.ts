import { ADMINISTRATOR_ROLES, type Me, type Role } from '@cc/contracts';

/** 委办局: the city's administrators (the server refuses a district's too). */
export const DEPARTMENT_MANAGER_ROLES: readonly Role[] = ADMINISTRATOR_ROLES;

/** An administrator bound at the city, the root of the area tree, as the server requires. */
export const canManageDepartments = (me: Me) =>
  me.roles.some((b) => DEPARTMENT_MANAGER_ROLES.includes(b.role) && b.areaLevel === 'city');
