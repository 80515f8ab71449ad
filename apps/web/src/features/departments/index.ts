/**
 * 委办局 (/departments) on the web: the city's administrators add the departments whose systems
 * send data (the 12345 hotline's work orders), grant what each may send, issue and rotate their
 * API keys, and disable them. The menu entry is in departments-nav, the role check in
 * departments-roles.
 */
export { DepartmentsPage } from './departments-page';
