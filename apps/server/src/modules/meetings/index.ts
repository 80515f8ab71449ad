import type { PlatformModule } from '../../platform/module.js';
import { rekeyColumns } from '../../platform/key-rotation.js';
import { meetingJobHandlers } from './meetings.jobs.js';
import { meetingRoutes } from './meetings.routes.js';

export type * from './meetings.tables.js';

/**
 * Meetings (议事会) as their own piece: a host (a residents' committee; another module's host
 * type registered with `registerMeetingHost`, as co-governance councils do) schedules a
 * meeting with an agenda, its audience registers and checks in at the door, staff record
 * attendance and publish the minutes with an outcome per item.
 */
export const manifest: PlatformModule = {
  name: 'meetings',
  routes: meetingRoutes,
  jobs: meetingJobHandlers,
  rekeyers: { meeting_attendees: rekeyColumns('meeting_attendees', ['name_enc']) },
};

// for proposals: put a proposal on a meeting's agenda; hear how it was decided
export { addAgendaItem } from './meeting-agenda.js';
export { meetingItemDecided, meetingCancelled, type MeetingDecision } from './meeting-events.js';
// for the demo city (demo/seed-meetings.ts): meetings made through the same use cases
export { scheduleMeeting } from './meeting-schedule.js';
export { registerForMeeting } from './attendance.service.js';
// for other hosts (a co-governance council): who runs their meetings and who they are for,
// scheduling and listing a host's meetings, and the host of a meeting another record refers to
export { registerMeetingHost, type HostStanding, type MeetingHostType } from './meeting-hosts.js';
export { scheduleHostedMeeting } from './meeting-schedule.js';
export { findMeetingHost, listHostMeetings } from './meetings.service.js';
