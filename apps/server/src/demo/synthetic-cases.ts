/**
 * Synthetic cases (the dashboard benchmark's data, issue 4, and the demo city's history):
 * N cases spread over Shanghai's committees, scenarios and the last D days, with daily,
 * weekly and seasonal rhythms. Each case lives through the state machine as the app would
 * move it (auto-dispatch or the street queue, accept, resolve, close, rate; deadlines that
 * warn and escalate; returns, rejections, reopenings), and its timeline is written as the
 * app writes it. Cases near "now" are still open. Loaded in chunks, each one
 * INSERT … SELECT FROM unnest(arrays) per table.
 *
 * Only cases and their timeline are written (and the dispatch rules and Open311 client they
 * name): no jobs, texts or notices, and no rollups — call rebuildRollups afterwards. Case
 * numbers are `G` and nine digits from the app's own case_number_seq (the app's numbers are
 * a day and digits from the same sequence), so they never clash with cases filed later.
 * Nobody else may write to the database while it loads: event ids and case numbers are
 * reserved from their sequences a chunk at a time. The command line is bench/generate-cases.ts.
 */
import {
  AWAITING_PICKUP_STATUSES,
  OPEN_STATUSES,
  type CaseSource,
  type CaseStatus,
  type Scenario,
  type ScenarioField,
} from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import { getTaxonomy } from '../modules/cases/index.js';
import { districtOf } from '../platform/district.js';
import type { DB } from '../platform/db/schema.js';
import { keyedSeed, prng } from './prng.js';
import { caseText } from './case-texts.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Shanghai is UTC+8 all year (no daylight saving), so local time is a fixed shift. */
const SHANGHAI_OFFSET = 8 * HOUR;

// ---- seeded randomness: the same seed makes the same city ----

