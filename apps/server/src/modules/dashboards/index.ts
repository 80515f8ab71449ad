export { dashboardRoutes } from './dashboards.routes.js';
export { DASHBOARD_VIEWERS, getDashboard, compareChildren } from './dashboards.service.js';
export { getIndicators, parseIndicators } from './indicators.js';
