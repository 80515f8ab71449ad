import {
  REGISTRATIONS,
  RESIDENT_STATUSES,
  SEXES,
  type Registration,
  type ResidentQuery,
  type ResidentStatus,
  type Sex,
} from '@cc/contracts';

/** The residents list's filters as the URL holds them, so that a link reproduces the list. */
export type ResidentFilters = Omit<ResidentQuery, 'area' | 'cursor' | 'limit'>;

export const FILTER_KEYS = [
  'name',
  'tag',
  'registration',
  'nationality',
  'sex',
  'ageFrom',
  'ageTo',
  'building',
  'room',
  'status',
] as const satisfies readonly (keyof ResidentFilters)[];

const TAG = /^[a-z][a-z0-9_]{1,39}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NATIONALITY = /^[A-Z]{3}$/;

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined =>
  values.find((v) => v === value);

function age(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 && n <= 130 ? n : undefined;
}

function text(value: string | null, min: number, max: number): string | undefined {
  const v = value?.trim();
  return v && v.length >= min && v.length <= max ? v : undefined;
}

/**
 * The filters in the URL; anything the server would refuse is left out. A document number or
 * phone is never a filter (nor in a URL): it is an exact lookup (resident-lookup.tsx).
 */
export function readFilters(params: URLSearchParams): ResidentFilters {
  const filters: ResidentFilters = {
    name: text(params.get('name'), 1, 40),
    tag: TAG.test(params.get('tag') ?? '') ? (params.get('tag') ?? undefined) : undefined,
    registration: oneOf<Registration>(REGISTRATIONS, params.get('registration')),
    nationality: NATIONALITY.test(params.get('nationality') ?? '')
      ? (params.get('nationality') ?? undefined)
      : undefined,
    sex: oneOf<Sex>(SEXES, params.get('sex')),
    ageFrom: age(params.get('ageFrom')),
    ageTo: age(params.get('ageTo')),
    building: UUID.test(params.get('building') ?? '')
      ? (params.get('building') ?? undefined)
      : undefined,
    room: UUID.test(params.get('room') ?? '') ? (params.get('room') ?? undefined) : undefined,
    status: oneOf<ResidentStatus>(RESIDENT_STATUSES, params.get('status')),
  };
  return Object.fromEntries(
    Object.entries(filters).filter(([, value]) => value !== undefined),
  ) as ResidentFilters;
}

/** The filters as URL parameters, in a steady order (the same filters, the same URL). */
export function writeFilters(filters: ResidentFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  return params;
}

export const hasFilters = (filters: ResidentFilters) => Object.keys(filters).length > 0;