/** The demo's PRNG (mulberry32, prng.ts), with the draws the generator needs. */
export class Rng {
  private readonly step: () => number;
  constructor(seed: number) {
    this.step = prng(seed);
  }
  /** A uniform 32-bit integer (exact: prng's draw is one over 2^32). */
  u32(): number {
    return this.step() * 4294967296;
  }
  next(): number {
    return this.step();
  }
  /** Standard normal (Box–Muller). */
  gauss(): number {
    return Math.sqrt(-2 * Math.log(1 - this.step())) * Math.cos(2 * Math.PI * this.step());
  }
  /** Human delays are log-normal: most are quick, a few take many times the median. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.gauss());
  }
}

/** Numbers fixed by (seed, key) alone, so an area's weight does not depend on load order. */
const keyed = (seed: number, key: string) => new Rng(keyedSeed(seed, key));

/** exp(uniform(−spread, spread)): a weight between 1/e^spread and e^spread, median 1. */
const logUniform = (r: Rng, spread: number) => Math.exp((r.next() * 2 - 1) * spread);

/** Pick index i with probability proportional to the weights behind a cumulative table. */
function pickCumulative(cum: Float64Array, r: number): number {
  const x = r * cum[cum.length - 1]!;
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cum[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function cumulative(weights: number[]): Float64Array {
  const cum = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => (cum[i] = sum += w));
  return cum;
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/**
 * UUIDv7 from the case's creation time: cases load in time order, so the primary key is
 * appended to instead of split at random (the app's v4 ids and these live side by side).
 */
function uuidV7(ms: number, r: Rng): string {
  const t = hex(ms, 12);
  const a = r.u32();
  const b = r.u32();
  const c = r.u32();
  return (
    `${t.slice(0, 8)}-${t.slice(8)}-7${hex(a & 0xfff, 3)}-` +
    `${hex(0x8000 | ((a >>> 12) & 0x3fff), 4)}-${hex(b, 8)}${hex(c & 0xffff, 4)}`
  );
}

// ---- rhythms ----

/** Reports per local hour (relative): quiet nights, mid-morning and afternoon peaks. */
const HOURLY = [
  0.16, 0.09, 0.06, 0.04, 0.04, 0.08, 0.25, 0.55, 0.95, 1.35, 1.5, 1.3, 0.85, 0.95, 1.3, 1.4, 1.3,
  1.0, 0.75, 0.65, 0.6, 0.5, 0.38, 0.26,
];
/** Per local weekday, Sunday first: fewer patrols and calls at the weekend. */
const WEEKLY = [0.62, 1.08, 1.05, 1.03, 1.02, 1.0, 0.7];
/** Months (January first) when some scenarios come in season: plum rains, typhoons, summer. */
const SEASONAL: Record<string, number[]> = {
  waterlogging: [0.2, 0.2, 0.4, 0.6, 0.9, 2.6, 3.2, 2.6, 2.0, 0.6, 0.3, 0.2],
  'tree-fallen': [0.3, 0.3, 0.4, 0.6, 0.8, 1.2, 2.5, 3.0, 2.5, 0.8, 0.4, 0.3],
  'outdoor-bbq': [0.2, 0.2, 0.4, 0.8, 1.4, 2.0, 2.4, 2.4, 1.4, 0.8, 0.3, 0.2],
  'noise-nuisance': [0.8, 0.6, 0.9, 1.0, 1.1, 1.2, 1.4, 1.4, 1.1, 1.0, 0.9, 0.8],
  'pest-vector-breeding': [0.2, 0.2, 0.4, 0.8, 1.3, 1.8, 2.2, 2.2, 1.5, 0.8, 0.3, 0.2],
  'water-supply-outage': [2.0, 1.6, 1.0, 0.8, 0.8, 0.9, 1.0, 1.0, 0.8, 0.8, 1.0, 1.6],
};
/** The busy scenarios of a normal week (as the demo city's mix); the rest by urgency. */
const COMMON: Record<string, number> = {
  'illegal-parking': 14,
  'garbage-overflow': 10,
  'shared-bike-disorder': 9,
  'road-occupation-business': 8,
  'noise-nuisance': 8,
  'corridor-clutter': 6,
  'waste-sorting-violation': 6,
  'illegal-small-ads': 6,
  'street-light-out': 5,
  'road-damaged': 5,
  'exposed-garbage': 5,
  'illegal-street-vendor': 4,
  'non-motor-violation': 4,
  'fire-exit-blocked': 3,
  'group-renting': 3,
  'construction-site-conduct': 3,
  'ebike-unsafe-charging': 3,
  'elevator-breakdown': 2,
  'tree-pruning-needed': 2,
  // the pandemic's scenarios are in the taxonomy, but rare now
  'mask-not-worn': 0.03,
  'home-observation-breach': 0.03,
  'home-observation-missed-checkin': 0.03,
  'home-observation-fever': 0.03,
  'shop-epidemic-check': 0.1,
};
const BY_URGENCY = { urgent: 0.25, high: 0.8, normal: 1.2, low: 0.9 } as const;
/** Scenarios that IoT sensors report (water level, lamp, bin, lift, gas, dust monitors). */
const SENSED = new Set([
  'waterlogging',
  'manhole-cover-missing',
  'street-light-out',
  'garbage-overflow',
  'elevator-breakdown',
  'elevator-entrapment',
  'gas-leak',
  'construction-dust',
  'traffic-signal-fault',
]);

/** Units by domain: the district bureau a rule names, and the street's own team. */
const UNITS: Record<string, [district: string, street: string]> = {
  'public-facilities': ['市政设施养护所', '城建中心'],
  'roads-traffic': ['公安分局交警支队', '派出所'],
  'city-environment': ['绿化和市容管理局', '城管中队'],
  greening: ['绿化管理所', '城建中心'],
  housing: ['房屋管理局', '房管办事处'],
  construction: ['建设管理委员会', '城管中队'],
  advertising: ['城管执法局', '城管中队'],
  'street-order': ['城管执法局', '综合执法队'],
  'public-safety': ['应急管理局', '平安办'],
  'public-health': ['卫生健康委员会', '社区卫生服务中心'],
  'community-affairs': ['民政局', '社区事务受理中心'],
};

// ---- the city: committees, scenarios, rules ----

interface Place {
  code: string;
  name: string;
  path: string;
}
interface Committee extends Place {
  lng: number;
  lat: number;
  street: Place;
  district: Place & { depth: number };
  /** slower or quicker handling in this district: multiplies every human delay */
  pace: number;
}
/** A scenario as the generator uses it: deadlines in ms, a few filled-in forms. */
interface Kind {
  scenario: Scenario;
  accept: number;
  resolve: number;
  attributes: string[];
}
interface City {
  committees: Committee[];
  committeeCum: Float64Array;
  kinds: Kind[];
  /** per month, January first */
  kindCum: Float64Array[];
}

async function loadCity(db: Kysely<DB>, seed: number): Promise<City> {
  const rows = await db
    .selectFrom('areas')
    .select(['code', 'name', 'path', 'level', 'depth', 'centre_lng', 'centre_lat'])
    .where('level', 'in', ['district', 'street', 'committee'])
    .orderBy('code')
    .execute();
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const place = (code: string) => {
    const r = byCode.get(code)!;
    return { code: r.code, name: r.name, path: r.path, depth: r.depth };
  };
  const committees = rows
    .filter((r) => r.level === 'committee' && r.path.split('/').length === 4)
    .map((r) => {
      const [, d, s] = r.path.split('/') as [string, string, string, string];
      return {
        code: r.code,
        name: r.name,
        path: r.path,
        lng: r.centre_lng,
        lat: r.centre_lat,
        street: place(s),
        district: place(d),
        pace: logUniform(keyed(seed, `pace ${d}`), 0.45),
      };
    });
  if (committees.length === 0) throw new Error('no committees: is the database migrated?');
  // some districts, streets and committees are much busier than others
  const weight = (c: Committee) =>
    logUniform(keyed(seed, c.district.code), 1.0) *
    logUniform(keyed(seed, c.street.code), 0.9) *
    logUniform(keyed(seed, c.code), 0.7);
  const kinds = getTaxonomy().scenarios.map((s) => ({
    scenario: s,
    accept: s.acceptMinutes * MINUTE,
    resolve: s.resolveMinutes * MINUTE,
    attributes: [0, 1, 2].map((v) => JSON.stringify(sampleAttributes(s, v))),
  }));
  const base = kinds.map(
    ({ scenario: s }) =>
      (COMMON[s.code] ?? BY_URGENCY[s.urgency]) * logUniform(keyed(seed, s.code), 0.5),
  );
  const kindCum = Array.from({ length: 12 }, (_, m) =>
    cumulative(kinds.map(({ scenario: s }, i) => base[i]! * (SEASONAL[s.code]?.[m] ?? 1))),
  );
  return { committees, committeeCum: cumulative(committees.map(weight)), kinds, kindCum };
}

/** The scenario's required form fields, filled (variant v of a few). */
function sampleAttributes(s: Scenario, v: number): Record<string, string | number | string[]> {
  const out: Record<string, string | number | string[]> = {};
  for (const f of s.fields.filter((x) => x.required)) out[f.code] = sampleField(f, v);
  return out;
}

function sampleField(f: ScenarioField, v: number): string | number | string[] {
  const values = f.values ?? [];
  switch (f.type) {
    case 'singlevaluelist':
      return values[v % values.length]!.key;
    case 'multivaluelist':
      return [values[v % values.length]!.key];
    case 'number':
      return Math.min(f.max ?? 100, Math.max(f.min ?? 1, 10 + v * 15));
    case 'datetime':
      return '2026-01-01T08:00:00.000Z';
    case 'string':
    case 'text':
      return f.code === 'unit' ? `${v + 3}号楼${v + 1}01室` : `${v + 1}号楼`;
  }
}

interface Rule {
  id: string;
  unitName: string;
  via: string;
}

/**
 * District rules for part of the scenarios, so that, as in the app, a case is dispatched
 * when it is reported exactly when a rule covers it, and waits in its street's queue
 * otherwise. Made once per database; existing ones are read back.
 */
async function ensureDispatchRules(
  db: Kysely<DB>,
  city: City,
  seed: number,
): Promise<Map<string, Rule>> {
  const districts = [...new Map(city.committees.map((c) => [c.district.code, c.district]))];
  const rows = districts.flatMap(([code, d]) =>
    city.kinds
      .filter(({ scenario: s }) => keyed(seed, `rule ${code} ${s.code}`).next() < 0.6)
      .map(({ scenario: s }) => ({
        id: uuidV7(Date.now(), keyed(seed, `rule id ${code} ${s.code}`)),
        scenario_code: s.code,
        area_code: code,
        area_path: d.path,
        area_depth: d.depth,
        unit_name: `${d.name}${UNITS[s.domain]?.[0] ?? '城运中心'}`,
      })),
  );
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('dispatch_rules')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  const rules = await db
    .selectFrom('dispatch_rules')
    .select(['id', 'scenario_code', 'area_code', 'unit_name'])
    .where('assignee_id', 'is', null)
    .where(
      'area_code',
      'in',
      districts.map(([code]) => code),
    )
    .execute();
  return new Map(
    rules
      .filter((r) => r.scenario_code !== null)
      .map((r) => [
        `${r.area_code} ${r.scenario_code}`,
        { id: r.id, unitName: r.unit_name, via: 'rule' },
      ]),
  );
}

/** The Open311 client that open311-sourced cases name (a key nobody holds). */
async function ensureOpen311Client(db: Kysely<DB>, seed: number): Promise<string> {
  const name = '负载生成器 / load generator';
  const found = await db
    .selectFrom('open311_clients')
    .select('id')
    .where('name', '=', name)
    .executeTakeFirst();
  if (found) return found.id;
  const r = keyed(seed, 'open311');
  const id = uuidV7(Date.now(), r);
  const hash = Array.from({ length: 8 }, () => hex(r.u32(), 8)).join('');
  await db
    .insertInto('open311_clients')
    .values({ id, name, api_key_hash: hash, disabled: true })
    .execute();
  return id;
}

// ---- when: cases per hour over the period ----

/**
 * How many cases each hour of the period gets: local hour × weekday × a slow growth ×
 * a random day factor (weather, events) × a little hourly noise, shared out so the total
 * is exactly `cases`. Hour i starts at `start + i hours`.
 */
function casesPerHour(cases: number, start: number, hours: number, r: Rng): Int32Array {
  const w = new Float64Array(hours);
  let day = -1;
  let dayFactor = 1;
  let total = 0;
  for (let i = 0; i < hours; i++) {
    const local = new Date(start + i * HOUR + SHANGHAI_OFFSET);
    const d = Math.floor((start + i * HOUR + SHANGHAI_OFFSET) / DAY);
    if (d !== day) [day, dayFactor] = [d, Math.exp(0.15 * r.gauss())];
    w[i] =
      HOURLY[local.getUTCHours()]! *
      WEEKLY[local.getUTCDay()]! *
      (1 + (0.2 * i) / hours) *
      dayFactor *
      Math.exp(0.1 * r.gauss());
    total += w[i]!;
  }
  const counts = new Int32Array(hours);
  let cum = 0;
  let given = 0;
  for (let i = 0; i < hours; i++) {
    cum += w[i]!;
    const upTo = Math.round((cases * cum) / total);
    counts[i] = upTo - given;
    given = upTo;
  }
  return counts;
}

// ---- a chunk of rows, column by column ----

/**
 * Each column's type in PostgreSQL. `ms` is a time sent as milliseconds since 1970 and
 * made a timestamptz by the database: cheaper to send and to parse than ISO text.
 */
const CASE_COLUMNS = {
  id: 'uuid',
  scenario_code: 'text',
  status: 'text',
  source: 'text',
  description: 'text',
  attributes: 'jsonb',
  lng: 'float8',
  lat: 'float8',
  area_code: 'text',
  area_path: 'text',
  district_code: 'text',
  queue_area_code: 'text',
  queue_area_path: 'text',
  open311_client_id: 'uuid',
  open311_token: 'text',
  unit_name: 'text',
  dispatch_rule_id: 'uuid',
  accept_due_at: 'ms',
  resolve_due_at: 'ms',
  escalation_level: 'int2',
  rating: 'int2',
  version: 'int4',
  created_at: 'ms',
  updated_at: 'ms',
  closed_at: 'ms',
} as const;
const EVENT_COLUMNS = {
  case_id: 'uuid',
  district_code: 'text',
  at: 'ms',
  actor_name: 'text',
  action: 'text',
  from_status: 'text',
  to_status: 'text',
  note: 'text',
  detail: 'jsonb',
} as const;

type Columns<T> = Record<keyof T, unknown[]>;
const columns = <T extends object>(spec: T) =>
  Object.fromEntries(Object.keys(spec).map((k) => [k, []])) as unknown as Columns<T>;

class Chunk {
  readonly cases = columns(CASE_COLUMNS);
  readonly events = columns(EVENT_COLUMNS);
  get size(): number {
    return this.cases.id.length;
  }
}

/**
 * `insert into table (…) select … from unnest($1::t1[], …) with ordinality`: one statement
 * and one parameter per column however many rows (multi-row VALUES takes a parameter per
 * cell, and PostgreSQL allows 65,535). The column `numbered` gets the chunk's block of
 * values from `sequence`, reserved in the same statement, in the order of the arrays.
 */
function unnestInsert(
  table: 'cases' | 'case_events',
  values: Record<string, unknown[]>,
  spec: Record<string, string>,
  numbered: { column: string; sequence: string; value: (n: string) => string },
) {
  const names = Object.keys(spec);
  const n = values[names[0]!]!.length;
  const arrays = names.map(
    (c) => sql`${values[c]}::${sql.raw(spec[c] === 'ms' ? 'int8' : spec[c]!)}[]`,
  );
  const selected = names.map((c) =>
    spec[c] === 'ms'
      ? sql`timestamptz 'epoch' + ${sql.ref(`u.${c}`)} * interval '1 millisecond'`
      : sql.ref(`u.${c}`),
  );
  const seq = sql.lit(numbered.sequence);
  return sql`
    with r as (select setval(${seq}, nextval(${seq}) + ${n}::int - 1) - ${n}::int as base)
    insert into ${sql.table(table)} (${sql.join([numbered.column, ...names].map((c) => sql.ref(c)))})
    select ${sql.raw(numbered.value('(r.base + u.ord)'))}, ${sql.join(selected)}
    from r, unnest(${sql.join(arrays)})
      with ordinality as u(${sql.join([...names, 'ord'].map((c) => sql.ref(c)))})`;
}

async function insertChunk(db: Kysely<DB>, chunk: Chunk): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // a crash loses the last chunks, never their consistency: no need to wait for the disk
    await sql`set local synchronous_commit = off`.execute(trx);
    await unnestInsert('cases', chunk.cases, CASE_COLUMNS, {
      column: 'number',
      sequence: 'case_number_seq',
      value: (n) => `'G' || lpad(${n}::text, 9, '0')`,
    }).execute(trx);
    await unnestInsert('case_events', chunk.events, EVENT_COLUMNS, {
      column: 'id',
      sequence: 'case_events_id_seq',
      value: (n) => n,
    }).execute(trx);
  });
}

