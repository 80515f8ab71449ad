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
  ResidentMe,
  StreetProposalSettings,
  StreetProposalSettingsView,
  SubmitProposalBody,
  UploadedAttachment,
} from '@cc/contracts';
import { api, ApiError, apiRequest, apiUpload } from '../../lib/api';

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
  apiRequest<ProposalSupportState>(`${one(id)}/support`, { method: isOn ? 'PUT' : 'DELETE' });
export const setFollow = (id: string, isOn: boolean) =>
  apiRequest<ProposalSupportState>(`${one(id)}/follow`, { method: isOn ? 'PUT' : 'DELETE' });

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
  apiRequest<CommitteeProposalSettingsView>(
    `${BASE}/settings/committee/${encodeURIComponent(code)}`,
    { method: 'PUT', body },
  );
export const getStreetSettings = (code: string, signal?: AbortSignal) =>
  api.get<StreetProposalSettingsView>(
    `${BASE}/settings/street/${encodeURIComponent(code)}`,
    undefined,
    signal,
  );
export const putStreetSettings = (code: string, body: StreetProposalSettings) =>
  apiRequest<StreetProposalSettingsView>(`${BASE}/settings/street/${encodeURIComponent(code)}`, {
    method: 'PUT',
    body,
  });

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

/** A photo of a proposal: uploaded as an attachment (JPEG or PNG, checked by content). */
export function uploadProposalPhoto(file: File, signal?: AbortSignal) {
  const form = new FormData();
  form.append('file', file, file.name);
  return apiUpload<UploadedAttachment>('/api/attachments', form, { signal });
}

export interface MyHome {
  state: 'verified' | 'pending' | 'unverified' | 'unknown';
  committeeCode: string | null;
  committeeName: string | null;
}

/**
 * The signed-in account's home from GET /api/residents/me: 404 or no verified link means not
 * verified (yet); any other failure is 'unknown' (no prompt is shown then).
 */
export const getMyHome = (signal?: AbortSignal): Promise<MyHome> =>
  api.get<ResidentMe>('/api/residents/me', undefined, signal).then(
    (me): MyHome => ({
      state:
        me.link?.status === 'verified'
          ? 'verified'
          : me.request?.state === 'pending'
            ? 'pending'
            : 'unverified',
      committeeCode: me.link?.status === 'verified' ? me.link.committeeCode : null,
      committeeName: me.link?.status === 'verified' ? me.link.committeeName : null,
    }),
    (e: unknown): MyHome => {
      if (signal?.aborted) throw e;
      const state = e instanceof ApiError && e.status === 404 ? 'unverified' : 'unknown';
      return { state, committeeCode: null, committeeName: null };
    },
  );
