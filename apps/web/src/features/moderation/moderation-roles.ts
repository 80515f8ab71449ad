import { MODERATION_QUEUE_ROLES, type Me } from '@cc/contracts';
import { hasAnyRole } from '../../lib/session';

/** Who opens 内容审核 (the menu and the router read it without loading the page). The server checks every call. */
export const canModerate = (me: Me) => hasAnyRole(me, MODERATION_QUEUE_ROLES);
