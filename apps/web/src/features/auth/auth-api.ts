import type {
  LoginBody,
  RecoveryCodes,
  RecoveryCodesBody,
  TotpConfirmAnswer,
  TotpConfirmBody,
  TotpSetup,
  TotpStatus,
} from '@cc/contracts';
import { api } from '../../lib/api';

/** A 401 here means wrong credentials (or a missing TOTP code), not an expired session. */
export const login = (body: LoginBody) =>
  api.post<{ totpEnrolmentRequired?: boolean; recoveryCodesLeft?: number }>(
    '/api/auth/login',
    body,
    { isAuthRedirect: false },
  );

/** Enrol an authenticator app: at a first sign-in that needs it, or by choice in the settings. */
export const setupTotp = () =>
  api.post<TotpSetup>('/api/auth/totp/setup', {}, { isAuthRedirect: false });
export const confirmTotp = (body: TotpConfirmBody) =>
  api.post<TotpConfirmAnswer>('/api/auth/totp/confirm', body, { isAuthRedirect: false });

export const getTotpStatus = (signal?: AbortSignal) =>
  api.get<TotpStatus>('/api/auth/totp', undefined, signal);
export const renewRecoveryCodes = (body: RecoveryCodesBody) =>
  api.post<RecoveryCodes>('/api/auth/totp/recovery-codes', body);
