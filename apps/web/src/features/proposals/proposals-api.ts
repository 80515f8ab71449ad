import type {
  AnswerProposalBody,
  AreaFeatureCollection,
  CommitteeProposalSettings,
  CommitteeProposalSettingsView,
  EditProposalBody,
  MeetingList,
  ProposalDetail,
  ProposalList,
  ProposalListQuery,
  ProposalSupportState,
  ProposalUpdateBody,
  StreetProposalSettings,
  StreetProposalSettingsView,
  SubmitProposalBody,
} from '@cc/contracts';
import { api, apiRequest } from '../../lib/api';

/** 众议院: residents' proposals, their supports, follows and answers (modules/proposals). */
const BASE = '/api/proposals';
const one = (id: string) => `${BASE}/${encodeURIComponent(id)}`;

export const listProposals = (query: ProposalListQuery, signal?: AbortSignal) =>
  api.get<ProposalList>(BASE, { ...query }, signal);
export const getProposal = (id: string, signal?: AbortSignal) =>
  api.get<ProposalDetail>(one(id), undefined, signal);
export const submitProposal = (body: SubmitProposalBody) => api.post<ProposalDetail>(BASE, body);
export const editProposal = (id: string, body: EditProposalBody) =>
  apiRequest<ProposalDetail>(one(id), { method: 'PATCH', body });
export const withdrawProposal = (id: string) => api.post<ProposalDetail>(`${one(id)}/withdraw`);

/** Support or take back (PUT / DELETE), follow or unfollow: idempotent, the new counts back. */
export const setSupport = (id: string, isOn: boolean) =>
  isOn
    ? api.put<ProposalSupportState>(`${one(id)}/support`)
    : api.delete<ProposalSupportState>(`${one(id)}/support`);
export const setFollow = (id: string, isOn: boolean) =>
  isOn
    ? api.put<ProposalSupportState>(`${one(id)}/follow`)
    : api.delete<ProposalSupportState>(`${one(id)}/follow`);

export const answerProposal = (id: string, body: AnswerProposalBody) =>
  api.post<ProposalDetail>(`${one(id)}/answer`, body);
export const addProposalUpdate = (id: string, body: ProposalUpdateBody) =>
  api.post<ProposalDetail>(`${one(id)}/updates`, body);

export const getCommitteeSettings = (code: string, signal?: AbortSignal) =>
  api.get<CommitteeProposalSettingsView>(
    `${BASE}/settings/committee/${encodeURIComponent(code)}`,
    undefined,
    signal,
  );
export const putCommitteeSettings = (code: string, body: CommitteeProposalSettings) =>
  api.put<CommitteeProposalSettingsView>(
    `${BASE}/settings/committee/${encodeURIComponent(code)}`,
    body,
  );
export const getStreetSettings = (code: string, signal?: AbortSignal) =>
  api.get<StreetProposalSettingsView>(
    `${BASE}/settings/street/${encodeURIComponent(code)}`,
    undefined,
    signal,
  );
export const putStreetSettings = (code: string, body: StreetProposalSettings) =>
  api.put<StreetProposalSettingsView>(`${BASE}/settings/street/${encodeURIComponent(code)}`, body);

/** A committee's meetings still to come, soonest first (the answer "put to a meeting"). */
export const listUpcomingMeetings = (committee: string, signal?: AbortSignal) =>
  api.get<MeetingList>('/api/meetings', { upcoming: '1', committee, limit: 50 }, signal);

/** The outline a proposal's place is picked on: the committee's parts (or the committee). */
export const getCommitteeOutline = (code: string, signal?: AbortSignal) =>
  api.get<AreaFeatureCollection>(
    `/api/areas/${encodeURIComponent(code)}/boundaries`,
    undefined,
    signal,
  );
