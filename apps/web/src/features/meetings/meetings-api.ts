import type {
  AgendaItemInput,
  AttendeeReveal,
  MeetingAttendee,
  MeetingAttendeeList,
  MeetingDetail,
  MeetingList,
  MeetingState,
  PublishMinutesBody,
  ScheduleMeetingBody,
} from '@cc/contracts';
import { api } from '../../lib/api';

const base = (id: string) => `/api/meetings/${encodeURIComponent(id)}`;

export const listMeetings = (
  query: { upcoming?: boolean; state?: MeetingState; committee?: string; cursor?: string },
  signal?: AbortSignal,
) =>
  api.get<MeetingList>(
    '/api/meetings',
    {
      upcoming: query.upcoming ? '1' : undefined,
      state: query.state,
      committee: query.committee,
      cursor: query.cursor,
      limit: 20,
    },
    signal,
  );
export const getMeeting = (id: string, signal?: AbortSignal) =>
  api.get<MeetingDetail>(base(id), undefined, signal);
export const scheduleMeeting = (body: ScheduleMeetingBody) =>
  api.post<MeetingDetail>('/api/meetings', body);
export const addAgendaItem = (id: string, body: AgendaItemInput) =>
  api.post<MeetingDetail>(`${base(id)}/agenda`, body);
export const register = (id: string) => api.put<MeetingDetail>(`${base(id)}/registration`);
export const cancelRegistration = (id: string) =>
  api.delete<MeetingDetail>(`${base(id)}/registration`);
export const checkIn = (id: string, code: string) =>
  api.post<MeetingDetail>(`${base(id)}/check-in`, { code });
export const listAttendees = (id: string, cursor?: string, signal?: AbortSignal) =>
  api.get<MeetingAttendeeList>(`${base(id)}/attendees`, { cursor, limit: 200 }, signal);
export const markAttendance = (id: string, attendeeId: string, attended: boolean) =>
  api.put<MeetingAttendee>(`${base(id)}/attendees/${attendeeId}/attendance`, { attended });
/** Committee staff: one attendee's name in clear, for a reason (audited by the server). */
export const revealAttendee = (id: string, attendeeId: string, reason: string) =>
  api.post<AttendeeReveal>(`${base(id)}/attendees/${attendeeId}/reveal`, { reason });
export const addWalkIn = (id: string, name: string) =>
  api.post<MeetingAttendee>(`${base(id)}/walk-ins`, { name });
export const publishMinutes = (id: string, body: PublishMinutesBody) =>
  api.post<MeetingDetail>(`${base(id)}/minutes`, body);
export const cancelMeeting = (id: string, reason: string) =>
  api.post<MeetingDetail>(`${base(id)}/cancel`, { reason });
