import { BUILDING_GROUP_STAFF_ROLES, type Me } from '@cc/contracts';
import { hasAnyRole } from '../../lib/session';

/** Who opens 楼组 (apart from the pages, so the menu reads it without loading them). */
export const canManageBuildingGroups = (me: Me) => hasAnyRole(me, BUILDING_GROUP_STAFF_ROLES);
