import type { Me } from '@cc/contracts';
import type {
  DeclarationStatus,
  KeyRegion,
  KeyRegionLevel,
  ObservationCounts,
  Region,
  TodayStatus,
} from './epidemic-types';

/**
 * The plain rules of 社区通's staff pages (no React, tested on their own): the fever line, the
 * colours of levels and states, the committees a person works for, a key region's state.
 */

/** The fever line (°C) of data/epidemic/observation-rules.json (`feverAt`): at or above it is a fever. */
export const FEVER_AT = 37.3;

/** A temperature is a fever at or above the line (37.3 is a fever, 37.2 is not). */
export function isFever(temperature: number | null | undefined): boolean {
  // one decimal as the forms take it: 37.29999 from a float sum still reads 37.3
  return typeof temperature === 'number' && Math.round(temperature * 10) >= FEVER_AT * 10;
}

/** A health report is abnormal with a fever or any symptom. */
export function isAbnormal(temperature: number | null | undefined, symptoms: readonly string[]) {
  return isFever(temperature) || symptoms.length > 0;
}

/** 37.456 → "37.5 °C"; nothing → undefined. */
export function formatTemperature(temperature: number | null | undefined): string | undefined {
  return typeof temperature === 'number' ? `${temperature.toFixed(1)} °C` : undefined;
}

/** A key region's level: high red, medium orange (the national risk-area colours). */
export const LEVEL_COLORS: Readonly<Record<KeyRegionLevel, string>> = {
  high: 'red',
  medium: 'orange',
};

export const DECLARATION_STATUS_COLORS: Readonly<Record<DeclarationStatus, string>> = {
  submitted: 'processing',
  accepted: 'success',
  more_info: 'warning',
  duplicate: 'default',
};

/** Today's check-in of an observation: none yet (null) is grey until the deadline's job says 未打卡. */
export const TODAY_COLORS: Readonly<Record<TodayStatus, string>> = {
  checked_in: 'success',
  missing: 'warning',
  abnormal: 'error',
};

/** The four big numbers over today's list, in the order staff read them. */
export const TODAY_FIGURES = [
  'active',
  'checkedIn',
  'missing',
  'abnormal',
] as const satisfies readonly (keyof ObservationCounts)[];

/** The committees a person works for as committee staff, each once, in the order of the roles. */
export function staffCommittees(me: Me): { code: string; name: string }[] {
  const seen = new Set<string>();
  const committees: { code: string; name: string }[] = [];
  for (const binding of me.roles) {
    if (binding.role !== 'committee_staff' || seen.has(binding.areaCode)) continue;
    seen.add(binding.areaCode);
    committees.push({ code: binding.areaCode, name: binding.areaName });
  }
  return committees;
}

/** The committee a page shows: the one asked for when the person works there, else their first. */
export function pickCommittee(
  committees: readonly { code: string }[],
  asked: string | null | undefined,
): string | undefined {
  if (asked && committees.some((c) => c.code === asked)) return asked;
  return committees[0]?.code;
}

export type KeyRegionState = 'upcoming' | 'active' | 'ended';

/** Where a listing stands on `day` (YYYY-MM-DD): before `from`, within [from, to], or after `to`. */
export function keyRegionState(
  region: Pick<KeyRegion, 'from' | 'to'>,
  day: string,
): KeyRegionState {
  if (day < region.from) return 'upcoming';
  if (region.to !== null && day > region.to) return 'ended';
  return 'active';
}

/** A listing's dates are fine when the end (if any) is not before the start. */
export const isDateRangeValid = (from: string, to: string | null | undefined) => !to || to >= from;

/**
 * The declarations list's query from its filter form: a status or all, key regions only or
 * not, and a range of arrival days (either end may be open).
 */
export function declarationFilters(values: {
  status?: DeclarationStatus | 'all';
  keyRegion?: 'all' | 'yes' | 'no';
  range?: readonly [string | null, string | null] | null;
}): { status?: DeclarationStatus; keyRegion?: boolean; from?: string; to?: string } {
  const [from, to] = values.range ?? [null, null];
  return {
    status: values.status && values.status !== 'all' ? values.status : undefined,
    keyRegion: values.keyRegion === 'yes' ? true : values.keyRegion === 'no' ? false : undefined,
    from: from ?? undefined,
    to: to ?? undefined,
  };
}

/** A region in the cascading picker: its code, its name, and whether it has regions below. */
export interface RegionOption {
  value: string;
  label: string;
  isLeaf: boolean;
  children?: RegionOption[];
}

/** Countries other than China, and China's counties, have nothing below them. */
export const hasSubregions = (r: Pick<Region, 'code' | 'kind'>) =>
  r.kind === 'province' || r.kind === 'city' || (r.kind === 'country' && r.code === 'CN');

/** A region as the picker shows it: its English name in English when it has one. */
export function regionOption(r: Region, isEnglish: boolean): RegionOption {
  return { value: r.code, label: (isEnglish && r.nameEn) || r.name, isLeaf: !hasSubregions(r) };
}

/** Sets the `children` of the option at `path` (codes from the top), in a copy of the tree. */
export function withChildren(
  options: readonly RegionOption[],
  path: readonly string[],
  children: RegionOption[],
): RegionOption[] {
  const [head, ...rest] = path;
  return options.map((o) => {
    if (o.value !== head) return o;
    if (rest.length === 0) return { ...o, children };
    return { ...o, children: withChildren(o.children ?? [], rest, children) };
  });
}
