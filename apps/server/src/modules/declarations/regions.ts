import path from 'node:path';
import type { RegionItem, RegionKind } from '@cc/contracts';
import { Type, type Static } from '@sinclair/typebox';
import { REPO_ROOT } from '../../platform/config.js';
import { loadDataFile } from '../../platform/data-file.js';

/**
 * The regions a person arrives from: China's provinces, cities and counties (NBS 2023 codes,
 * data/regions/china.json) and the other countries (ISO 3166-1 alpha-2,
 * data/regions/countries.json). Both files are derived by data/regions/derive-regions.ts;
 * read and checked once, then held in memory (about 3,600 regions).
 */

export const CHINA_FILE = path.join(REPO_ROOT, 'data/regions/china.json');
export const COUNTRIES_FILE = path.join(REPO_ROOT, 'data/regions/countries.json');

const Named = { code: Type.String(), name: Type.String({ minLength: 1 }) };
const ChinaFile = Type.Object({
  provinces: Type.Array(
    Type.Object({
      code: Type.String({ pattern: '^\\d{2}$' }),
      name: Type.String({ minLength: 1 }),
      nameEn: Type.String({ minLength: 1 }),
      cities: Type.Array(
        Type.Object({
          code: Type.String({ pattern: '^\\d{4}$' }),
          name: Type.String({ minLength: 1 }),
          nameEn: Type.Optional(Type.String({ minLength: 1 })),
          standIn: Type.Optional(Type.Literal(true)),
          counties: Type.Array(
            Type.Object({ ...Named, code: Type.String({ pattern: '^\\d{6}$' }) }),
          ),
        }),
      ),
    }),
  ),
});
const CountriesFile = Type.Object({
  countries: Type.Array(
    Type.Object({
      code: Type.String({ pattern: '^[A-Z]{2}$' }),
      name: Type.String({ minLength: 1 }),
      nameEn: Type.String({ minLength: 1 }),
      aliasesEn: Type.Optional(Type.Array(Type.String())),
    }),
  ),
});

/** China's own code among the countries. */
export const CHINA_CODE = 'CN';

export interface Region {
  code: string;
  name: string;
  nameEn: string;
  kind: RegionKind;
  /** `湖北省 武汉市 江岸区` (a municipality's stand-in city left out: `北京市 东城区`); a country: its name */
  path: string;
  pathEn: string;
  /** CN for a province, the province for a city, the city for a county; null for a country */
  parentCode: string | null;
}

interface RegionIndex {
  byCode: Map<string, Region>;
  children: Map<string, Region[]>;
  /** countries with CN first, then by the Chinese collation */
  countries: Region[];
  /** the regions a search may list, in its order (country, province, city, county); not a
   * municipality's stand-in city, which would show the province's name twice */
  searchable: Region[];
  /** lower-cased names to search: the Chinese name, the English name and aliases */
  haystack: Map<string, string[]>;
}

let index: RegionIndex | null = null;

function chinaChildren(file: Static<typeof ChinaFile>): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const once = (code: string, where: string) => {
    if (seen.has(code)) problems.push(`${where}: code ${code} appears twice`);
    seen.add(code);
  };
  file.provinces.forEach((p, i) => {
    once(p.code, `/provinces/${i}`);
    p.cities.forEach((c, j) => {
      once(c.code, `/provinces/${i}/cities/${j}`);
      if (!c.code.startsWith(p.code)) problems.push(`${c.code}: not in province ${p.code}`);
      for (const k of c.counties) {
        once(k.code, `/provinces/${i}/cities/${j}`);
        if (!k.code.startsWith(c.code)) problems.push(`${k.code}: not in city ${c.code}`);
      }
    });
  });
  return problems;
}

