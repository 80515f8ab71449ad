import { MEETING_STAFF_ROLES, type Me } from '@cc/contracts';
import { hasAnyRole } from '../../lib/session';

/**
 * Who opens 议事会 in the console (apart from the pages, so the menu and the router read it
 * without loading them). The server checks every call.
 */
export const canRunMeetings = (me: Me) => hasAnyRole(me, MEETING_STAFF_ROLES);
