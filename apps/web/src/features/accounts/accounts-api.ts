import type {
  Account,
  AccountList,
  AccountListQuery,
  CreateAccountBody,
  RoleBindingInput,
} from '@cc/contracts';
import { api } from '../../lib/api';

export const listAccounts = (query: AccountListQuery, signal?: AbortSignal) =>
  api.get<AccountList>('/api/accounts', { ...query }, signal);

export const createAccount = (body: CreateAccountBody) => api.post<Account>('/api/accounts', body);

export const addRole = (accountId: string, body: RoleBindingInput) =>
  api.post<unknown>(`/api/accounts/${encodeURIComponent(accountId)}/roles`, body);

export const removeRole = (accountId: string, bindingId: string) =>
  api.delete<unknown>(
    `/api/accounts/${encodeURIComponent(accountId)}/roles/${encodeURIComponent(bindingId)}`,
  );

/** A lost authenticator (administrators): TOTP off, recovery codes gone, the account's sessions end. */
export const resetTotp = (accountId: string) =>
  api.post<Account>(`/api/accounts/${encodeURIComponent(accountId)}/totp/reset`);