function buildIndex(): RegionIndex {
  const china = loadDataFile(CHINA_FILE, ChinaFile, chinaChildren);
  const world = loadDataFile(COUNTRIES_FILE, CountriesFile, (f) =>
    f.countries.some((c) => c.code === CHINA_CODE) ? ['/countries: CN belongs in china.json'] : [],
  );
  const byCode = new Map<string, Region>();
  const children = new Map<string, Region[]>();
  const searchable: Region[] = [];
  const haystack = new Map<string, string[]>();
  const add = (r: Region, also: readonly string[] = [], isSearchable = true) => {
    if (byCode.has(r.code)) throw new Error(`${r.code}: a country and a region of China`);
    byCode.set(r.code, r);
    if (isSearchable) searchable.push(r);
    haystack.set(
      r.code,
      [r.name, r.nameEn, ...also].map((s) => s.toLowerCase()),
    );
    if (r.parentCode) {
      const list = children.get(r.parentCode) ?? [];
      list.push(r);
      children.set(r.parentCode, list);
    }
  };
  const collator = new Intl.Collator('zh-CN');
  const countries: Region[] = [
    {
      code: CHINA_CODE,
      name: '中国',
      nameEn: 'China',
      kind: 'country',
      path: '中国',
      pathEn: 'China',
      parentCode: null,
    },
    ...[...world.countries]
      .sort((a, b) => collator.compare(a.name, b.name) || a.code.localeCompare(b.code))
      .map((c): Region => ({
        code: c.code,
        name: c.name,
        nameEn: c.nameEn,
        kind: 'country',
        path: c.name,
        pathEn: c.nameEn,
        parentCode: null,
      })),
  ];
  const aliases = new Map(world.countries.map((c) => [c.code, c.aliasesEn ?? []]));
  for (const c of countries)
    add(c, c.code === CHINA_CODE ? ['中华人民共和国'] : aliases.get(c.code));
  // China by level, so that a search lists provinces before cities before counties.
  const cities: [Static<typeof ChinaFile>['provinces'][number]['cities'][number], Region][] = [];
  for (const p of china.provinces) {
    const province: Region = {
      code: p.code,
      name: p.name,
      nameEn: p.nameEn,
      kind: 'province',
      path: p.name,
      pathEn: p.nameEn,
      parentCode: CHINA_CODE,
    };
    add(province);
    for (const c of p.cities) {
      const nameEn = c.nameEn ?? c.name;
      const city: Region = {
        code: c.code,
        name: c.name,
        nameEn,
        kind: 'city',
        path: c.standIn && c.name === p.name ? p.name : `${p.name} ${c.name}`,
        pathEn: c.standIn && nameEn === p.nameEn ? p.nameEn : `${p.nameEn} ${nameEn}`,
        parentCode: p.code,
      };
      cities.push([c, city]);
    }
  }
  for (const [c, city] of cities) add(city, [], !(c.standIn && city.path === city.name));
  for (const [c, city] of cities) {
    const province = byCode.get(city.parentCode!)!;
    // a stand-in city (市辖区, 县, 省直辖县级行政区划) is no place: its counties hang from the province by name
    const [base, baseEn] = c.standIn ? [province.path, province.pathEn] : [city.path, city.pathEn];
    for (const k of c.counties) {
      add({
        code: k.code,
        name: k.name,
        // no English names below the province in the source: the Chinese name stands in
        nameEn: k.name,
        kind: 'county',
        path: `${base} ${k.name}`,
        pathEn: `${baseEn} ${k.name}`,
        parentCode: city.code,
      });
    }
  }
  return { byCode, children, countries, searchable, haystack };
}

function regions(): RegionIndex {
  index ??= buildIndex();
  return index;
}

/** Load and check the region files now (at start): a bad file stops the server. */
export function loadRegions(): void {
  regions();
}

/** The region with `code` (`CN`, `US`, `42`, `4201`, `420102`), or undefined. */
export function findRegion(code: string): Region | undefined {
  return regions().byCode.get(code);
}

/**
 * The regions directly below `parent`: undefined (no parent) → the countries, China first;
 * `CN` → the provinces; a province → its cities; a city → its counties; a county or another
 * country → none. Null when `parent` is not a region.
 */
export function childRegions(parent?: string): Region[] | null {
  const idx = regions();
  if (parent === undefined) return idx.countries;
  if (!idx.byCode.has(parent)) return null;
  return idx.children.get(parent) ?? [];
}

/**
 * Up to `limit` regions whose Chinese or English name (or a country's other English names)
 * contains `q`, or whose code is `q`: exact names first, then names that start with `q`,
 * then the rest; within each, countries, provinces, cities, counties in code order.
 */
export function searchRegions(q: string, limit = 20): Region[] {
  const needle = q.trim().toLowerCase();
  if (!needle) return [];
  const idx = regions();
  const ranked: [number, Region][] = [];
  for (const r of idx.searchable) {
    const names = idx.haystack.get(r.code)!;
    let rank = -1;
    if (r.code.toLowerCase() === needle || names.includes(needle)) rank = 0;
    else if (names.some((n) => n.startsWith(needle))) rank = 1;
    else if (names.some((n) => n.includes(needle))) rank = 2;
    if (rank >= 0) ranked.push([rank, r]);
  }
  // a stable sort keeps the level order of `searchable` within a rank
  return ranked
    .sort((a, b) => a[0] - b[0])
    .slice(0, limit)
    .map(([, r]) => r);
}

/**
 * Whether `code` lies in `ancestorCode` (or is it): county 420102 is within city 4201, province
 * 42 and CN; a country is within itself only. False when either is not a region.
 */
export function regionWithin(code: string, ancestorCode: string): boolean {
  const idx = regions();
  if (!idx.byCode.has(ancestorCode)) return false;
  for (
    let r = idx.byCode.get(code);
    r;
    r = r.parentCode ? idx.byCode.get(r.parentCode) : undefined
  ) {
    if (r.code === ancestorCode) return true;
  }
  return false;
}

/** `code` and every region above it, nearest first: 420102 → [420102, 4201, 42, CN]. */
export function regionAncestry(code: string): string[] {
  const idx = regions();
  const out: string[] = [];
  for (
    let r = idx.byCode.get(code);
    r;
    r = r.parentCode ? idx.byCode.get(r.parentCode) : undefined
  ) {
    out.push(r.code);
  }
  return out;
}

/**
 * The board's origin facet of a region: `CN-<2-digit province code>` for a region of China
 * (`CN-42` for 420102), the alpha-2 code for another country, `CN` for China as a whole;
 * undefined for an unknown code.
 */
export function regionFacet(code: string): string | undefined {
  const r = findRegion(code);
  if (!r) return undefined;
  if (r.kind === 'country') return r.code;
  return `${CHINA_CODE}-${r.code.slice(0, 2)}`;
}

/** A region as the API lists it; with `path` for search results. */
export function regionItem(r: Region, withPath = false): RegionItem {
  return {
    code: r.code,
    name: r.name,
    nameEn: r.nameEn,
    kind: r.kind,
    ...(withPath ? { path: r.path } : {}),
  };
}
