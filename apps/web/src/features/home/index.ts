export { HomePage } from './home-page';
export { ResidentHomePage } from './resident-home-page';
export { MyReportsPage } from './my-reports-page';
