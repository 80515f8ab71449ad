import { AFFAIRS_HANDLER_ROLES, AFFAIRS_VIEWER_ROLES, type Me } from '@cc/contracts';
import { hasAnyRole } from '../../lib/session';

/**
 * Who opens 办事受理 (the contracts' role lists, apart from the pages so the menu and the router
 * read them without loading the pages). The server checks every call.
 */
export const canReadAffairs = (me: Me) => hasAnyRole(me, AFFAIRS_VIEWER_ROLES);
export const canHandleAffairs = (me: Me) => hasAnyRole(me, AFFAIRS_HANDLER_ROLES);
