import {
  ACCOUNT_MANAGER_ROLES,
  ADMINISTRATOR_ROLES,
  AFFAIRS_VIEWER_ROLES,
  CASE_CENTRE_ROLES,
  CASE_OPERATOR_ROLES,
  CASE_REPORTER_ROLES,
  CASE_TASK_ROLES,
  CONSULTATION_AUTHOR_ROLES,
  DASHBOARD_ROLES,
  DECLARATION_STAFF_ROLES,
  OBSERVATION_STAFF_ROLES,
  REGISTRY_SCREEN_ROLES,
  VERIFIER_ROLES,
  type Me,
  type Role,
} from '@cc/contracts';
import { hasAnyRole } from '../../lib/session';

/** A first action of a home page: where it leads and who may take it. */
export type HomeActionKey =
  | 'report'
  | 'tasks'
  | 'hotline'
  | 'cases'
  | 'dashboards'
  | 'dispatch'
  | 'registry'
  | 'verifications'
  | 'affairs'
  | 'declarations'
  | 'observations'
  | 'consultations'
  | 'areas'
  | 'accounts'
  | 'audit';

export const HOME_ACTION_PATHS: Record<HomeActionKey, string> = {
  report: '/report',
  tasks: '/tasks',
  hotline: '/report',
  cases: '/cases',
  dashboards: '/dashboards',
  dispatch: '/dispatch',
  registry: '/registry',
  verifications: '/verifications',
  affairs: '/affairs',
  declarations: '/declarations',
  observations: '/observations',
  consultations: '/consultations',
  areas: '/areas',
  accounts: '/accounts',
  audit: '/audit',
};

/** Who may open each page (the server checks every call; the router guards the same lists). */
const ALLOWED: Record<HomeActionKey, readonly Role[]> = {
  report: CASE_REPORTER_ROLES,
  tasks: CASE_TASK_ROLES,
  hotline: CASE_REPORTER_ROLES,
  cases: CASE_CENTRE_ROLES,
  dashboards: DASHBOARD_ROLES,
  dispatch: CASE_OPERATOR_ROLES,
  registry: REGISTRY_SCREEN_ROLES,
  verifications: VERIFIER_ROLES,
  affairs: AFFAIRS_VIEWER_ROLES,
  declarations: DECLARATION_STAFF_ROLES,
  observations: OBSERVATION_STAFF_ROLES,
  consultations: CONSULTATION_AUTHOR_ROLES,
  areas: [],
  accounts: ACCOUNT_MANAGER_ROLES,
  audit: ADMINISTRATOR_ROLES,
};

/**
 * Each role's daily work, the first first: an inspector reports and follows what it reported,
 * a handler works its tasks, a committee opens its screen and its queues, the operation
 * centres their dashboards and cases. Residents have their own home (/r).
 */
const BY_ROLE: Record<Role, HomeActionKey[]> = {
  patrol_inspector: ['report', 'tasks'],
  handler: ['tasks'],
  grid_leader: ['tasks', 'report', 'registry'],
  committee_staff: [
    'registry',
    'verifications',
    'affairs',
    'declarations',
    'observations',
    'tasks',
  ],
  street_operator: ['dashboards', 'cases', 'dispatch'],
  district_operator: ['dashboards', 'cases'],
  city_operator: ['dashboards', 'cases'],
  hotline_operator: ['hotline', 'cases'],
  community_planner: ['consultations', 'areas'],
  administrator: ['accounts', 'audit', 'dashboards'],
  resident: [],
};

/** The order roles lead in when an account holds several: the daily work first. */
const ROLE_ORDER: Role[] = [
  'patrol_inspector',
  'handler',
  'grid_leader',
  'committee_staff',
  'hotline_operator',
  'street_operator',
  'district_operator',
  'city_operator',
  'community_planner',
  'administrator',
  'resident',
];

/** The first actions of `me`'s home page, in order, each once, only those its roles may take. */
export function homeActions(me: Me): HomeActionKey[] {
  const held = new Set(me.roles.map((b) => b.role));
  const out: HomeActionKey[] = [];
  for (const role of ROLE_ORDER) {
    if (!held.has(role)) continue;
    for (const key of BY_ROLE[role]) {
      if (out.includes(key)) continue;
      // 12345 and 上报 are one page: the desk's own name when it is the desk
      if (
        (key === 'hotline' && out.includes('report')) ||
        (key === 'report' && out.includes('hotline'))
      )
        continue;
      const allowed = ALLOWED[key];
      if (allowed.length > 0 && !hasAnyRole(me, allowed)) continue;
      out.push(key);
    }
  }
  return out;
}
