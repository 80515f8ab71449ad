export { AreasPage } from './areas-page';