// ---- one case's life ----

/**
 * The app escalates an untouched case every acceptMinutes for as long as nobody acts, and
 * keeps doing so at city level; a case here stops escalating after this many.
 */
const MAX_ESCALATIONS = 3;

/** Who reports, how often, and the name on the report (a role: no personal data). */
const SOURCES: [CaseSource, string, number][] = [
  ['inspector', '城管巡查员', 45],
  ['hotline', '12345市民服务热线', 30],
  ['resident', '居民（随申办）', 13],
  ['staff', '居委会工作人员', 8],
  ['open311', 'Open311 客户端', 4],
];
const SOURCE_CUM = cumulative(SOURCES.map(([, , w]) => w));
const SENSOR: [CaseSource, string, number] = ['sensor', '物联感知设备', 0];
const SAYS: Partial<Record<CaseSource, string>> = {
  hotline: '市民来电反映：',
  resident: '居民反映：',
  inspector: '巡查发现：',
  sensor: '感知设备告警：',
};
const RATINGS = cumulative([5, 4, 9, 22, 60]); // 1…5 stars

// the deadlines and the automatic dispatch act as nobody: the web app names them
const SYSTEM = null;
const AUTO = null;
const NOTE = {
  queue: null,
  dispatch: '请尽快处置',
  return: '不属于本单位职责，请改派',
  reject: '非本街道职责，已告知反映人',
  progress: '已到场处置',
  resolve: '已处置完毕',
  close: '现场已核实',
  reopen: '复核未处置到位，重新办理',
};

