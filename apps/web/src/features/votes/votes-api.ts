import type {
  AssignVisitsBody,
  BallotReceipt,
  CampaignList,
  CAMPAIGN_FILTERS,
  CastBallotBody,
  CreateVoteBody,
  ElectorateInput,
  ElectoratePreview,
  MyVisit,
  PaperBallotBody,
  PickerBuildingList,
  PickerCompoundList,
  PickerRoomList,
  VisitOutcomeBody,
  VoteAssignee,
  VoteDetail,
  VoteList,
  VoteResult,
  VoteRulePreset,
  VoteState,
} from '@cc/contracts';
import { api } from '../../lib/api';

/** The votes module's API (业主表决), exactly as docs/notes name it, and the registry picker. */

const base = (id: string) => `/api/votes/${encodeURIComponent(id)}`;

export type CampaignFilter = (typeof CAMPAIGN_FILTERS)[number];

export const listRules = (signal?: AbortSignal) =>
  api.get<VoteRulePreset[]>('/api/votes/rules', undefined, signal);
export const previewElectorate = (body: { committeeCode?: string; electorate: ElectorateInput }) =>
  api.post<ElectoratePreview>('/api/votes/electorate-preview', body);
export const createVote = (body: CreateVoteBody) => api.post<VoteDetail>('/api/votes', body);
export const listVotes = (
  query: { committee?: string; state?: VoteState; cursor?: string; limit?: number },
  signal?: AbortSignal,
) => api.get<VoteList>('/api/votes', { limit: 20, ...query }, signal);
export const getVote = (id: string, signal?: AbortSignal) =>
  api.get<VoteDetail>(base(id), undefined, signal);
export const openVote = (id: string) => api.post<VoteDetail>(`${base(id)}/open`);
export const cancelVote = (id: string, reason: string) =>
  api.post<VoteDetail>(`${base(id)}/cancel`, { reason });
export const publishVote = (id: string) => api.post<VoteDetail>(`${base(id)}/publish`);
export const getResult = (id: string, signal?: AbortSignal) =>
  api.get<VoteResult>(`${base(id)}/result`, undefined, signal);

export const castBallot = (id: string, body: CastBallotBody) =>
  api.post<BallotReceipt>(`${base(id)}/ballots`, body);
export const enterPaperBallot = (id: string, body: PaperBallotBody) =>
  api.post<BallotReceipt>(`${base(id)}/paper-ballots`, body);
export const getCampaign = (
  id: string,
  query: { filter: CampaignFilter; cursor?: string; limit?: number },
  signal?: AbortSignal,
) => api.get<CampaignList>(`${base(id)}/campaign`, { limit: 200, ...query }, signal);
export const assignVisits = (id: string, body: AssignVisitsBody) =>
  api.post<{ assigned: number }>(`${base(id)}/visits`, body);
export const findAssignees = (id: string, q: string, signal?: AbortSignal) =>
  api.get<{ items: VoteAssignee[] }>(`${base(id)}/assignees`, { q }, signal);
export const listMyVisits = (signal?: AbortSignal) =>
  api.get<{ items: MyVisit[] }>('/api/my/vote-visits', undefined, signal);
export const recordVisitOutcome = (visitId: string, body: VisitOutcomeBody) =>
  api.post<MyVisit>(`/api/vote-visits/${encodeURIComponent(visitId)}/outcome`, body);

// The registry's room picker (the residents' verification uses it too): compound → building → unit.
export const committeeCompounds = (committee: string, signal?: AbortSignal) =>
  api.get<PickerCompoundList>('/api/residents/compounds', { committee }, signal);
export const findCompounds = (q: string, signal?: AbortSignal) =>
  api.get<PickerCompoundList>('/api/residents/compounds', { q }, signal);
export const compoundBuildings = (compound: string, signal?: AbortSignal) =>
  api.get<PickerBuildingList>('/api/residents/buildings', { compound }, signal);
export const buildingRooms = (compound: string, building: string, signal?: AbortSignal) =>
  api.get<PickerRoomList>('/api/residents/rooms', { compound, building }, signal);
