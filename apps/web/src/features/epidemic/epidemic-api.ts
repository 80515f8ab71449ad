import type { PickerCompoundList } from '@cc/contracts';
import { api, apiRequest } from '../../lib/api';
import type {
  CreateKeyRegionBody,
  DeclarationDetail,
  DeclarationLink,
  DeclarationList,
  DeclarationRow,
  DeclarationStatus,
  EndObservationBody,
  KeyRegion,
  ObservationDetail,
  ObservationList,
  ObservationRow,
  Region,
  RevealField,
  ReviewDeclarationBody,
  StaffCheckInBody,
  TodayStatus,
  UpdateKeyRegionBody,
} from './epidemic-types';

const PAGE = 50;
const at = (path: string, id: string) => `${path}/${encodeURIComponent(id)}`;

// ---- declarations (信息申报) ----

export interface DeclarationQuery {
  committee: string;
  status?: DeclarationStatus;
  keyRegion?: boolean;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

export const listDeclarations = (query: DeclarationQuery, signal?: AbortSignal) =>
  api.get<DeclarationList>('/api/declarations', { limit: PAGE, ...query }, signal);
export const getDeclaration = (id: string, signal?: AbortSignal) =>
  api.get<DeclarationDetail>(at('/api/declarations', id), undefined, signal);
export const reviewDeclaration = (id: string, body: ReviewDeclarationBody) =>
  api.post<DeclarationRow>(`${at('/api/declarations', id)}/review`, body);
export const revealDeclaration = (id: string, field: RevealField, reason: string) =>
  api.post<{ value: string }>(`${at('/api/declarations', id)}/reveal`, { field, reason });

// ---- the compounds' QR posters ----

export const getDeclarationLink = (compound: string, signal?: AbortSignal) =>
  api.get<DeclarationLink>(at('/api/declaration-links', compound), undefined, signal);
export const rotateDeclarationLink = (compound: string) =>
  api.post<DeclarationLink>(`${at('/api/declaration-links', compound)}/rotate`, {});
/** the compounds of a committee (the registry's picker, the one residents verify with) */
export const committeeCompounds = (committee: string, signal?: AbortSignal) =>
  api.get<PickerCompoundList>('/api/residents/compounds', { committee }, signal);

// ---- regions and the city's key regions (重点地区) ----

export const childRegions = (parent: string | undefined, signal?: AbortSignal) =>
  api.get<{ items: Region[] }>('/api/regions', { parent }, signal);
export const searchRegions = (q: string, signal?: AbortSignal) =>
  api.get<{ items: Region[] }>('/api/regions', { q }, signal);
export const listKeyRegions = (isActiveOnly: boolean, signal?: AbortSignal) =>
  api.get<{ items: KeyRegion[] }>(
    '/api/key-regions',
    { active: isActiveOnly ? true : undefined },
    signal,
  );
export const createKeyRegion = (body: CreateKeyRegionBody) =>
  api.post<KeyRegion>('/api/key-regions', body);
export const updateKeyRegion = (id: string, body: UpdateKeyRegionBody) =>
  apiRequest<KeyRegion>(at('/api/key-regions', id), { method: 'PATCH', body });
export const deleteKeyRegion = (id: string) => api.delete<unknown>(at('/api/key-regions', id));

// ---- home health observation (居家健康观察) ----

export interface ObservationQuery {
  committee: string;
  day?: string;
  state?: 'active' | 'ended';
  today?: TodayStatus;
  cursor?: string;
  limit?: number;
}

export const listObservations = (query: ObservationQuery, signal?: AbortSignal) =>
  api.get<ObservationList>('/api/observations', { limit: PAGE, ...query }, signal);
export const getObservation = (id: string, signal?: AbortSignal) =>
  api.get<ObservationDetail>(at('/api/observations', id), undefined, signal);
export const addStaffCheckIn = (id: string, body: StaffCheckInBody) =>
  api.post<unknown>(`${at('/api/observations', id)}/check-ins`, body);
export const endObservation = (id: string, body: EndObservationBody) =>
  api.post<ObservationRow>(`${at('/api/observations', id)}/end`, body);
