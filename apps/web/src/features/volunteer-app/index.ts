/** 志愿服务 on the phone (/r/volunteer…): join, activities and sign-ups, check-in, hours, tasks. */
export { VolunteerHomePage } from './volunteer-home-page';
export { VolunteerJoinPage } from './join-page';
export { VolunteerActivitiesPage } from './activities-page';
export { VolunteerActivityPage } from './activity-page';
export { VolunteerSignupPage } from './signup-page';
export { VolunteerHoursPage } from './hours-page';
export { VolunteerTaskPage } from './task-page';
export { VolunteerEntry } from './volunteer-entry';
