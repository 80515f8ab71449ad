/** 社区通 for staff: declarations, the QR posters, key regions and home observation. */
export { DeclarationsPage } from './declarations-page';
export { DeclarationPage } from './declaration-page';
export { PosterPage } from './poster-page';
export { KeyRegionsPage } from './key-regions-page';
export { ObservationsPage } from './observations-page';
export { ObservationPage } from './observation-page';
