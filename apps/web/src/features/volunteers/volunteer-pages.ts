/** The staff console's volunteer pages, loaded on demand by volunteers-routes.tsx. */
export { VolunteersPage } from './volunteers-page';
export { VolunteerPage } from './volunteer-page';
export { TeamsPage } from './teams-page';
export { ActivitiesPage } from './activities-page';
export { ActivityPage } from './activity-page';
export { ActivityCodePage } from './activity-code-page';
export { DispatchPage } from './dispatch-page';
export { RankingsPage } from './rankings-page';
