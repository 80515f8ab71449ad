/** 社区日志 (隔离日志 / 志愿者日志 / 工作日志): the staff page, the residents' pages and entry. */
export { DailyLogsPage } from './daily-logs-page';
export { ResidentLogsPage } from './resident-logs-page';
export { ResidentLogPage } from './resident-log-page';
export { ResidentLogNewPage } from './resident-log-new-page';
export { DailyLogsEntry } from './daily-logs-entry';
export { dailyLogsMenuItems } from './daily-logs-nav';
export { canManageDailyLogs } from './daily-log-rules';
