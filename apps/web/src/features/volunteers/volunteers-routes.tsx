import { VOLUNTEER_DISPATCH_ROLES, VOLUNTEER_STAFF_ROLES, type Role } from '@cc/contracts';
import { lazy, type ReactNode } from 'react';

/**
 * The staff console's volunteer pages, each with the roles that open it; the router wraps
 * them in its role guard. The pages load on demand (this file loads none of them).
 */
const feature = () => import('./volunteer-pages');
const VolunteersPage = lazy(() => feature().then((m) => ({ default: m.VolunteersPage })));
const VolunteerPage = lazy(() => feature().then((m) => ({ default: m.VolunteerPage })));
const TeamsPage = lazy(() => feature().then((m) => ({ default: m.TeamsPage })));
const ActivitiesPage = lazy(() => feature().then((m) => ({ default: m.ActivitiesPage })));
const ActivityPage = lazy(() => feature().then((m) => ({ default: m.ActivityPage })));
const ActivityCodePage = lazy(() => feature().then((m) => ({ default: m.ActivityCodePage })));
const DispatchPage = lazy(() => feature().then((m) => ({ default: m.DispatchPage })));
const RankingsPage = lazy(() => feature().then((m) => ({ default: m.RankingsPage })));

export const volunteerRoutes: readonly { path: string; roles: readonly Role[]; page: ReactNode }[] =
  [
    { path: 'volunteers', roles: VOLUNTEER_STAFF_ROLES, page: <VolunteersPage /> },
    { path: 'volunteers/teams', roles: VOLUNTEER_STAFF_ROLES, page: <TeamsPage /> },
    { path: 'volunteers/activities', roles: VOLUNTEER_STAFF_ROLES, page: <ActivitiesPage /> },
    { path: 'volunteers/activities/:id', roles: VOLUNTEER_STAFF_ROLES, page: <ActivityPage /> },
    {
      path: 'volunteers/activities/:id/code',
      roles: VOLUNTEER_STAFF_ROLES,
      page: <ActivityCodePage />,
    },
    { path: 'volunteers/dispatch', roles: VOLUNTEER_DISPATCH_ROLES, page: <DispatchPage /> },
    { path: 'volunteers/rankings', roles: VOLUNTEER_STAFF_ROLES, page: <RankingsPage /> },
    { path: 'volunteers/:id', roles: VOLUNTEER_STAFF_ROLES, page: <VolunteerPage /> },
  ];
