import { COUNCIL_STAFF_ROLES, SHOP_STAFF_ROLES, STAFF_ROLES, type Me } from '@cc/contracts';
import type { AreaPicker } from '../../components/area-choice';
import { hasAnyRole } from '../../lib/session';

/**
 * Who opens the 街区共治 pages (apart from the pages, so the menu and the router read it
 * without loading them). The server checks every call: a council's page opens for anyone
 * signed in, and says 404 to whoever may not read it.
 */
export const canOpenCouncils = (me: Me) => hasAnyRole(me, COUNCIL_STAFF_ROLES);
/** 商户: the shops of an area, and registering one for its owner. */
export const canOpenShops = (me: Me) => hasAnyRole(me, SHOP_STAFF_ROLES);
/** 我的评审: any staff member may be named an expert reviewer of a guideline. */
export const canOpenReviews = (me: Me) => hasAnyRole(me, STAFF_ROLES);

/** The area picker of the 街区共治 pages: the reader's one area (below a district) by name. */
export const STREET_PICKER: AreaPicker = {
  isNameOnly: (only, area) =>
    only.code === area && only.level !== 'city' && only.level !== 'district',
  placeholder: 'councils.area',
  minWidth: 260,
};