/**
 * How long people take: log-normal [median, spread], the median a fraction of the
 * scenario's own acceptMinutes (dispatch, accept, respond) or resolveMinutes (work), or a
 * time, before the district's pace. Tuned so that about nine cases in ten are resolved on
 * time and about one in ten escalates.
 */
const TAKES = {
  /** the street centre dispatches a case from its queue, or after a return or reopening */
  dispatch: [0.25, 0.8],
  accept: [0.2, 0.8],
  /** after an escalation, the level above (or the unit) acts */
  respond: [0.25, 0.8],
  work: [0.25, 0.8],
  /** the hard few: weeks for a slow scenario; they make most of the open stock */
  hardWork: [2.5, 1.0],
  /** the reporter or the centre checks the work */
  check: [4 * HOUR, 1],
  rate: [5 * HOUR, 1],
} as const;
const CHANCE = {
  reject: 0.04,
  return: 0.03,
  hard: 0.03,
  progress: 0.5,
  reopen: 0.04,
  unchecked: 0.003,
  /** of the residents, callers and Open311 users, who rate the work */
  rate: 0.35,
};

type Step =
  | 'dispatch'
  | 'accept'
  | 'progress'
  | 'resolve'
  | 'return'
  | 'reject'
  | 'close'
  | 'reopen'
  | 'rate';

