/**
 * Personal documents of residents: validation, normalisation and masking.
 * Pure functions, no I/O. Invalid input is reported as a bilingual reason ("English / 中文")
 * naming the field, never thrown.
 */
import { shanghaiDate } from '../../platform/shanghai-time.js';

export type DocumentType =
  'resident_id' | 'passport' | 'hk_macao_permit' | 'taiwan_permit' | 'foreign_permanent_id';

export const DOCUMENT_TYPES: readonly DocumentType[] = [
  'resident_id',
  'passport',
  'hk_macao_permit',
  'taiwan_permit',
  'foreign_permanent_id',
];

export interface Problem {
  field: string;
  /** bilingual message, "English / 中文" */
  reason: string;
}

export type Sex = 'male' | 'female';
export type Checked<T = object> =
  ({ ok: true; normalized: string } & T) | { ok: false; reason: string };

const FIELD: Record<DocumentType | 'mobile', [en: string, zh: string]> = {
  resident_id: ['resident ID', '身份证号'],
  passport: ['passport number', '护照号码'],
  hk_macao_permit: ['HK/Macao permit number', '港澳居民来往内地通行证号码'],
  taiwan_permit: ['Taiwan permit number', '台湾居民来往大陆通行证号码'],
  foreign_permanent_id: ['foreign permanent resident ID', '外国人永久居留身份证号码'],
  mobile: ['mobile number', '手机号码'],
};

/** One message naming the field in both languages: "resident ID … / 身份证号…". */
function fail(
  field: DocumentType | 'mobile',
  en: string,
  zh: string,
): { ok: false; reason: string } {
  const [fieldEn, fieldZh] = FIELD[field];
  return { ok: false, reason: `${fieldEn} ${en} / ${fieldZh}${zh}` };
}

/** Province-level codes of GB/T 2260 (first two digits of the region code). */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
  53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
]);
/** ISO 7064 MOD 11-2: weight of position i is 2^(17-i) mod 11; the remainder picks the check character. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** The GB 11643 check character for the first 17 digits; throws RangeError if they are not 17 digits. */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('residentIdCheckChar needs 17 digits');
  const sum = WEIGHTS.reduce((s, w, i) => s + w * Number(first17[i]), 0);
  return CHECK_CHARS[sum % 11]!;
}

/** YYYYMMDD → YYYY-MM-DD if that day exists, else null. */
function calendarDate(yyyymmdd: string): string | null {
  const [y, m, d] = [yyyymmdd.slice(0, 4), yyyymmdd.slice(4, 6), yyyymmdd.slice(6, 8)].map(Number);
  const t = new Date(Date.UTC(y!, m! - 1, d!));
  const exists = t.getUTCFullYear() === y && t.getUTCMonth() === m! - 1 && t.getUTCDate() === d;
  return exists ? `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}` : null;
}

/**
 * GB 11643-1999 citizen ID: 6-digit region code (province 11..82 of GB/T 2260), birth date
 * YYYYMMDD (exists, 1900-01-01 up to today in Shanghai), 3-digit sequence (odd = male), and the
 * ISO 7064 MOD 11-2 check character (0-9 or X; a lowercase x is accepted and normalised).
 */
export function checkResidentId(
  value: string,
  today: Date = new Date(),
): Checked<{ birthDate: string; sex: Sex }> {
  const id = value.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) {
    return fail(
      'resident_id',
      'must be 18 characters: 17 digits, then a digit or X',
      '应为18位：17位数字加1位数字或X',
    );
  }
  if (!PROVINCES.has(Number(id.slice(0, 2)))) {
    return fail('resident_id', 'has an unknown region code', '地区码无效');
  }
  const birthDate = calendarDate(id.slice(6, 14));
  if (birthDate === null) {
    return fail('resident_id', 'has a birth date that does not exist', '出生日期不存在');
  }
  if (birthDate < '1900-01-01') {
    return fail('resident_id', 'has a birth date before 1900-01-01', '出生日期早于1900年1月1日');
  }
  if (birthDate > shanghaiDate(today)) {
    return fail('resident_id', 'has a birth date in the future', '出生日期晚于今天');
  }
  const expected = residentIdCheckChar(id.slice(0, 17));
  if (id[17] !== expected) {
    return fail('resident_id', `check digit should be ${expected}`, `校验码应为 ${expected}`);
  }
  return { ok: true, normalized: id, birthDate, sex: Number(id[16]) % 2 === 1 ? 'male' : 'female' };
}

/**
 * Any document type. Passport: 5-20 letters or digits. HK/Macao permit: H or M + 8 or 10 digits.
 * Taiwan permit: 8 digits. Foreign permanent resident ID: the 2017 form (18 characters starting
 * with 9, GB 11643 check character) or the old form (3 letters + 12 digits). Values are trimmed
 * and upper-cased.
 */
