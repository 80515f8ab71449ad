/**
 * Self-check for data/taxonomy/scenarios.json, the case-scenario taxonomy.
 *
 *   node --import tsx data/taxonomy/check-taxonomy.ts [path/to/scenarios.json]
 *
 * Validates the file's shape, codes, references, field definitions, deadlines and
 * duplicate-detection settings (see data/taxonomy/PROVENANCE.md), prints counts per
 * domain, and exits 1 on any problem. Uses only Node built-ins.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

// ---------------------------------------------------------------- rules

const HERE = dirname(fileURLToPath(import.meta.url));
const FILE = process.argv[2] ?? join(HERE, 'scenarios.json');

const KEBAB = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const SNAKE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;

const FIELD_TYPES = [
  'string',
  'number',
  'datetime',
  'text',
  'singlevaluelist',
  'multivaluelist',
] as const;
type FieldType = (typeof FIELD_TYPES)[number];

const URGENCIES = ['urgent', 'high', 'normal', 'low'] as const;
type Urgency = (typeof URGENCIES)[number];

const HOUR = 60;
const DAY = 24 * HOUR;

/** Deadline bands per urgency, in minutes after dispatch (inclusive). */
const BANDS: Record<Urgency, { accept: [number, number]; resolve: [number, number] }> = {
  urgent: { accept: [1, 10], resolve: [10, 2 * HOUR] },
  high: { accept: [5, 30], resolve: [HOUR, DAY] },
  normal: { accept: [15, 2 * HOUR], resolve: [2 * HOUR, 3 * DAY] },
  low: { accept: [HOUR, DAY], resolve: [DAY, 30 * DAY] },
};

const RADIUS: [number, number] = [20, 500];
const WINDOW: [number, number] = [30, 7 * DAY];
const MAX_FIELDS = 4;
const MIN_DOMAINS = 6;
const MIN_SCENARIOS = 50;

const TOP_KEYS = ['version', 'source', 'domains', 'scenarios'];
const DOMAIN_KEYS = ['code', 'name', 'nameEn'];
const SCENARIO_KEYS = [
  'code',
  'domain',
  'name',
  'nameEn',
  'description',
  'keywords',
  'urgency',
  'acceptMinutes',
  'resolveMinutes',
  'duplicateRadiusMeters',
  'duplicateWindowMinutes',
  'fields',
];
const FIELD_KEYS_REQUIRED = ['code', 'type', 'name', 'nameEn', 'required'];
const FIELD_KEYS_OPTIONAL: Record<FieldType, string[]> = {
  string: ['maxLength'],
  text: ['maxLength'],
  number: ['min', 'max'],
  datetime: [],
  singlevaluelist: ['values'],
  multivaluelist: ['values'],
};
const VALUE_KEYS = ['key', 'name', 'nameEn'];

// ---------------------------------------------------------------- helpers

const problems: string[] = [];
function fail(where: string, message: string): void {
  problems.push(`${where}: ${message}`);
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

function nonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v.trim() !== '' && v === v.trim();
}

/** Checks the key set: every required key present, nothing unknown. */
function checkKeys(where: string, o: Obj, required: string[], optional: string[] = []): void {
  for (const k of required) if (!(k in o)) fail(where, `missing "${k}"`);
  for (const k of Object.keys(o)) {
    if (!required.includes(k) && !optional.includes(k)) fail(where, `unexpected key "${k}"`);
  }
}

function checkNames(where: string, o: Obj): void {
  if (!nonEmptyString(o['name'])) fail(where, 'name must be a non-empty trimmed string');
  if (!nonEmptyString(o['nameEn'])) fail(where, 'nameEn must be a non-empty trimmed string');
  if (typeof o['name'] === 'string' && !/\p{Script=Han}/u.test(o['name'])) {
    fail(where, 'name should be Chinese');
  }
}

function inRange(where: string, label: string, v: unknown, [lo, hi]: [number, number]): boolean {
  if (!isInt(v)) {
    fail(where, `${label} must be an integer`);
    return false;
  }
  if (v < lo || v > hi) {
    fail(where, `${label} ${v} outside ${lo}..${hi}`);
    return false;
  }
  return true;
}

function isFieldType(v: unknown): v is FieldType {
  return typeof v === 'string' && (FIELD_TYPES as readonly string[]).includes(v);
}

function isUrgency(v: unknown): v is Urgency {
  return typeof v === 'string' && (URGENCIES as readonly string[]).includes(v);
}

// ---------------------------------------------------------------- load

let raw: Buffer;
try {
  raw = readFileSync(FILE);
} catch (e) {
  console.error(`cannot read ${FILE}: ${(e as Error).message}`);
  process.exit(1);
}

