export { OneScreenPage, RegistryRedirect } from './one-screen-page';
export { ResidentsPage } from './residents-page';
export { ResidentDetailPage } from './resident-detail-page';
export { ImportPage } from './import-page';
export { HousingPage } from './housing-page';
export { OrganisationsPage } from './organisations-page';