export function checkDocument(
  type: DocumentType,
  value: string,
  today: Date = new Date(),
): Checked<{ birthDate?: string; sex?: Sex }> {
  const v = value.trim().toUpperCase();
  switch (type) {
    case 'resident_id':
      return checkResidentId(v, today);
    case 'passport':
      return /^[A-Z0-9]{5,20}$/.test(v)
        ? { ok: true, normalized: v }
        : fail(type, 'must be 5 to 20 letters or digits', '应为5至20位字母或数字');
    case 'hk_macao_permit':
      return /^[HM](\d{8}|\d{10})$/.test(v)
        ? { ok: true, normalized: v }
        : fail(type, 'must be H or M followed by 8 or 10 digits', '应为H或M加8位或10位数字');
    case 'taiwan_permit':
      return /^\d{8}$/.test(v)
        ? { ok: true, normalized: v }
        : fail(type, 'must be 8 digits', '应为8位数字');
    case 'foreign_permanent_id': {
      if (/^[A-Z]{3}\d{12}$/.test(v)) return { ok: true, normalized: v };
      if (!/^9\d{16}[\dX]$/.test(v)) {
        return fail(
          type,
          'must be 18 characters starting with 9, or 3 letters followed by 12 digits',
          '应为以9开头的18位号码，或3位字母加12位数字',
        );
      }
      const expected = residentIdCheckChar(v.slice(0, 17));
      return v[17] === expected
        ? { ok: true, normalized: v }
        : fail(type, `check digit should be ${expected}`, `校验码应为 ${expected}`);
    }
  }
}

/** Mainland mobile: 11 digits starting 13-19; a +86 / 86 prefix, spaces and dashes are removed. */
export function checkMobile(value: string): Checked {
  const m = /^(?:\+?86)?(1[3-9]\d{9})$/.exec(value.replace(/[\s-]/g, ''));
  return m
    ? { ok: true, normalized: m[1]! }
    : fail('mobile', 'must be 11 digits starting with 13 to 19', '应为13至19开头的11位数字');
}

/**
 * A phone to call: a mobile (normalised to its 11 digits, as checkMobile), or a landline with
 * its area code (010, 02x: three digits; others four) then 7 or 8 digits, normalised to
 * `021-63211234`, or a local number of 8 digits (a Shanghai line dialled within the city).
 */
export function checkPhone(
  value: string,
): { ok: true; normalized: string } | { ok: false; reason: string } {
  const mobile = checkMobile(value);
  if (mobile.ok) return mobile;
  const digits = value.replace(/[\s()-]/g, '');
  const landline = /^(0(?:10|2\d|[3-9]\d{2}))([2-9]\d{6,7})$/.exec(digits);
  if (landline) return { ok: true, normalized: `${landline[1]}-${landline[2]}` };
  if (/^[2-9]\d{7}$/.test(digits)) return { ok: true, normalized: digits };
  return {
    ok: false,
    reason:
      'phone must be a mobile (11 digits starting with 13 to 19) or a landline with its area code (021-63211234) / 电话应为手机号（13至19开头的11位数字）或带区号的固定电话（如 021-63211234）',
  };
}

/**
 * A synthetic resident ID that passes checkResidentId, and is never a real person's: the
 * caller's prefecture (the first four digits of `region6`, e.g. 3101 for Shanghai) with a county
 * code of 90-99, which GB/T 2260 has never assigned, then the birth date, a sequence number
 * (000-999: one of FAKE_SEQUENCE_PAIRS pairs drawn by `rand` in [0, 1), with the parity of `sex`),
 * and the computed check character. A second draw picks the county.
 *
 * Throws RangeError when the arguments cannot make a valid ID (a programming error).
 */
/** How many sequence numbers of each parity fakeResidentId can give: 000-999 (the county code alone makes it fake). */
export const FAKE_SEQUENCE_PAIRS = 500;

export function fakeResidentId(
  region6: string,
  birthDate: string,
  sex: Sex,
  rand: () => number,
): string {
  if (!/^\d{6}$/.test(region6)) throw new RangeError('fakeResidentId needs a 6-digit region code');
  const pair = Math.min(FAKE_SEQUENCE_PAIRS - 1, Math.floor(rand() * FAKE_SEQUENCE_PAIRS));
  const sequence = String(2 * pair + (sex === 'male' ? 1 : 0)).padStart(3, '0');
  const county = 90 + Math.min(9, Math.floor(rand() * 10));
  const first17 = `${region6.slice(0, 4)}${county}${birthDate.replaceAll('-', '')}${sequence}`;
  if (!/^\d{17}$/.test(first17))
    throw new RangeError('fakeResidentId needs a 6-digit region and YYYY-MM-DD');
  const id = first17 + residentIdCheckChar(first17);
  const checked = checkResidentId(id);
  if (!checked.ok) throw new RangeError(checked.reason);
  return id;
}
