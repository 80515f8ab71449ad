export { DashboardPage, DashboardRedirect } from './dashboard-page';