/** A case from its report until "now": its state, and the timeline steps written so far. */
class Life {
  status: CaseStatus = 'reported';
  /** codes of the path down to the queue's area: the street, or higher once escalated */
  queueDepth = 3;
  escalations = 0;
  unit: string | null = null;
  ruleId: string | null = null;
  acceptDue = 0;
  resolveDue = 0;
  warnAt = 0;
  pending = { accept: false, warn: false, resolve: false };
  version = 0;
  updatedAt: number;
  closedAt: number | null = null;
  rating: number | null = null;
  /** when the case was last acted on */
  t: number;
  /** when the assignee will have the work done (planned at accept) */
  doneAt = 0;
  returned = false;
  reopened = false;
  progressed = false;
  wasWorking = false;
  willRate = false;
  /** resolved, and nobody will come to check */
  unchecked = false;
  next: { at: number; step: Step } | null = null;

  private readonly chunk: Chunk;
  private readonly r: Rng;
  private readonly now: number;

  constructor(
    readonly c: {
      id: string;
      at: number;
      kind: Kind;
      committee: Committee;
      source: CaseSource;
      reporter: string;
    },
    private readonly ctx: Context,
  ) {
    this.chunk = ctx.chunk;
    this.r = ctx.r;
    this.now = ctx.now;
    this.t = c.at;
    this.updatedAt = c.at;
  }

  event(
    at: number,
    actor: string | null,
    action: string,
    from: string | null,
    to: string | null,
    note: string | null,
    detail: string,
  ): void {
    const e = this.chunk.events;
    e.case_id.push(this.c.id);
    e.district_code.push(districtOf(this.c.committee.path));
    e.at.push(at);
    e.actor_name.push(actor);
    e.action.push(action);
    e.from_status.push(from);
    e.to_status.push(to);
    e.note.push(note);
    e.detail.push(detail);
  }

  /** A step by a person: moves the status, and bumps the version as the app's update does. */
  move(
    at: number,
    actor: string | null,
    action: string,
    to: CaseStatus,
    note: string | null,
    detail = '{}',
  ) {
    this.event(at, actor, action, this.status, to, note, detail);
    this.status = to;
    this.t = at;
    this.version++;
    this.updatedAt = at;
  }

  /** Fresh deadlines, as the app's assignCase sets them on dispatch, queue and reopen. */
  assign(at: number): void {
    this.acceptDue = at + this.c.kind.accept;
    this.resolveDue = at + this.c.kind.resolve;
    this.warnAt = this.resolveDue - Math.round(Math.max(MINUTE, 0.2 * this.c.kind.resolve));
    this.pending = { accept: true, warn: true, resolve: true };
  }

  /** A delay of a person at this district's pace: log-normal around `median`. */
  delay(median: number, sigma = 0.9): number {
    // whole milliseconds, as the app's clocks give
    return Math.round(
      Math.max(MINUTE / 2, this.r.logNormal(median * this.c.committee.pace, sigma)),
    );
  }

