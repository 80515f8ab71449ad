import { residentIdHint } from '@cc/contracts';
import {
  ARRIVAL_MAX_DAYS_AHEAD,
  ARRIVAL_MAX_DAYS_BACK,
  STAY_DAYS_MAX,
  SYMPTOMS,
  TEMPERATURE_MAX,
  TEMPERATURE_MIN,
  type ArrivalMeans,
  type DeclarationDocumentKind as DocumentKind,
  type DeclarationHealth as Health,
  type GuestDeclarationBody,
  type StayPurpose,
  type Symptom,
} from '@cc/contracts';

/**
 * The declaration form's checks, as the server makes them (it checks again and has the last
 * word). Each answers a problem key under `declare.rules` (with values), or null when fine.
 */
export type Problem = { key: string; values?: Record<string, string | number> } | null;

export const NAME_MAX = 40;
/** A passport: 5–20 letters or digits; another document: 4–30 letters, digits or dashes. */
const PASSPORT = /^[A-Z0-9]{5,20}$/;
const OTHER_DOCUMENT = /^[A-Z0-9-]{4,30}$/;

/** A declaration from the public form carries its SMS code; a resident's for a guest none. */
export type DeclarationBody = GuestDeclarationBody & { code?: string };

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** "YYYY-MM-DD" in Shanghai of `ms`, moved by `days`. */
export function shanghaiDay(ms: number, days = 0): string {
  return new Date(ms + SHANGHAI_OFFSET_MS + days * DAY_MS).toISOString().slice(0, 10);
}

/** The earliest and latest arrival dates the server takes on the Shanghai day of `nowMs`. */
export function arrivalDateBounds(nowMs: number): { min: string; max: string } {
  return {
    min: shanghaiDay(nowMs, -ARRIVAL_MAX_DAYS_BACK),
    max: shanghaiDay(nowMs, ARRIVAL_MAX_DAYS_AHEAD),
  };
}

const isRealDate = (value: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) &&
  new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;

export function nameProblem(value: string | undefined): Problem {
  const name = (value ?? '').trim().replace(/\s+/g, ' ');
  if (!name) return { key: 'nameRequired' };
  if ([...name].length > NAME_MAX) return { key: 'nameTooLong', values: { max: NAME_MAX } };
  return null;
}

/** The number as the server reads it: no spaces, upper case. */
export function normalizeDocumentNumber(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

export function documentNumberProblem(
  kind: DocumentKind | undefined,
  value: string | undefined,
): Problem {
  const number = normalizeDocumentNumber(value ?? '');
  if (!number) return { key: 'documentRequired' };
  if (kind === 'resident_id') {
    const hint = residentIdHint(number);
    if (hint === 'ok') return null;
    if (typeof hint === 'object') return { key: 'documentCheckDigit' };
    return { key: 'documentFormat' };
  }
  if (kind === 'passport') return PASSPORT.test(number) ? null : { key: 'documentPassport' };
  return OTHER_DOCUMENT.test(number) ? null : { key: 'documentOther' };
}

export function arrivalDateProblem(value: string | undefined, nowMs: number): Problem {
  if (!value) return { key: 'arrivalRequired' };
  if (!isRealDate(value)) return { key: 'arrivalFormat' };
  const { min, max } = arrivalDateBounds(nowMs);
  if (value > max) return { key: 'arrivalFuture' };
  if (value < min) return { key: 'arrivalTooOld', values: { days: ARRIVAL_MAX_DAYS_BACK } };
  return null;
}

/** A temperature as typed ("36.5", 36.5) as a number, or undefined when it is none. */
export function parseTemperature(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || !value.trim()) return undefined;
  const n = Number(value.trim());
  return Number.isFinite(n) ? n : undefined;
}

export function temperatureProblem(value: unknown): Problem {
  const t = parseTemperature(value);
  if (t === undefined) return { key: 'temperatureRequired' };
  if (t < TEMPERATURE_MIN || t > TEMPERATURE_MAX) {
    return { key: 'temperatureRange', values: { min: TEMPERATURE_MIN, max: TEMPERATURE_MAX } };
  }
  // one decimal at most: 36.5 yes, 36.55 no
  if (Math.abs(Math.round(t * 10) - t * 10) > 1e-6) return { key: 'temperatureDecimal' };
  return null;
}

