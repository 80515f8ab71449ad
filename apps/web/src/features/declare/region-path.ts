/**
 * The origin picker's path: 中国 → 省 → 市 → 区县, or one other country. Region codes carry
 * their ancestors (county 420102 lies in city 4201, in province 42, in CN), so a code found
 * by search opens the picker at the right place.
 */

/** The levels of the picker, top down. */
export const REGION_LEVELS = ['country', 'province', 'city', 'county'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

export const CHINA = 'CN';

/** The codes from the country down to `code` itself; [] for a code no region can have. */
export function regionPath(code: string | undefined | null): string[] {
  const c = (code ?? '').trim().toUpperCase();
  if (/^\d{6}$/.test(c)) return [CHINA, c.slice(0, 2), c.slice(0, 4), c];
  if (/^\d{4}$/.test(c)) return [CHINA, c.slice(0, 2), c];
  if (/^\d{2}$/.test(c)) return [CHINA, c];
  if (/^[A-Z]{2}$/.test(c)) return [c];
  return [];
}

/**
 * The parent whose children a level of the picker lists, given the path picked so far:
 * level 0 lists the countries (undefined parent); below China each level lists the children
 * of the one above; a country other than China, or a level not yet reachable, lists nothing
 * (null).
 */
export function parentAt(path: readonly string[], level: number): string | undefined | null {
  if (level === 0) return undefined;
  if (path[0] !== CHINA || level > 3) return null;
  return path[level - 1] ?? null;
}

/** The path after picking `code` at `level`: what is below that level is dropped. */
export function pickAt(path: readonly string[], level: number, code: string | undefined): string[] {
  const kept = path.slice(0, level);
  return code ? [...kept, code] : kept;
}

/**
 * The code a declaration takes from a path: the deepest picked, but never China alone (a
 * person from China names at least the province).
 */
export function originCodeOf(path: readonly string[]): string | undefined {
  const last = path[path.length - 1];
  return last === CHINA ? undefined : last;
}

interface Named {
  name: string;
  nameEn?: string | null;
  path?: string | null;
}

/** A region's own name in the reader's language (the Chinese when it has no English). */
export const regionName = (r: Named, isEnglish: boolean) =>
  isEnglish && r.nameEn ? r.nameEn : r.name;

/**
 * A search answer as a line to pick: its whole path in Chinese (`湖北省 武汉市 江岸区`), with
 * the English name first for English readers. The server's `path` may or may not end with the
 * region's own name.
 */
export function searchLabel(r: Named, isEnglish: boolean): string {
  const path = (r.path ?? '').trim();
  const full = !path ? r.name : path.endsWith(r.name) ? path : `${path} ${r.name}`;
  return isEnglish && r.nameEn && r.nameEn !== r.name ? `${r.nameEn} · ${full}` : full;
}
