import { isValidUscc, USCC_PATTERN, type Label } from '@cc/contracts';
import { inLanguage } from '../../lib/format';
import { CITY_CODE } from '../../lib/session/roles';

/** A label shared with the server ({zh, en}) in the person's language. */
export const labelText = (label: Label | undefined, language: string, fallback = '') =>
  label ? inLanguage(label.zh, label.en, language) : fallback;

/** "已选 n / 最多 k": the ballot's counter may never pass the seats. */
export function toggleApproval(chosen: readonly number[], no: number, seats: number): number[] {
  if (chosen.includes(no)) return chosen.filter((n) => n !== no);
  if (chosen.length >= seats) return [...chosen];
  return [...chosen, no].sort((a, b) => a - b);
}

/** The first 8 and last 8 characters of a hash, enough to compare by eye. */
export const shortHash = (hash: string) =>
  hash.length > 20 ? `${hash.slice(0, 8)}…${hash.slice(-8)}` : hash;

/** 18 characters of the code's alphabet (upper case), and its GB 32100 check character right. */
export function usccProblem(code: string): 'format' | 'checkCharacter' | undefined {
  if (!new RegExp(USCC_PATTERN).test(code)) return 'format';
  return isValidUscc(code) ? undefined : 'checkCharacter';
}

/**
 * The district a unified social credit code was registered in: its characters 3–8 are the
 * registration authority's division code (91 310101 … → 黄浦区 310101000000), or undefined when
 * they do not name a district of this city.
 */
export function districtOfUscc(uscc: string | undefined): string | undefined {
  const division = /^[0-9A-Z]{2}(\d{6})/.exec(uscc ?? '')?.[1];
  if (!division || !division.startsWith(CITY_CODE.slice(0, 2)) || division.endsWith('00'))
    return undefined;
  return `${division}000000`;
}

/** Half a side of the box searched around the visitor: about a kilometre. */
const NEAR_DEGREES = 0.01;

/** `minLng,minLat,maxLng,maxLat` around a point, to 6 decimals. */
export function boxAround(lat: number, lng: number, half = NEAR_DEGREES): string {
  const f = (n: number) => n.toFixed(6);
  return [f(lng - half), f(lat - half), f(lng + half), f(lat + half)].join(',');
}
