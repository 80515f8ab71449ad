/**
 * 12345 热线对接 (/hotline) on the web: how the hotline's system sends its work orders, the
 * mapping of its categories to scenarios, and each file's report — created, duplicates, held
 * back — with uploading a file by hand. The city's administrators change the mapping and
 * upload; the city's hotline desk and operators read. The menu entry is in hotline-nav, the role
 * checks in hotline-roles.
 */
export { HotlinePage } from './hotline-page';
