import { VOTE_STAFF_ROLES, VOTE_VIEWER_ROLES, type Me } from '@cc/contracts';
import { hasAnyRole } from '../../lib/session';

/**
 * Who opens 业主表决 in the console (apart from the pages, so the menu and the router read it
 * without loading them): committee staff run votes, street operators read them. The server
 * checks every call.
 */
export const canOpenVotes = (me: Me) => hasAnyRole(me, VOTE_VIEWER_ROLES);
export const canStartVotes = (me: Me) => hasAnyRole(me, VOTE_STAFF_ROLES);