let text = '';
try {
  text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(raw);
} catch {
  fail('file', 'not valid UTF-8');
}
if (text.startsWith('\uFEFF')) fail('file', 'starts with a byte-order mark');
if (text.includes('\r')) fail('file', 'has CR line endings; use LF');
if (!text.endsWith('\n')) fail('file', 'does not end with a newline');
for (const [i, line] of text.split('\n').entries()) {
  const indent = /^ */.exec(line)?.[0].length ?? 0;
  if (line.startsWith('\t')) fail(`file line ${i + 1}`, 'tab indentation; use 2 spaces');
  else if (indent % 2 !== 0) fail(`file line ${i + 1}`, 'indentation is not a multiple of 2');
}

let data: unknown;
try {
  data = JSON.parse(text);
} catch (e) {
  console.error(`${FILE} is not valid JSON: ${(e as Error).message}`);
  process.exit(1);
}

// ---------------------------------------------------------------- validate

if (!isObj(data)) {
  console.error(`${FILE}: top level must be an object`);
  process.exit(1);
}
checkKeys('top level', data, TOP_KEYS);
if (data['version'] !== 1) fail('top level', 'version must be 1');
if (!nonEmptyString(data['source']) || data['source'].includes('\n')) {
  fail('top level', 'source must be a one-line non-empty string');
}

const domains = Array.isArray(data['domains']) ? data['domains'] : [];
const scenarios = Array.isArray(data['scenarios']) ? data['scenarios'] : [];
if (!Array.isArray(data['domains'])) fail('top level', 'domains must be an array');
if (!Array.isArray(data['scenarios'])) fail('top level', 'scenarios must be an array');

const domainCodes = new Set<string>();
for (const [i, d] of domains.entries()) {
  const where = `domains[${i}]`;
  if (!isObj(d)) {
    fail(where, 'must be an object');
    continue;
  }
  checkKeys(where, d, DOMAIN_KEYS);
  const code = d['code'];
  if (typeof code !== 'string' || !KEBAB.test(code)) fail(where, 'code must be kebab-case');
  else if (domainCodes.has(code)) fail(where, `duplicate domain code "${code}"`);
  else domainCodes.add(code);
  checkNames(`domain ${String(code)}`, d);
}
if (domainCodes.size < MIN_DOMAINS) {
  fail('domains', `${domainCodes.size} domains, need at least ${MIN_DOMAINS}`);
}

const perDomain = new Map<string, number>([...domainCodes].map((c) => [c, 0]));
const perUrgency = new Map<Urgency, number>(URGENCIES.map((u) => [u, 0]));
const perType = new Map<FieldType, number>(FIELD_TYPES.map((t) => [t, 0]));
const scenarioCodes = new Set<string>();
let withFields = 0;
let withRequired = 0;
let fieldCount = 0;

