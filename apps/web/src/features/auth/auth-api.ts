import type { LoginBody } from '@cc/contracts';
import { api } from '../../lib/api';

/** A 401 here means wrong credentials, not an expired session: no redirect. */
export const login = (body: LoginBody) =>
  api.post<unknown>('/api/auth/login', body, { isAuthRedirect: false });
