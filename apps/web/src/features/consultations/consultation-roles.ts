import { CONSULTATION_AUTHOR_ROLES, CONSULTATION_VIEWER_ROLES, type Me } from '@cc/contracts';
import { hasAnyRole } from '../../lib/session';

/**
 * Who opens 征询 in the console (apart from the pages, so the menu and the router read it
 * without loading them). The server checks every call.
 */
export const canOpenConsultations = (me: Me) => hasAnyRole(me, CONSULTATION_AUTHOR_ROLES);
export const canReadConsultations = (me: Me) => hasAnyRole(me, CONSULTATION_VIEWER_ROLES);