  operator(): string {
    const { committee } = this.c;
    if (this.queueDepth >= 3) return `${committee.street.name}城运中心`;
    return this.queueDepth === 2 ? `${committee.district.name}城运中心` : '市城运中心';
  }

  run(): void {
    const { kind, committee, source, reporter, at } = this.c;
    this.event(
      at,
      reporter,
      'report',
      null,
      'reported',
      this.description(),
      `{"source":"${source}","areaCode":"${committee.code}"}`,
    );
    const rule = this.ctx.rules.get(`${committee.district.code} ${kind.scenario.code}`);
    if (rule) {
      this.event(
        at,
        AUTO,
        'dispatch',
        'reported',
        'dispatched',
        null,
        dispatchDetail(rule.unitName, rule.via),
      );
      this.status = 'dispatched';
      this.unit = rule.unitName;
      this.ruleId = rule.id;
    } else {
      this.event(
        at,
        AUTO,
        'queue',
        null,
        null,
        NOTE.queue,
        `{"queueAreaCode":"${committee.street.code}"}`,
      );
    }
    this.assign(at);
    this.willRate =
      (source === 'resident' || source === 'hotline' || source === 'open311') &&
      this.r.next() < CHANCE.rate;
    this.next = this.plan();
    while (this.next) {
      const until = Math.min(this.next.at, this.now);
      if (this.fireDeadline(until)) continue;
      if (this.next.at > this.now) break;
      this.take(this.next.step, this.next.at);
      this.next = this.plan();
    }
    // whatever fell due before now while the case waits
    while (this.fireDeadline(this.now + 1));
  }

  description(): string {
    const { committee, kind, source, id, at } = this.c;
    // words for the scenario and the street's roads (case-texts.ts), from a stream of the
    // case's own: the lives the generator draws stay those of the same seed
    const text = caseText(
      kind.scenario.code,
      kind.scenario.name,
      { streetCode: committee.street.code, compoundName: null, committeeName: committee.name },
      prng(keyedSeed(at, id)),
    );
    return `${SAYS[source] ?? ''}${text.description}`;
  }

  /** The next step a person means to take, and when; null when the case's life is over. */
  plan(): { at: number; step: Step } | null {
    const { accept, resolve } = this.c.kind;
    const r = this.r;
    const after = ([median, sigma]: readonly [number, number], scale: number, step: Step) => ({
      at: this.t + this.delay(median * scale, sigma),
      step,
    });
    switch (this.status) {
      case 'reported':
        return r.next() < CHANCE.reject
          ? after(TAKES.dispatch, accept, 'reject')
          : after(TAKES.dispatch, accept, 'dispatch');
      case 'dispatched':
        if (!this.returned && r.next() < CHANCE.return)
          return after(TAKES.accept, accept, 'return');
        return after(TAKES.accept, accept, 'accept');
      case 'returned':
      case 'reopened':
        return after(TAKES.dispatch, accept, 'dispatch');
      case 'accepted':
        if (this.doneAt <= this.t) {
          const [median, sigma] = r.next() < CHANCE.hard ? TAKES.hardWork : TAKES.work;
          this.doneAt = this.t + this.delay(median * resolve, sigma);
        }
        if (!this.progressed && r.next() < CHANCE.progress) {
          const part = 0.1 + 0.4 * r.next();
          return { at: this.t + Math.round((this.doneAt - this.t) * part), step: 'progress' };
        }
        return { at: this.doneAt, step: 'resolve' };
      case 'in_progress':
        return { at: this.doneAt, step: 'resolve' };
      case 'escalated': {
        // the unit at work confirms it is on it; a case nobody took is dispatched from above
        const respond = after(TAKES.respond, accept, 'accept');
        if (this.wasWorking)
          return this.doneAt < respond.at ? { at: this.doneAt, step: 'resolve' } : respond;
        return this.unit && r.next() < 0.5 ? respond : { ...respond, step: 'dispatch' };
      }
      case 'resolved':
        if (!this.unchecked) {
          if (!this.reopened && r.next() < CHANCE.reopen) return after(TAKES.check, 1, 'reopen');
          if (r.next() >= CHANCE.unchecked) return after(TAKES.check, 1, 'close');
          this.unchecked = true;
        }
        // now and then nobody comes to check: it stays resolved for good (and may still be
        // rated; a rating is no check, so neither closes nor reopens it later)
        return this.willRate && this.rating === null ? after(TAKES.rate, 1, 'rate') : null;
      case 'closed':
        return this.willRate && this.rating === null ? after(TAKES.rate, 1, 'rate') : null;
      case 'rejected':
      case 'merged':
        return null;
    }
  }