for (const [i, s] of scenarios.entries()) {
  if (!isObj(s)) {
    fail(`scenarios[${i}]`, 'must be an object');
    continue;
  }
  const code = s['code'];
  const where = typeof code === 'string' ? `scenario ${code}` : `scenarios[${i}]`;
  checkKeys(where, s, SCENARIO_KEYS);

  if (typeof code !== 'string' || !KEBAB.test(code)) fail(where, 'code must be kebab-case');
  else if (scenarioCodes.has(code)) fail(where, 'duplicate scenario code');
  else scenarioCodes.add(code);

  const domain = s['domain'];
  if (typeof domain !== 'string' || !domainCodes.has(domain)) {
    fail(where, `unknown domain "${String(domain)}"`);
  } else {
    perDomain.set(domain, (perDomain.get(domain) ?? 0) + 1);
  }

  checkNames(where, s);
  const description = s['description'];
  if (!nonEmptyString(description)) fail(where, 'description must be a non-empty string');
  else {
    const parts = description.split(' / ');
    if (parts.length < 2 || parts.some((p) => p.trim() === '')) {
      fail(where, 'description must be "中文 / English"');
    }
  }

  const keywords = s['keywords'];
  if (!Array.isArray(keywords) || keywords.length === 0) {
    fail(where, 'keywords must be a non-empty array');
  } else {
    if (!keywords.every(nonEmptyString)) fail(where, 'keywords must be non-empty strings');
    if (new Set(keywords).size !== keywords.length) fail(where, 'duplicate keywords');
  }

  const urgency = s['urgency'];
  const accept = s['acceptMinutes'];
  const resolve = s['resolveMinutes'];
  if (!isUrgency(urgency)) {
    fail(where, `urgency must be one of ${URGENCIES.join(', ')}`);
  } else {
    perUrgency.set(urgency, (perUrgency.get(urgency) ?? 0) + 1);
    const band = BANDS[urgency];
    const okA = inRange(where, `acceptMinutes (${urgency})`, accept, band.accept);
    const okR = inRange(where, `resolveMinutes (${urgency})`, resolve, band.resolve);
    if (okA && okR && (accept as number) >= (resolve as number)) {
      fail(where, 'acceptMinutes must be less than resolveMinutes');
    }
  }
  inRange(where, 'duplicateRadiusMeters', s['duplicateRadiusMeters'], RADIUS);
  inRange(where, 'duplicateWindowMinutes', s['duplicateWindowMinutes'], WINDOW);

  const fields = s['fields'];
  if (!Array.isArray(fields)) {
    fail(where, 'fields must be an array');
    continue;
  }
  if (fields.length > MAX_FIELDS) fail(where, `${fields.length} fields, at most ${MAX_FIELDS}`);
  if (fields.length > 0) withFields++;
  fieldCount += fields.length;
  const fieldCodes = new Set<string>();
  let anyRequired = false;
  for (const [j, f] of fields.entries()) {
    const fw = `${where} fields[${j}]`;
    if (!isObj(f)) {
      fail(fw, 'must be an object');
      continue;
    }
    const type = f['type'];
    if (!isFieldType(type)) {
      fail(fw, `type "${String(type)}" is not one of ${FIELD_TYPES.join(', ')}`);
      checkKeys(fw, f, FIELD_KEYS_REQUIRED, ['maxLength', 'min', 'max', 'values']);
    } else {
      perType.set(type, (perType.get(type) ?? 0) + 1);
      const isList = type === 'singlevaluelist' || type === 'multivaluelist';
      checkKeys(
        fw,
        f,
        isList ? [...FIELD_KEYS_REQUIRED, 'values'] : FIELD_KEYS_REQUIRED,
        FIELD_KEYS_OPTIONAL[type],
      );
    }
    const fcode = f['code'];
    if (typeof fcode !== 'string' || !SNAKE.test(fcode)) fail(fw, 'code must be snake_case');
    else if (fieldCodes.has(fcode)) fail(fw, `duplicate field code "${fcode}"`);
    else fieldCodes.add(fcode);
    checkNames(fw, f);
    if (typeof f['required'] !== 'boolean') fail(fw, 'required must be a boolean');
    else if (f['required']) anyRequired = true;

    if ('maxLength' in f && (!isInt(f['maxLength']) || f['maxLength'] < 1)) {
      fail(fw, 'maxLength must be a positive integer');
    }
    for (const k of ['min', 'max']) {
      if (k in f && (typeof f[k] !== 'number' || !Number.isFinite(f[k]))) {
        fail(fw, `${k} must be a finite number`);
      }
    }
    if (typeof f['min'] === 'number' && typeof f['max'] === 'number' && f['min'] >= f['max']) {
      fail(fw, 'min must be less than max');
    }

    if ('values' in f) {
      const values = f['values'];
      if (!Array.isArray(values) || values.length < 2) {
        fail(fw, 'values must be an array of at least 2');
        continue;
      }
      const keys = new Set<string>();
      const names = new Set<string>();
      for (const [k, v] of values.entries()) {
        const vw = `${fw} values[${k}]`;
        if (!isObj(v)) {
          fail(vw, 'must be an object');
          continue;
        }
        checkKeys(vw, v, VALUE_KEYS);
        const key = v['key'];
        if (typeof key !== 'string' || !SNAKE.test(key)) fail(vw, 'key must be snake_case');
        else if (keys.has(key)) fail(vw, `duplicate key "${key}"`);
        else keys.add(key);
        checkNames(vw, v);
        if (typeof v['name'] === 'string') {
          if (names.has(v['name'])) fail(vw, `duplicate name "${v['name']}"`);
          names.add(v['name']);
        }
      }
    }
  }
  if (anyRequired) withRequired++;
}

for (const [code, n] of perDomain) if (n === 0) fail(`domain ${code}`, 'has no scenarios');
if (scenarioCodes.size < MIN_SCENARIOS) {
  fail('scenarios', `${scenarioCodes.size} scenarios, need at least ${MIN_SCENARIOS}`);
}

// ---------------------------------------------------------------- report

const names = new Map<string, string>();
for (const d of domains) {
  if (isObj(d) && typeof d['code'] === 'string') {
    names.set(d['code'], `${String(d['name'])} ${String(d['nameEn'])}`);
  }
}
console.log(relative(process.cwd(), FILE) || FILE);
console.log(`${domainCodes.size} domains, ${scenarios.length} scenarios`);
for (const [code, n] of perDomain) {
  console.log(`  ${String(n).padStart(3)}  ${code.padEnd(20)} ${names.get(code) ?? ''}`);
}
console.log(`urgency: ${[...perUrgency].map(([u, n]) => `${u} ${n}`).join(', ')}`);
console.log(
  `fields: ${fieldCount} in ${withFields} scenarios; ${withRequired} scenarios have a required field`,
);
console.log(`field types: ${[...perType].map(([t, n]) => `${t} ${n}`).join(', ')}`);

if (problems.length > 0) {
  console.error(`\n${problems.length} problem(s):`);
  for (const p of problems) console.error(`  - ${p}`);
  process.exit(1);
}
console.log('ok');
