import { PROPERTY_STAFF_ROLES, PROPERTY_VIEWER_ROLES, type Me } from '@cc/contracts';
import { hasAnyRole } from '../../lib/session';

/** Who opens 物业管理 (apart from the pages, so the menu reads it without loading them). */
export const canReadProperty = (me: Me) => hasAnyRole(me, PROPERTY_VIEWER_ROLES);
export const canEditProperty = (me: Me) => hasAnyRole(me, PROPERTY_STAFF_ROLES);
