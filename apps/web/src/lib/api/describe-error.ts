import i18next, { type TFunction } from 'i18next';
import { ApiError, ClientErrorCode } from './api-client';

const HAS_CJK = /[\u3400-\u9fff]/;
const CJK = /[\u3400-\u9fff]/g;
const LATIN = /[A-Za-z]/g;
const SEPARATOR = ' / ';

const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;

/** Chinese text: its first letter (digits and punctuation aside) is Chinese, or most of them are. */
function isChineseHalf(text: string): boolean {
  const first = /[A-Za-z\u3400-\u9fff]/.exec(text)?.[0];
  return (!!first && HAS_CJK.test(first)) || count(text, CJK) > count(text, LATIN);
}

/**
 * English text that may name Chinese places or values (云南中路花园, 8号楼): it has an English
 * word, no more Chinese characters than Latin letters, and it does not end in a Chinese value
 * that follows a colon or a slash — the list of "must be one of 应为: 男 / 女" is not a
 * translation.
 */
function isEnglishHalf(text: string): boolean {
  if (!/[A-Za-z]{2}/.test(text) || count(text, CJK) > count(text, LATIN)) return false;
  const last = /(\S+)$/.exec(text)?.[1] ?? '';
  if (!HAS_CJK.test(last)) return true;
  const before = text.slice(0, text.length - last.length).trimEnd();
  return before !== '' && !/[:：/]$/.test(before);
}

/** Where "English / 中文" splits, or -1 when the message is not written so. */
function bilingualCut(message: string): number {
  const last = message.lastIndexOf(SEPARATOR);
  if (last < 0) return -1;
  const halves = (cut: number) =>
    [message.slice(0, cut).trim(), message.slice(cut + SEPARATOR.length).trim()] as const;
  // plain English, then anything with Chinese in it
  const [english, chinese] = halves(last);
  if (english && chinese && !HAS_CJK.test(english) && HAS_CJK.test(chinese)) return last;
  // English that names Chinese places: the last " / " with Chinese text after it
  for (let cut = last; cut >= 0; cut = cut > 0 ? message.lastIndexOf(SEPARATOR, cut - 1) : -1) {
    const [left, right] = halves(cut);
    if (left && right && isChineseHalf(right) && isEnglishHalf(left)) return cut;
  }
  return -1;
}

/**
 * The server writes messages as "English / 中文"; show the half in the person's language. The
 * English half may name Chinese places ("no room 105 in 云南中路花园 / 没有该房屋"): the split is
 * at the last " / " followed by Chinese text. Any other message is shown whole.
 */
export function pickLanguage(message: string, language = i18next.language): string {
  const cut = bilingualCut(message);
  if (cut < 0) return message;
  const english = message.slice(0, cut).trim();
  const chinese = message.slice(cut + SEPARATOR.length).trim();
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
