import type { Me, Role } from '@cc/contracts';
import { hasAnyRole } from '../../lib/session';

/**
 * Who sees which case page. Kept apart from the pages so the menu and the router can read
 * them without loading the pages; the server still checks every call.
 */

/** Report (上报): inspectors, residents, the 12345 desk and staff. Handlers fix, not report. */
export const REPORTER_ROLES: readonly Role[] = [
  'patrol_inspector',
  'resident',
  'hotline_operator',
  'administrator',
  'city_operator',
  'district_operator',
  'street_operator',
  'committee_staff',
  'grid_leader',
];

/** My tasks (我的任务): whoever may be assigned a case, and reporters following theirs. */
export const TASK_ROLES: readonly Role[] = [
  'handler',
  'patrol_inspector',
  'grid_leader',
  'committee_staff',
  'resident',
];

/** Cases (工单中心): the operation centres and the staff who watch an area's cases. */
export const CASE_CENTRE_ROLES: readonly Role[] = [
  'administrator',
  'city_operator',
  'district_operator',
  'street_operator',
  'committee_staff',
  'grid_leader',
  'hotline_operator',
];

/** Who may ask to see a hotline caller in clear (the server checks the area and audits). */
export const CONTACT_REVEALER_ROLES: readonly Role[] = [
  'administrator',
  'city_operator',
  'district_operator',
  'street_operator',
  'hotline_operator',
];

export const canReport = (me: Me) => hasAnyRole(me, REPORTER_ROLES);
export const canSeeTasks = (me: Me) => hasAnyRole(me, TASK_ROLES);
export const canUseCaseCentre = (me: Me) => hasAnyRole(me, CASE_CENTRE_ROLES);