  take(step: Step, at: number): void {
    const { kind, committee, reporter, source } = this.c;
    const unit = this.unit ?? '';
    switch (step) {
      case 'dispatch': {
        const names = UNITS[kind.scenario.domain] ?? ['城运中心', '城运中心'];
        const name =
          this.queueDepth >= 3
            ? `${committee.street.name}${names[1]}`
            : `${committee.district.name}${names[0]}`;
        this.move(
          at,
          this.operator(),
          'dispatch',
          'dispatched',
          NOTE.dispatch,
          dispatchDetail(name, 'manual'),
        );
        this.unit = name;
        this.ruleId = null;
        this.wasWorking = false;
        this.assign(at);
        return;
      }
      case 'accept':
        this.move(at, unit, 'accept', 'accepted', null);
        this.wasWorking = true;
        return;
      case 'progress':
        this.progressed = true;
        this.move(at, unit, 'progress', 'in_progress', NOTE.progress);
        return;
      case 'resolve':
        this.move(
          at,
          unit,
          'resolve',
          'resolved',
          NOTE.resolve,
          `{"onTime":${at <= this.resolveDue}}`,
        );
        return;
      case 'return':
        this.returned = true;
        this.move(at, unit, 'return', 'returned', NOTE.return);
        return;
      case 'reject':
        this.move(at, this.operator(), 'reject', 'rejected', NOTE.reject);
        this.closedAt = at;
        return;
      case 'close':
        this.move(
          at,
          source === 'inspector' ? reporter : this.operator(),
          'close',
          'closed',
          NOTE.close,
        );
        this.closedAt = at;
        return;
      case 'reopen':
        // nobody holds it (no assignee): the reopened case goes back to the queue
        this.reopened = true;
        this.progressed = false;
        this.wasWorking = false;
        this.doneAt = 0;
        this.move(at, this.operator(), 'reopen', 'reopened', NOTE.reopen);
        this.unit = null;
        this.ruleId = null;
        this.assign(at);
        return;
      case 'rate': {
        this.rating = pickCumulative(RATINGS, this.r.next()) + 1;
        this.event(at, reporter, 'rate', this.status, null, null, `{"rating":${this.rating}}`);
        this.version++;
        this.updatedAt = at;
        return;
      }
    }
  }

  /**
   * Run the deadline job that falls due first before `until`, as the app's runDeadline
   * would: warn, or escalate one level up the area tree. False when none does.
   */
  fireDeadline(until: number): boolean {
    const open = OPEN_STATUSES.includes(this.status);
    const due: [number, 'accept' | 'warn' | 'resolve'][] = [];
    if (this.pending.accept && this.acceptDue < until) due.push([this.acceptDue, 'accept']);
    if (this.pending.warn && this.warnAt < until) due.push([this.warnAt, 'warn']);
    if (this.pending.resolve && this.resolveDue < until) due.push([this.resolveDue, 'resolve']);
    if (due.length === 0) return false;
    const [at, kind] = due.reduce((a, b) => (b[0] < a[0] ? b : a));
    this.pending[kind] = false;
    if (kind === 'warn') {
      if (open)
        this.event(
          at,
          SYSTEM,
          'warn',
          null,
          null,
          null,
          `{"resolveDueAt":"${iso(this.resolveDue)}"}`,
        );
      return true;
    }
    const owed = kind === 'accept' ? AWAITING_PICKUP_STATUSES.includes(this.status) : open;
    if (!owed || this.escalations >= MAX_ESCALATIONS) return true;
    this.escalate(at, kind, kind === 'accept' ? this.acceptDue : this.resolveDue);
    return true;
  }

  escalate(at: number, missed: 'accept' | 'resolve', due: number): void {
    if (this.status === 'accepted' || this.status === 'in_progress') this.wasWorking = true;
    this.queueDepth = Math.max(1, this.queueDepth - 1);
    const to = this.c.committee.path.split('/')[this.queueDepth - 1]!;
    this.move(
      at,
      SYSTEM,
      'escalate',
      'escalated',
      null,
      `{"missed":"${missed}","due":"${iso(due)}","toAreaCode":"${to}"}`,
    );
    this.escalations++;
    this.acceptDue = at + this.c.kind.accept;
    this.pending.accept = true;
    this.next = this.plan();
  }

  /** The case row as the life left it (its number is given when it is inserted). */
  row(): void {
    const numberless = this.chunk.cases;
    const { id, at, kind, committee, source } = this.c;
    const open311 = source === 'open311';
    const queue = committee.path.split('/').slice(0, this.queueDepth);
    numberless.id.push(id);
    numberless.scenario_code.push(kind.scenario.code);
    numberless.status.push(this.status);
    numberless.source.push(source);
    numberless.description.push(this.description());
    numberless.attributes.push(kind.attributes[this.r.u32() % kind.attributes.length]!);
    numberless.lng.push(committee.lng + 0.0012 * this.r.gauss());
    numberless.lat.push(committee.lat + 0.001 * this.r.gauss());
    numberless.area_code.push(committee.code);
    numberless.area_path.push(committee.path);
    numberless.district_code.push(districtOf(committee.path));
    numberless.queue_area_code.push(queue[queue.length - 1]!);
    numberless.queue_area_path.push(queue.join('/'));
    numberless.open311_client_id.push(open311 ? this.ctx.open311 : null);
    numberless.open311_token.push(open311 ? hex(this.r.u32(), 8) + hex(this.r.u32(), 8) : null);
    numberless.unit_name.push(this.unit);
    numberless.dispatch_rule_id.push(this.ruleId);
    numberless.accept_due_at.push(this.acceptDue);
    numberless.resolve_due_at.push(this.resolveDue);
    numberless.escalation_level.push(this.escalations);
    numberless.rating.push(this.rating);
    numberless.version.push(this.version);
    numberless.created_at.push(at);
    numberless.updated_at.push(this.updatedAt);
    numberless.closed_at.push(this.closedAt);
  }
}