export function stayDaysProblem(value: unknown): Problem {
  const n = typeof value === 'string' && value.trim() ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) return { key: 'stayRequired' };
  if (!Number.isInteger(n) || n < 1 || n > STAY_DAYS_MAX) {
    return { key: 'stayRange', values: { max: STAY_DAYS_MAX } };
  }
  return null;
}

export function originProblem(code: string | undefined): Problem {
  if (!code) return { key: 'originRequired' };
  if (code === 'CN') return { key: 'originProvince' };
  return null;
}

/**
 * The symptoms after ticking (`checked`) or clearing one; 'none' (无) clears them all. The
 * list keeps the server's order, without repeats.
 */
export function toggleSymptom(
  current: readonly Symptom[],
  id: Symptom | 'none',
  checked: boolean,
): Symptom[] {
  if (id === 'none') return checked ? [] : [...current];
  const next = new Set(current);
  if (checked) next.add(id);
  else next.delete(id);
  return SYMPTOMS.filter((s) => next.has(s));
}

/** The declaration form's values as antd holds them (numbers still as typed). */
export interface DeclarationValues {
  phone?: string;
  code?: string;
  name?: string;
  document?: { kind?: DocumentKind; number?: string };
  originCode?: string;
  arrivalDate?: string;
  arrivalMeans?: ArrivalMeans;
  buildingId?: string;
  roomId?: string;
  purpose?: StayPurpose;
  stayDays?: string | number;
  health?: { temperature?: string | number; symptoms?: Symptom[] };
}

/**
 * The body the server takes, from values the form has checked: trimmed, numbers as numbers,
 * the temperature to one decimal; `code` only when there is one (the public form).
 */
export function toDeclarationBody(v: DeclarationValues): DeclarationBody {
  const kind = v.document?.kind ?? 'resident_id';
  const code = v.code?.trim();
  return {
    phone: (v.phone ?? '').trim(),
    ...(code ? { code } : {}),
    name: (v.name ?? '').trim(),
    document: { kind, number: normalizeDocumentNumber(v.document?.number ?? '') },
    originCode: v.originCode ?? '',
    arrivalDate: v.arrivalDate ?? '',
    arrivalMeans: v.arrivalMeans ?? 'other',
    roomId: v.roomId ?? '',
    purpose: v.purpose ?? 'other',
    stayDays: Number(v.stayDays),
    health: toHealth(v.health),
  };
}

/** Temperature and symptoms as sent (declaration and daily check-in alike). */
export function toHealth(h: DeclarationValues['health']): Health {
  const t = parseTemperature(h?.temperature) ?? Number.NaN;
  return { temperature: Math.round(t * 10) / 10, symptoms: [...(h?.symptoms ?? [])] };
}

/**
 * Where the server's `field` is shown: `document.number` and `health.temperature` on their own
 * field, `health.symptoms.2` on the symptoms, `document` on the number.
 */
export function fieldOfServerPath(path: (string | number)[]): (string | number)[] {
  const [head, sub] = path;
  if (head === 'document') return ['document', sub === 'kind' ? 'kind' : 'number'];
  if (head === 'health') return ['health', sub === 'symptoms' ? 'symptoms' : 'temperature'];
  return [head ?? ''];
}

/** The fields the server may name in a 400, as the declaration form holds them. */
export const DECLARATION_FIELDS = [
  'phone',
  'code',
  'name',
  'document',
  'originCode',
  'arrivalDate',
  'arrivalMeans',
  'roomId',
  'purpose',
  'stayDays',
  'health',
] as const;

/** A new declaration: a resident ID, no symptoms (无). */
export const INITIAL_VALUES: DeclarationValues = {
  document: { kind: 'resident_id' },
  health: { symptoms: [] },
};

/**
 * A refused submit's flood message (429): with the server's Retry-After, how long to wait;
 * null for any other status.
 */
export function floodProblem(status: number, retryAfterSeconds: number | undefined): Problem {
  if (status !== 429) return null;
  if (!retryAfterSeconds) return { key: 'tooManySoon' };
  return retryAfterSeconds >= 120
    ? { key: 'tooManyMinutes', values: { minutes: Math.ceil(retryAfterSeconds / 60) } }
    : { key: 'tooMany', values: { seconds: retryAfterSeconds } };
}
