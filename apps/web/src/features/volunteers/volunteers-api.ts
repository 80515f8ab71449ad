import type {
  ActivityCheckInCode,
  ActivityRoster,
  CancelVolunteerActivityBody,
  CaseDetail,
  PickerCompoundList,
  ConfirmVolunteerHoursBody,
  CorrectVolunteerHoursBody,
  CreateVolunteerActivityBody,
  CreateVolunteerSkillBody,
  CreateVolunteerTaskBody,
  CreateVolunteerTeamBody,
  RegisterVolunteerBody,
  UpdateVolunteerBody,
  VolunteerActivity,
  VolunteerActivityList,
  VolunteerCertificate,
  VolunteerCertificateBody,
  VolunteerFigures,
  VolunteerHoursLedger,
  VolunteerList,
  VolunteerNearbyList,
  VolunteerNearbyQuery,
  VolunteerProfile,
  VolunteerRanking,
  VolunteerRankingQuery,
  VolunteerSignup,
  VolunteerSkill,
  VolunteerSkillList,
  VolunteerStatus,
  VolunteerTaskList,
  VolunteerTeam,
  VolunteerTeamDetail,
  VolunteerTeamList,
  VolunteerTeamRole,
} from '@cc/contracts';
import { api, apiRequest } from '../../lib/api';

/** The staff console's calls of the volunteers module (contracts: packages/contracts/src/volunteers.ts). */
const at = (path: string, id: string) => `${path}/${encodeURIComponent(id)}`;

// ---- skills ----

export const listSkills = (signal?: AbortSignal) =>
  api.get<VolunteerSkillList>('/api/volunteer-skills', undefined, signal);
export const createSkill = (body: CreateVolunteerSkillBody) =>
  api.post<VolunteerSkill>('/api/volunteer-skills', body);

// ---- volunteers ----

export interface VolunteerQuery {
  area: string;
  skill?: string;
  team?: string;
  status?: VolunteerStatus;
  cursor?: string;
}

export const listVolunteers = (query: VolunteerQuery, signal?: AbortSignal) =>
  api.get<VolunteerList>('/api/volunteers', { limit: 50, ...query }, signal);
export const getVolunteer = (id: string, signal?: AbortSignal) =>
  api.get<VolunteerProfile>(at('/api/volunteers', id), undefined, signal);
export const registerVolunteer = (body: RegisterVolunteerBody) =>
  api.post<VolunteerProfile>('/api/volunteers', body);
export const updateVolunteer = (id: string, body: UpdateVolunteerBody) =>
  apiRequest<VolunteerProfile>(at('/api/volunteers', id), { method: 'PATCH', body });
export const getVolunteerHours = (
  id: string,
  query: { year?: number; cursor?: string },
  signal?: AbortSignal,
) =>
  api.get<VolunteerHoursLedger>(
    `${at('/api/volunteers', id)}/hours`,
    { limit: 50, ...query },
    signal,
  );
export const issueHoursCertificate = (id: string, body: VolunteerCertificateBody) =>
  api.post<VolunteerCertificate>(`${at('/api/volunteers', id)}/certificates`, body);

export const getRanking = (query: VolunteerRankingQuery, signal?: AbortSignal) =>
  api.get<VolunteerRanking>('/api/volunteer-rankings', { ...query }, signal);

export const getVolunteerFigures = (area: string, signal?: AbortSignal) =>
  api.get<VolunteerFigures>('/api/volunteer-figures', { area }, signal);

/** A committee's compounds (the residents' picker): the places a volunteer may serve. */
export const committeeCompounds = (committee: string, signal?: AbortSignal) =>
  api.get<PickerCompoundList>('/api/residents/compounds', { committee }, signal);

// ---- teams ----

export const listTeams = (area: string, signal?: AbortSignal) =>
  api.get<VolunteerTeamList>('/api/volunteer-teams', { area }, signal);
export const getTeam = (id: string, signal?: AbortSignal) =>
  api.get<VolunteerTeamDetail>(at('/api/volunteer-teams', id), undefined, signal);
export const createTeam = (body: CreateVolunteerTeamBody) =>
  api.post<VolunteerTeam>('/api/volunteer-teams', body);
const memberPath = (teamId: string, volunteerId: string) =>
  `${at('/api/volunteer-teams', teamId)}/members/${encodeURIComponent(volunteerId)}`;
export const setTeamMember = (teamId: string, volunteerId: string, role: VolunteerTeamRole) =>
  api.put<unknown>(memberPath(teamId, volunteerId), { role });
export const removeTeamMember = (teamId: string, volunteerId: string) =>
  api.delete<unknown>(memberPath(teamId, volunteerId));

// ---- activities, the roster, attendance ----

export const listActivities = (
  query: { area: string; when: 'upcoming' | 'past'; cursor?: string },
  signal?: AbortSignal,
) => api.get<VolunteerActivityList>('/api/volunteer-activities', { limit: 20, ...query }, signal);
export const getActivity = (id: string, signal?: AbortSignal) =>
  api.get<VolunteerActivity>(at('/api/volunteer-activities', id), undefined, signal);
export const createActivity = (body: CreateVolunteerActivityBody) =>
  api.post<VolunteerActivity>('/api/volunteer-activities', body);
export const cancelActivity = (id: string, body: CancelVolunteerActivityBody) =>
  api.post<VolunteerActivity>(`${at('/api/volunteer-activities', id)}/cancel`, body);
export const getActivityCode = (id: string, signal?: AbortSignal) =>
  api.get<ActivityCheckInCode>(`${at('/api/volunteer-activities', id)}/code`, undefined, signal);
export const getRoster = (id: string, signal?: AbortSignal) =>
  api.get<ActivityRoster>(`${at('/api/volunteer-activities', id)}/roster`, undefined, signal);

const signupPath = (id: string, step: string) => `${at('/api/volunteer-signups', id)}/${step}`;
/** The organiser checks a person in or out (an empty body: method 'organiser'). */
export const organiserAttendance = (id: string, step: 'check-in' | 'check-out') =>
  api.post<VolunteerSignup>(signupPath(id, step), {});
export const confirmSignupHours = (id: string, body: ConfirmVolunteerHoursBody) =>
  api.post<unknown>(signupPath(id, 'confirm'), body);
export const correctSignupHours = (id: string, body: CorrectVolunteerHoursBody) =>
  api.post<unknown>(signupPath(id, 'correct'), body);
export const cancelSignup = (id: string) => api.post<VolunteerSignup>(signupPath(id, 'cancel'), {});

// ---- on duty: volunteers near a place, tasks ----

export const findNearby = (query: VolunteerNearbyQuery, signal?: AbortSignal) =>
  api.get<VolunteerNearbyList>('/api/volunteers/nearby', { ...query }, signal);
export const listCaseTasks = (caseId: string, signal?: AbortSignal) =>
  api.get<VolunteerTaskList>('/api/volunteer-tasks', { caseId }, signal);
export const sendTasks = (body: CreateVolunteerTaskBody) =>
  api.post<VolunteerTaskList>('/api/volunteer-tasks', body);
export const cancelTask = (id: string) =>
  api.post<unknown>(`${at('/api/volunteer-tasks', id)}/cancel`, {});
export const confirmTaskHours = (id: string, body: ConfirmVolunteerHoursBody) =>
  api.post<unknown>(`${at('/api/volunteer-tasks', id)}/confirm`, body);

/** The case a dispatch starts from (its number, place and area). */
export const getCaseForDispatch = (id: string, signal?: AbortSignal) =>
  api.get<CaseDetail>(at('/api/cases', id), undefined, signal);
