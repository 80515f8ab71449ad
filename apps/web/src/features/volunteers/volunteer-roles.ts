import { VOLUNTEER_DISPATCH_ROLES, VOLUNTEER_STAFF_ROLES, type Me } from '@cc/contracts';
import type { AreaPicker } from '../../components/area-choice';
import { hasAnyRole } from '../../lib/session';

/**
 * Who opens the volunteer pages (apart from the pages, so the menu, the router and other
 * features' buttons read it without loading them). The server checks every call.
 */
export const canManageVolunteers = (me: Me) => hasAnyRole(me, VOLUNTEER_STAFF_ROLES);
/** 派志愿者: find volunteers near a place and send them a task (also the hotline). */
export const canDispatchVolunteers = (me: Me) => hasAnyRole(me, VOLUNTEER_DISPATCH_ROLES);

/** The area picker of the volunteer pages: a reader of one committee sees its name. */
export const COMMITTEE_PICKER: AreaPicker = {
  isNameOnly: (only) => only.level === 'committee',
  placeholder: 'volunteers.area',
  minWidth: 240,
};
