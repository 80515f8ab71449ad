export { MeetingsPage } from './meetings-page';
export { ResidentMeetingPage, ResidentMeetingsPage } from './resident-pages';
export { canRunMeetings } from './meeting-roles';
