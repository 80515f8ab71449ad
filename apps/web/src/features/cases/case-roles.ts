import { CASE_CENTRE_ROLES, CASE_REPORTER_ROLES, CASE_TASK_ROLES, type Me } from '@cc/contracts';
import { hasAnyRole } from '../../lib/session';

/**
 * Who sees which case page, from the contracts' role lists (the server's policies read the
 * same lists); kept apart from the pages so the menu and the router can read them without
 * loading the pages. The server still checks every call.
 */
export const canReport = (me: Me) => hasAnyRole(me, CASE_REPORTER_ROLES);
export const canSeeTasks = (me: Me) => hasAnyRole(me, CASE_TASK_ROLES);
export const canUseCaseCentre = (me: Me) => hasAnyRole(me, CASE_CENTRE_ROLES);
