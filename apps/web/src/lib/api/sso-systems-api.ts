import type { SsoSystemList } from '@cc/contracts';
import { api } from './api-client';

/**
 * 专业系统: the department systems the reader's roles may use, each with the URL that signs in
 * (the systems page, and a department's panel on the boards).
 */
export const listSsoSystems = (signal?: AbortSignal) =>
  api.get<SsoSystemList>('/api/sso/systems', undefined, signal);
