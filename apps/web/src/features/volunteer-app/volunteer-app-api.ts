import type {
  AnswerVolunteerTaskBody,
  JoinVolunteerBody,
  MyVolunteerSignup,
  MyVolunteerSignupList,
  PickerCompoundList,
  SignupAttendanceBody,
  VolunteerActivity,
  VolunteerActivityList,
  VolunteerCertificate,
  VolunteerHoursLedger,
  VolunteerProfile,
  VolunteerSignup,
  VolunteerSkillList,
  VolunteerTask,
  VolunteerTaskList,
} from '@cc/contracts';
import { ApiError, api } from '../../lib/api';

/**
 * The signed-in person's volunteer profile (status 'left' once they stopped: their hours stay),
 * or null when they never were one.
 */
export const getMyVolunteer = (signal?: AbortSignal): Promise<VolunteerProfile | null> =>
  api.get<VolunteerProfile>('/api/volunteers/me', undefined, signal).then(
    (p) => p,
    (e: unknown) => {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    },
  );

/** Joins as a volunteer or saves the profile (201 joined, 200 updated). */
export const saveMyVolunteer = (body: JoinVolunteerBody) =>
  api.put<VolunteerProfile>('/api/volunteers/me', body);

export const leaveVolunteers = () => api.delete<void>('/api/volunteers/me');

export const listSkills = (signal?: AbortSignal) =>
  api.get<VolunteerSkillList>('/api/volunteer-skills', undefined, signal);

/** The compounds of a committee (the residents' room picker: nothing personal). */
export const listCompounds = (committee: string, signal?: AbortSignal) =>
  api.get<PickerCompoundList>('/api/residents/compounds', { committee }, signal);

export const listOpenActivities = (cursor: string | undefined, signal?: AbortSignal) =>
  api.get<VolunteerActivityList>(
    '/api/volunteer-activities/open',
    { when: 'upcoming', cursor, limit: 20 },
    signal,
  );

export const getActivity = (id: string, signal?: AbortSignal) =>
  api.get<VolunteerActivity>(`/api/volunteer-activities/${id}`, undefined, signal);

export const signUp = (roleId: string) =>
  api.post<VolunteerSignup>('/api/volunteer-signups', { roleId });

export const cancelSignup = (id: string) =>
  api.post<VolunteerSignup>(`/api/volunteer-signups/${id}/cancel`, {});

export const listMySignups = (
  when: 'upcoming' | 'past',
  cursor: string | undefined,
  signal?: AbortSignal,
) =>
  api.get<MyVolunteerSignupList>(
    '/api/volunteer-signups/mine',
    { when, cursor, limit: 20 },
    signal,
  );

/** One of my sign-ups (the organisers may read it too; anyone else: 404). */
export const getSignup = (id: string, signal?: AbortSignal) =>
  api.get<MyVolunteerSignup>(`/api/volunteer-signups/${id}`, undefined, signal);

export const checkIn = (id: string, body: SignupAttendanceBody) =>
  api.post<VolunteerSignup>(`/api/volunteer-signups/${id}/check-in`, body);

export const checkOut = (id: string, body: SignupAttendanceBody) =>
  api.post<VolunteerSignup>(`/api/volunteer-signups/${id}/check-out`, body);

/** My ledger, a page at a time (as a cursor list: `items` the entries, newest first). */
export const getMyHours = (query: { year?: number; cursor?: string }, signal?: AbortSignal) =>
  api
    .get<VolunteerHoursLedger>('/api/volunteers/me/hours', { ...query, limit: 20 }, signal)
    .then((l) => ({ items: l.entries, nextCursor: l.nextCursor, totals: l.totals }));

export const issueMyCertificate = (year: number | undefined) =>
  api.post<VolunteerCertificate>('/api/volunteers/me/certificates', year ? { year } : {});

export const listMyTasks = (signal?: AbortSignal) =>
  api.get<VolunteerTaskList>('/api/volunteer-tasks/mine', undefined, signal);

/** A task sent to me (staff who follow it may read it too; anyone else: 404). */
export const getTask = (id: string, signal?: AbortSignal) =>
  api.get<VolunteerTask>(`/api/volunteer-tasks/${id}`, undefined, signal);

export type TaskAnswer = 'accept' | 'decline' | 'done';

export const answerTask = (id: string, answer: TaskAnswer, body: AnswerVolunteerTaskBody) =>
  api.post<VolunteerTask>(`/api/volunteer-tasks/${id}/${answer}`, body);
