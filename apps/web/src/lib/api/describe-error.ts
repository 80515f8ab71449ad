import type { TFunction } from 'i18next';
import { ApiError, ClientErrorCode } from './api-client';

/** The text to show a person for a failed call: the server's message when there is one. */
export function describeError(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    if (error.code === ClientErrorCode.network) return t('error.network');
    if (error.code === ClientErrorCode.badResponse) return t('error.badResponse');
    if (error.status === 429 && error.retryAfterSeconds !== undefined) {
      return `${error.message} ${t('error.retryAfter', { seconds: error.retryAfterSeconds })}`;
    }
    return error.message || t('error.status', { status: error.status });
  }
  if (error instanceof Error) return error.message;
  return t('error.unknown');
}

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
