import type {
  CodeLoginBody,
  CodePurpose,
  CodeRequestAnswer,
  Me,
  MyProfile,
  PasswordResetBody,
  PasswordSetBody,
  PhoneChangeBody,
  ResidentMe,
  SignUpBody,
} from '@cc/contracts';
import { api } from '../../lib/api';

/** A 401 on these is an answer (a wrong code), not an expired session. */
const answer = { isAuthRedirect: false } as const;

export const requestCode = (phone: string, purpose: CodePurpose) =>
  api.post<CodeRequestAnswer>('/api/codes', { phone, purpose }, answer);
export const signUp = (body: SignUpBody) => api.post<Me>('/api/auth/sign-up', body, answer);
export const codeLogin = (body: CodeLoginBody) =>
  api.post<Me>('/api/auth/code-login', body, answer);
export const resetPassword = (body: PasswordResetBody) =>
  api.post<undefined>('/api/auth/password-reset', body, answer);
export const getMyProfile = (signal?: AbortSignal) =>
  api.get<MyProfile>('/api/me', undefined, signal);
export const changeMyPhone = (body: PhoneChangeBody) => api.put<MyProfile>('/api/me/phone', body);
export const changePassword = (body: { currentPassword: string; newPassword: string }) =>
  api.post<undefined>('/api/auth/password', body);
/** The verified home and the newest request (the residents module); 404: neither. */
export const getResidentMe = (signal?: AbortSignal) =>
  api.get<ResidentMe>('/api/residents/me', undefined, signal);
/** A 'reset' code to the signed-in account's own phone, to set a first password. */
export const sendPasswordSetCode = () =>
  api.post<CodeRequestAnswer>('/api/me/password/code', undefined);
export const setMyPassword = (body: PasswordSetBody) =>
  api.post<undefined>('/api/me/password', body);
