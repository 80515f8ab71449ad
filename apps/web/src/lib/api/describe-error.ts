import i18next, { type TFunction } from 'i18next';
import { ApiError, ClientErrorCode } from './api-client';

const HAS_CJK = /[\u3400-\u9fff]/;

/**
 * The server writes messages as "English / 中文"; show the half in the person's language.
 * Any other message is shown whole.
 */
export function pickLanguage(message: string, language = i18next.language): string {
  const cut = message.lastIndexOf(' / ');
  if (cut < 0) return message;
  const english = message.slice(0, cut).trim();
  const chinese = message.slice(cut + 3).trim();
  if (!english || !chinese || HAS_CJK.test(english) || !HAS_CJK.test(chinese)) return message;
  return (language ?? '').toLowerCase().startsWith('en') ? english : chinese;
}

/** The text to show a person for a failed call: the server's message when there is one. */
export function describeError(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    if (error.code === ClientErrorCode.network) return t('error.network');
    if (error.code === ClientErrorCode.badResponse) return t('error.badResponse');
    if (error.status === 429 && error.retryAfterSeconds !== undefined) {
      return `${pickLanguage(error.message)} ${t('error.retryAfter', { seconds: error.retryAfterSeconds })}`;
    }
    return error.message
      ? pickLanguage(error.message)
      : t('error.status', { status: error.status });
  }
  if (error instanceof Error) return error.message;
  return t('error.unknown');
}

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** A 401: the session is gone and the app is already on its way to the login page. */
export function isSessionEnded(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}
