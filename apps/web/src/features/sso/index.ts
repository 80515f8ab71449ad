/**
 * One sign-on (一键跳转登录) on the web: 专业系统 (/systems) for every staff member, 接入系统
 * (/sso/clients) for administrators, and the sign-in / consent page a department system sends
 * its users to (/sso/interaction/:uid, outside the console). The menu entries are in sso-nav,
 * the role lists in sso-roles.
 */
export { SystemsPage } from './systems-page';
export { ClientsPage } from './clients-page';
export { InteractionPage } from './interaction-page';
export { canManageSsoClients, canOpenSystems } from './sso-roles';
