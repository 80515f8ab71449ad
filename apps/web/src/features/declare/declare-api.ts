import { apiRequest, api } from '../../lib/api';
import type {
  CheckInResult,
  DeclareAnswer,
  DeclareBody,
  DeclareForm,
  DeclareRoomList,
  DeclarationHealth,
  GuestDeclarationBody,
  MyDeclarationList,
  PublicCheckInView,
  RegionList,
} from '@cc/contracts';

/** The public pages carry no session: a 401 there is an answer, not a reason to sign in. */
const publicGet = <T>(path: string, query?: Record<string, string>, signal?: AbortSignal) =>
  apiRequest<T>(path, { query, signal, isAuthRedirect: false });
const publicPost = <T>(path: string, body: unknown) =>
  apiRequest<T>(path, { method: 'POST', body, isAuthRedirect: false });

const token = (t: string) => encodeURIComponent(t);

/** Countries (no parent; China first), or the provinces, cities, counties under `parent`. */
export const listRegions = (parent: string | undefined, signal?: AbortSignal) =>
  publicGet<RegionList>('/api/regions', parent ? { parent } : undefined, signal);
/** Up to 20 regions anywhere whose name matches `q`, each with its `path`. */
export const searchRegions = (q: string, signal?: AbortSignal) =>
  publicGet<RegionList>('/api/regions', { q }, signal);

export const getDeclareForm = (t: string, signal?: AbortSignal) =>
  publicGet<DeclareForm>(`/api/declare/${token(t)}`, undefined, signal);
export const listDeclareRooms = (t: string, building: string, signal?: AbortSignal) =>
  publicGet<DeclareRoomList>(`/api/declare/${token(t)}/rooms`, { building }, signal);
export const declare = (t: string, body: DeclareBody) =>
  publicPost<DeclareAnswer>(`/api/declare/${token(t)}`, body);

/** A verified resident for a guest in one of their rooms (no SMS code: the resident vouches). */
export const declareForGuest = (body: GuestDeclarationBody) =>
  api.post<DeclareAnswer>('/api/my/declarations', body);
/** All of them at once, newest first (the server pages them not). */
export const listMyDeclarations = (signal?: AbortSignal) =>
  api.get<MyDeclarationList>('/api/my/declarations', undefined, signal);

export const getCheckIn = (t: string, signal?: AbortSignal) =>
  publicGet<PublicCheckInView>(`/api/check-in/${token(t)}`, undefined, signal);
export const checkIn = (t: string, body: DeclarationHealth) =>
  publicPost<CheckInResult>(`/api/check-in/${token(t)}`, body);
