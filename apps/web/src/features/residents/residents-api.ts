import type {
  ApproveVerificationBody,
  Household,
  PickerBuildingList,
  PickerCompoundList,
  PickerRoomList,
  ResidentLink,
  ResidentMe,
  VerificationRequest,
  VerificationRequestBody,
  VerificationRequestList,
  VerificationState,
} from '@cc/contracts';
import { api } from '../../lib/api';

/** The residents module's API: the room picker, verification requests, the household. */

export const findCompounds = (q: string, signal?: AbortSignal) =>
  api.get<PickerCompoundList>('/api/residents/compounds', { q }, signal);
export const listBuildings = (compound: string, signal?: AbortSignal) =>
  api.get<PickerBuildingList>('/api/residents/buildings', { compound }, signal);
/** Rooms of a building; `q` (the start of a room number) narrows them on the server. */
export const listRooms = (compound: string, building: string, q: string, signal?: AbortSignal) =>
  api.get<PickerRoomList>(
    '/api/residents/rooms',
    q ? { compound, building, q } : { compound, building },
    signal,
  );

export const getResidentMe = (signal?: AbortSignal) =>
  api.get<ResidentMe>('/api/residents/me', undefined, signal);
export const askVerification = (body: VerificationRequestBody) =>
  api.post<VerificationRequest>('/api/residents/verification-requests', body);
export const withdrawVerification = (id: string) =>
  api.delete<void>(`/api/residents/verification-requests/${id}`);
export const getHousehold = (signal?: AbortSignal) =>
  api.get<Household>('/api/residents/household', undefined, signal);
export const listHouseholdRequests = (signal?: AbortSignal) =>
  api.get<VerificationRequestList>('/api/residents/household/requests', undefined, signal);

export const listVerifications = (
  query: { state?: VerificationState; cursor?: string },
  signal?: AbortSignal,
) => api.get<VerificationRequestList>('/api/residents/verification-requests', query, signal);
export const approveVerification = (id: string, body: ApproveVerificationBody = {}) =>
  api.post<VerificationRequest>(`/api/residents/verification-requests/${id}/approve`, body);
export const refuseVerification = (id: string, reason: string) =>
  api.post<VerificationRequest>(`/api/residents/verification-requests/${id}/refuse`, { reason });
export const revokeLink = (accountId: string, reason: string) =>
  api.post<ResidentLink>(`/api/residents/links/${accountId}/revoke`, { reason });
