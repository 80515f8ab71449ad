export { ReportPage } from './report-page';
export { TasksPage } from './tasks-page';
export { CaseDetailPage } from './case-detail-page';
export { CasesPage } from './cases-page';