const iso = (ms: number) => new Date(ms).toISOString();
const dispatchDetail = (unitName: string, via: string) =>
  `{"unitName":${JSON.stringify(unitName)},"assigneeId":null,"via":${JSON.stringify(via)}}`;

// ---- the generator ----

export interface GenerateOptions {
  cases: number;
  /** the period, ending now */
  days: number;
  seed: number;
  /** cases per INSERT; default 25,000 */
  chunk?: number;
  /** chunks written at once, on as many connections; default 1 (PGlite has one) */
  parallel?: number;
  now?: number;
  /**
   * Make district dispatch rules for part of the scenarios (and dispatch by them); default
   * true. False leaves the rules as they are (the app dispatches later cases by them): every
   * generated case then waits in its street's queue first.
   */
  dispatchRules?: boolean;
  /** The Open311 client that open311-sourced cases name; default a disabled one of its own. */
  open311ClientId?: string;
  onProgress?: (done: { cases: number; events: number }) => void;
}

export interface GenerateResult {
  cases: number;
  events: number;
}

/**
 * Load `cases` cases with their timelines into a migrated database holding the Shanghai
 * areas. Cases are made in time order, a chunk at a time; the next chunk is generated
 * while the database writes the last one. The rollups are not touched: call
 * rebuildRollups afterwards.
 */
export async function generateCases(
  db: Kysely<DB>,
  opts: GenerateOptions,
): Promise<GenerateResult> {
  const chunkSize = opts.chunk ?? 25_000;
  const now = opts.now ?? Date.now();
  const r = new Rng(opts.seed);
  const city = await loadCity(db, opts.seed);
  const rules =
    (opts.dispatchRules ?? true)
      ? await ensureDispatchRules(db, city, opts.seed)
      : new Map<string, Rule>();
  const open311 = opts.open311ClientId ?? (await ensureOpen311Client(db, opts.seed));
  const hours = Math.round(opts.days * 24);
  // whole UTC hours, the last one ending at or before now: local days are whole hours too
  const start = Math.floor(now / HOUR) * HOUR - hours * HOUR;
  const perHour = casesPerHour(opts.cases, start, hours, r);

  const done = { cases: 0, events: 0 };
  const writers = new Writers(opts.parallel ?? 1);
  let chunk = new Chunk();
  const flush = async () => {
    const full = chunk;
    chunk = new Chunk();
    await writers.add(async () => {
      await insertChunk(db, full);
      done.cases += full.size;
      done.events += full.events.action.length;
      opts.onProgress?.({ ...done });
    });
  };
  for (let h = 0; h < hours; h++) {
    const times = Array.from({ length: perHour[h]! }, () => start + h * HOUR + r.next() * HOUR);
    for (const at of times.sort((a, b) => a - b)) {
      makeCase(Math.floor(at), { city, rules, open311, chunk, r, now });
      if (chunk.size % 1000 === 0) await new Promise((resolve) => setImmediate(resolve));
      if (chunk.size >= chunkSize) await flush();
    }
  }
  if (chunk.size > 0) await flush();
  await writers.drain();
  return done;
}

/** At most `parallel` writes at once; a failed one fails the load when it is waited for. */
class Writers {
  private readonly inFlight: Promise<void>[] = [];
  constructor(private readonly parallel: number) {}
  async add(write: () => Promise<void>): Promise<void> {
    while (this.inFlight.length >= this.parallel) await this.inFlight.shift();
    const p = write();
    p.catch(() => {}); // waited for later: not an unhandled rejection in the meantime
    this.inFlight.push(p);
  }
  async drain(): Promise<void> {
    for (const p of this.inFlight.splice(0)) await p;
  }
}

interface Context {
  city: City;
  rules: Map<string, Rule>;
  open311: string;
  chunk: Chunk;
  r: Rng;
  now: number;
}

/** One case reported at `at`: where, what, by whom; then its life until now. */
function makeCase(at: number, ctx: Context): void {
  const { city, r } = ctx;
  const committee = city.committees[pickCumulative(city.committeeCum, r.next())]!;
  const month = new Date(at + SHANGHAI_OFFSET).getUTCMonth();
  const kind = city.kinds[pickCumulative(city.kindCum[month]!, r.next())]!;
  const [source, reporter] =
    SENSED.has(kind.scenario.code) && r.next() < 0.25
      ? SENSOR
      : SOURCES[pickCumulative(SOURCE_CUM, r.next())]!;
  const life = new Life({ id: uuidV7(at, r), at, kind, committee, source, reporter }, ctx);
  life.run();
  life.row();
}
