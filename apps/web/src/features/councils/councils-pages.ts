/** The staff console's 街区共治 pages, loaded on demand by councils-routes.tsx. */
export { CouncilsPage } from './councils-page';
export { CouncilPage } from './council-page';
export { ShopsPage } from './shops-page';
export { ReviewsPage } from './reviews-page';
