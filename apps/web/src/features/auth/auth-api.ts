import type { LoginBody, TotpConfirmBody, TotpSetup } from '@cc/contracts';
import { api } from '../../lib/api';

/** A 401 here means wrong credentials (or a missing TOTP code), not an expired session. */
export const login = (body: LoginBody) =>
  api.post<{ totpEnrolmentRequired?: boolean }>('/api/auth/login', body, {
    isAuthRedirect: false,
  });

/** An administrator's first sign-in in production: enrol an authenticator app. */
export const setupTotp = () =>
  api.post<TotpSetup>('/api/auth/totp/setup', {}, { isAuthRedirect: false });
export const confirmTotp = (body: TotpConfirmBody) =>
  api.post<unknown>('/api/auth/totp/confirm', body, { isAuthRedirect: false });
