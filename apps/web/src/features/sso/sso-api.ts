import type {
  CreateSsoClientBody,
  SsoClient,
  SsoClientList,
  SsoClientWithSecret,
  SsoInteraction,
  SsoInteractionResult,
  UpdateSsoClientBody,
} from '@cc/contracts';
import { api, apiRequest, listSsoSystems } from '../../lib/api';

const clientPath = (id: string) => `/api/sso/clients/${encodeURIComponent(id)}`;
const interactionPath = (uid: string) => `/api/sso/interactions/${encodeURIComponent(uid)}`;

/** 专业系统: the systems the reader's roles may use, each with the URL that signs in. */
export const listSystems = listSsoSystems;

// 接入系统 (administrators): the registered clients, never their secrets…
export const listClients = (signal?: AbortSignal) =>
  api.get<SsoClientList>('/api/sso/clients', undefined, signal);
// …except in the answers of a registration and a rotation, which show it once
export const createClient = (body: CreateSsoClientBody) =>
  api.post<SsoClientWithSecret>('/api/sso/clients', body);
export const updateClient = (id: string, body: UpdateSsoClientBody) =>
  api.put<SsoClient>(clientPath(id), body);
export const rotateClientSecret = (id: string) =>
  api.post<SsoClientWithSecret>(`${clientPath(id)}/secret`, {});
export const disableClient = (id: string) => api.post<SsoClient>(`${clientPath(id)}/disable`, {});
export const enableClient = (id: string) => api.post<SsoClient>(`${clientPath(id)}/enable`, {});

/**
 * The sign-in a department system waits for. It answers signed in or not, so a 401 here is not
 * an ended session to bounce to /login: this page shows its own sign-in form.
 */
export const getInteraction = (uid: string, signal?: AbortSignal) =>
  apiRequest<SsoInteraction>(interactionPath(uid), { signal, isAuthRedirect: false });
export const confirmInteraction = (uid: string) =>
  api.post<SsoInteractionResult>(`${interactionPath(uid)}/confirm`, {});
export const abortInteraction = (uid: string) =>
  api.post<SsoInteractionResult>(`${interactionPath(uid)}/abort`, {});
