import { COUNCIL_STAFF_ROLES, SHOP_STAFF_ROLES, STAFF_ROLES, type Role } from '@cc/contracts';
import { lazy, type ReactNode } from 'react';

/**
 * The staff console's 街区共治 pages, each with the roles that open it (null: anyone signed
 * in — a council's page, where the server answers 404 to whoever may not read the council);
 * the router wraps them in its role guard. The pages load on demand (this file loads none).
 */
const feature = () => import('./councils-pages');
const CouncilsPage = lazy(() => feature().then((m) => ({ default: m.CouncilsPage })));
const CouncilPage = lazy(() => feature().then((m) => ({ default: m.CouncilPage })));
const ShopsPage = lazy(() => feature().then((m) => ({ default: m.ShopsPage })));
const ReviewsPage = lazy(() => feature().then((m) => ({ default: m.ReviewsPage })));

export const councilRoutes: readonly {
  path: string;
  roles: readonly Role[] | null;
  page: ReactNode;
}[] = [
  { path: 'councils', roles: COUNCIL_STAFF_ROLES, page: <CouncilsPage /> },
  { path: 'councils/:id', roles: null, page: <CouncilPage /> },
  { path: 'shops', roles: SHOP_STAFF_ROLES, page: <ShopsPage /> },
  { path: 'reviews', roles: STAFF_ROLES, page: <ReviewsPage /> },
];
