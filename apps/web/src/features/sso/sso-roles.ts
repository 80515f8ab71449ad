import { ADMINISTRATOR_ROLES, STAFF_ROLES, type Me, type Role } from '@cc/contracts';
import { hasAnyRole } from '../../lib/session';

/** 专业系统: every staff member (which systems each sees, the server decides by role). */
export const SSO_SYSTEMS_ROLES: readonly Role[] = STAFF_ROLES;
/** 接入系统: registering department systems and their secrets is an administrator's. */
export const SSO_CLIENT_MANAGER_ROLES: readonly Role[] = ADMINISTRATOR_ROLES;

export const canOpenSystems = (me: Me) => hasAnyRole(me, SSO_SYSTEMS_ROLES);
export const canManageSsoClients = (me: Me) => hasAnyRole(me, SSO_CLIENT_MANAGER_ROLES);
