/**
 * The synthetic city for the community registry (社区一屏): compounds, buildings, rooms,
 * households, residents and organisations for Shanghai's committees, shaped like the city of
 * the 7th census (2020): its age structure and sex ratio, 本市户籍 / 来沪 / 境外 shares,
 * household sizes, and where foreigners live. For the demo street and for load tests up to
 * the whole city (scale 1 = 25 million residents).
 *
 * Every row goes through residentRow / roomRow / organisationRow (encrypted, hashed, masked
 * as the forms and the import store them). ID numbers come from fakeResidentId only (county
 * codes 90-99), and every synthetic document number is unique in the database: an in-memory
 * book of taken numbers, started from the residents already stored.
 *
 * Committees are generated one at a time from a random stream keyed by (seed, committee),
 * collected into batches of at most 200 committees (or ≈40,000 residents), and written with
 * copyInto (COPY on PostgreSQL, batched INSERTs on PGlite) in foreign-key order, then their
 * statistics rows; one batch is written while the next is planned.
 * A committee that already has residents, buildings, households or organisations is left
 * alone, so running twice adds nothing. The same seed makes the same people (the same day:
 * ages count back from today); ciphertexts and row ids (crypto.randomUUID) differ.
 *
 * The writes are not one transaction: an interrupted run leaves its last batch partly
 * written, and a rerun skips those committees (it only gives them their statistics row).
 */
import crypto from 'node:crypto';
import type {
  DocumentType,
  Occupancy,
  OrganisationKind,
  Ownership,
  Registration,
  Relation,
  RoomUse,
  Sex,
} from '@cc/contracts';
import { sql, type Insertable, type Kysely } from 'kysely';
import {
  columnNames,
  columnValues,
  FAKE_SEQUENCE_PAIRS,
  fakeResidentId,
  fakeUscc,
  OWNER_COLUMNS,
  ownerRow,
  ORGANISATION_COLUMNS,
  organisationRow,
  refreshCommitteeStats,
  RESIDENT_COLUMNS,
  residentRow,
  ROOM_COLUMNS,
  roomRow,
  type StoredColumns,
  type OrganisationPlain,
  type OwnerPlain,
  type ResidentPlain,
  type RoomPlain,
} from '../modules/registry/index.js';
import { districtOf } from '../platform/district.js';
import type { DataCipher } from '../platform/crypto.js';
import type { CopyValue } from '../platform/db/copy-text.js';
import { copyInto } from '../platform/db/copy.js';
import type { DB } from '../platform/db/schema.js';
import type { AreasTable } from '../modules/areas/index.js';
import { keyedSeed, prng } from './prng.js';

export interface RegistryGenOptions {
  /** 1 = Shanghai's 25 million residents (≈3,850 per committee over 6,509 committees) */
  scale: number;
  /** limit to committees below these area codes (e.g. one street for the demo); default the whole city */
  within?: string[];
  seed?: number;
  /**
   * Buildings per compound drawn from this range whatever its residents (the demo street at
   * scale 0.1: a sample of the people in compounds of many buildings, 2–12); by default one
   * building per ≈85 residents
   */
  buildingsPerCompound?: { min: number; max: number };
  onProgress?: (p: { committeesDone: number; committees: number; residents: number }) => void;
}

export interface RegistryGenResult {
  committees: number;
  compounds: number;
  buildings: number;
  rooms: number;
  households: number;
  residents: number;
  organisations: number;
  /** owners on record (one row per owner of a room) */
  owners: number;
  seconds: number;
}

/** Residents per committee at scale 1: 25 million over Shanghai's 6,509 committees. */
export const RESIDENTS_PER_COMMITTEE = 25_000_000 / 6_509;
/** Committees per write batch (and per statistics refresh). */
const BATCH_COMMITTEES = 200;
/** …or fewer, so that one batch's plain rows stay a few tens of megabytes. */
const BATCH_RESIDENTS = 40_000;

export async function generateRegistry(
  db: Kysely<DB>,
  cipher: DataCipher,
  opts: RegistryGenOptions,
): Promise<RegistryGenResult> {
  const started = performance.now();
  if (!(opts.scale > 0) || !Number.isFinite(opts.scale)) {
    throw new RangeError('scale must be a positive number');
  }
  const seed = opts.seed ?? 1;
  const city = cityModel(await loadCommittees(db), seed);
  const within = opts.within;
  const wanted = within
    ? city.committees.filter((c) => within.some((w) => c.path.split('/').includes(w)))
    : city.committees;
  const filled = await filledCommittees(
    db,
    wanted.map((c) => c.code),
  );

  const todo = wanted.filter((c) => !filled.has(c.code));
  const result: RegistryGenResult = {
    committees: 0,
    compounds: 0,
    buildings: 0,
    rooms: 0,
    households: 0,
    residents: 0,
    organisations: 0,
    owners: 0,
    seconds: 0,
  };
  // committees an interrupted run filled but did not count yet
  await refreshMissingStats(
    db,
    wanted.filter((c) => filled.has(c.code)).map((c) => c.code),
  );
  if (todo.length > 0) {
    const book = await loadIdBook(db, cipher);
    const compounds = await loadCompounds(db, city);
    const today = shanghaiDay(new Date());
    const write = async (plans: Plan[]) => {
      await writeBatch(db, cipher, plans);
      await refreshCommitteeStats(
        db,
        plans.map((p) => p.committee.code),
      );
      for (const p of plans) {
        result.committees++;
        result.compounds += p.compounds;
        result.buildings += p.buildings.length;
        result.rooms += p.rooms.length;
        result.households += p.households.length;
        result.residents += p.residents.length;
        result.organisations += p.organisations.length;
        result.owners += p.owners.length;
      }
      opts.onProgress?.({
        committeesDone: result.committees,
        committees: todo.length,
        residents: result.residents,
      });
    };
    // one batch is written while the next is planned: at most two in memory
    let writing: Promise<void> = Promise.resolve();
    let failure: { error: unknown } | null = null;
    const handOver = async (plans: Plan[]) => {
      await writing;
      if (failure) throw failure.error;
      writing = write(plans).catch((error: unknown) => {
        failure = { error };
      });
    };
    let batch: Plan[] = [];
    let batchResidents = 0;
    for (const c of todo) {
      const plan = planCommittee(c, compounds.get(c.code) ?? [], book, {
        seed,
        scale: opts.scale,
        today,
        buildingsPerCompound: opts.buildingsPerCompound,
      });
      batch.push(plan);
      batchResidents += plan.residents.length;
      if (batch.length >= BATCH_COMMITTEES || batchResidents >= BATCH_RESIDENTS) {
        await handOver(batch);
        [batch, batchResidents] = [[], 0];
      }
      // let the batch being written stream on between committees
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (batch.length) await handOver(batch);
    await writing;
    if (failure) throw (failure as { error: unknown }).error;
  }
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

// ---- the database side ----

interface CommitteeRow {
  code: string;
  name: string;
  path: string;
  depth: number;
  centre_lng: number;
  centre_lat: number;
}

async function loadCommittees(db: Kysely<DB>): Promise<CommitteeRow[]> {
  const rows = await db
    .selectFrom('areas')
    .select(['code', 'name', 'path', 'depth', 'centre_lng', 'centre_lat'])
    .where('level', '=', 'committee')
    .orderBy('code')
    .execute();
  if (rows.length === 0) throw new Error('no committees: is the area tree loaded?');
  return rows;
}

/** Those of `codes` with any registry rows: the generator leaves them alone. */
async function filledCommittees(db: Kysely<DB>, codes: string[]): Promise<Set<string>> {
  const { rows } = await sql<{ code: string }>`
    select a.code from unnest(${sql.val(codes)}::text[]) as a (code)
    where exists (select 1 from residents r where r.committee_code = a.code)
      or exists (select 1 from buildings b where b.committee_code = a.code)
      or exists (select 1 from households h where h.committee_code = a.code)
      or exists (select 1 from organisations o where o.committee_code = a.code)`.execute(db);
  return new Set(rows.map((r) => r.code));
}

async function refreshMissingStats(db: Kysely<DB>, codes: string[]): Promise<void> {
  if (codes.length === 0) return;
  const { rows } = await sql<{ code: string }>`
    select c.code from unnest(${sql.val(codes)}::text[]) as c (code)
    where not exists (select 1 from registry_committee_stats s where s.committee_code = c.code)`.execute(
    db,
  );
  for (let i = 0; i < rows.length; i += BATCH_COMMITTEES) {
    await refreshCommitteeStats(
      db,
      rows.slice(i, i + BATCH_COMMITTEES).map((r) => r.code),
    );
  }
}

/** The compounds already in the tree (e.g. the demo city's, under grids), by committee. */
async function loadCompounds(db: Kysely<DB>, city: CityModel): Promise<Map<string, Compound[]>> {
  const rows = await db
    .selectFrom('areas')
    .select(['code', 'name', 'path', 'centre_lng', 'centre_lat'])
    .where('level', '=', 'compound')
    .orderBy('code')
    .execute();
  const out = new Map<string, Compound[]>();
  for (const r of rows) {
    const committee = r.path.split('/').find((code) => city.byCode.has(code));
    if (!committee) continue;
    const list = out.get(committee) ?? [];
    list.push({ code: r.code, name: r.name, path: r.path, lng: r.centre_lng, lat: r.centre_lat });
    out.set(committee, list);
  }
  return out;
}

/**
 * Every document number already stored, so that no synthetic one repeats it (the unique
 * index on document_hmac). The county code that makes an ID synthetic is masked, so every
 * stored ID number is decrypted (about 2 s a million).
 */
async function loadIdBook(db: Kysely<DB>, cipher: DataCipher): Promise<IdBook> {
  const book = new IdBook();
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await db
      .selectFrom('residents')
      .select(['id', 'document_type', 'document_enc'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(10_000)
      .execute();
    for (const r of rows) book.markTaken(r.document_type, cipher.decrypt(r.document_enc));
    if (rows.length < 10_000) return book;
    after = rows[rows.length - 1]!.id;
  }
}

const BUILDING_COLUMNS = [
  'id',
  'committee_code',
  'compound_code',
  'area_path',
  'name',
  'floors',
  'lng',
  'lat',
];
const HOUSEHOLD_COLUMNS = ['id', 'district_code', 'committee_code', 'number', 'room_id'];
const OWNERSHIP_COLUMNS = [
  'room_id',
  'committee_code',
  'area_path',
  'building_id',
  'registered_area',
  'source',
];
/** rooms, residents and organisations: their id (made here), then what records.ts fills (the
 * row's values in an array: V8 copies an object spread of this many properties slowly) */
const withId = (columns: StoredColumns): StoredColumns => [['id', 'uuid'], ...columns];
const ROOMS = withId(ROOM_COLUMNS);
const RESIDENTS = withId(RESIDENT_COLUMNS);
const ORGANISATIONS = withId(ORGANISATION_COLUMNS);

function* rowsOf<T>(plans: Plan[], items: (p: Plan) => T[], toRow: (item: T) => CopyValue[]) {
  for (const p of plans) for (const item of items(p)) yield toRow(item);
}

/**
 * One batch in foreign-key order. The stored rows are made while they stream (encryption is
 * most of the work), so PostgreSQL indexes one chunk while the next is encrypted.
 */
async function writeBatch(db: Kysely<DB>, cipher: DataCipher, plans: Plan[]): Promise<void> {
  const areas = plans.flatMap((p) => p.newCompounds);
  for (let i = 0; i < areas.length; i += 500) {
    await db
      .insertInto('areas')
      .values(areas.slice(i, i + 500))
      .execute();
  }
  await copyInto(
    db,
    'buildings',
    BUILDING_COLUMNS,
    rowsOf(
      plans,
      (p) => p.buildings,
      (b) => [b.id, b.committeeCode, b.compoundCode, b.areaPath, b.name, b.floors, b.lng, b.lat],
    ),
  );
  await copyInto(
    db,
    'rooms',
    columnNames(ROOMS),
    rowsOf(
      plans,
      (p) => p.rooms,
      (r) => [r.id, ...columnValues(roomRow(cipher, r), ROOM_COLUMNS)],
    ),
  );
  await copyInto(
    db,
    'households',
    HOUSEHOLD_COLUMNS,
    rowsOf(
      plans,
      (p) => p.households,
      (h) => [h.id, districtOf(h.areaPath), h.committeeCode, h.number, h.roomId],
    ),
  );
  await copyInto(
    db,
    'organisations',
    columnNames(ORGANISATIONS),
    rowsOf(
      plans,
      (p) => p.organisations,
      (o) => [o.id, ...columnValues(organisationRow(cipher, o), ORGANISATION_COLUMNS)],
    ),
  );
  await copyInto(
    db,
    'residents',
    columnNames(RESIDENTS),
    rowsOf(
      plans,
      (p) => p.residents,
      (r) => [r.id, ...columnValues(residentRow(cipher, r), RESIDENT_COLUMNS)],
    ),
  );
  await copyInto(
    db,
    'room_ownership',
    OWNERSHIP_COLUMNS,
    rowsOf(
      plans,
      (p) => p.ownerships,
      (w) => [w.roomId, w.committeeCode, w.areaPath, w.buildingId, w.registeredArea, 'generated'],
    ),
  );
  await copyInto(
    db,
    'room_owners',
    columnNames(OWNER_COLUMNS),
    rowsOf(
      plans,
      (p) => p.owners,
      (o) => columnValues(ownerRow(cipher, o), OWNER_COLUMNS),
    ),
  );
}

// ---- seeded randomness ----

type Rand = () => number;

/** Pick by weight: a cumulative table and a binary search. */
class Weighted<T> {
  readonly items: T[];
  private readonly cum: Float64Array;
  constructor(entries: readonly (readonly [T, number])[]) {
    this.items = entries.map(([item]) => item);
    this.cum = new Float64Array(entries.length);
    let sum = 0;
    entries.forEach(([, w], i) => (this.cum[i] = sum += w));
  }
  pick(rand: Rand): T {
    const x = rand() * this.cum[this.cum.length - 1]!;
    let lo = 0;
    let hi = this.cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cum[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }
}

const pick = <T>(rand: Rand, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
const between = (rand: Rand, lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
/** Standard normal (Box–Muller). */
const gauss = (rand: Rand) => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
/** A log-normal factor with mean 1. */
const spread = (rand: Rand, sigma: number) => Math.exp(sigma * gauss(rand) - (sigma * sigma) / 2);
const keyed = (seed: number, key: string) => prng(keyedSeed(seed, key));

// ---- the city: committees and what differs between them ----

export interface Committee {
  code: string;
  name: string;
  /** the name without 居委会 / 村委会: 云南中路 */
  short: string;
  village: boolean;
  path: string;
  depth: number;
  lng: number;
  lat: number;
  street: string;
  district: string;
  /** its place among all committees: document numbers unique across runs */
  ordinal: number;
  /** residents relative to the mean committee */
  size: number;
  /** share of 来沪 residents */
  migrant: number;
  /** chance that a household comes from abroad (境外) */
  overseas: number;
}

export interface CityModel {
  committees: Committee[];
  byCode: Map<string, Committee>;
}

/**
 * 来沪 share of the residents per district (7th census, rounded): low in the old centre and
 * Chongming, high in the outer districts. Scaled so that the city comes to ≈41.5 %.
 */
// prettier-ignore
const MIGRANT_SHARE: Record<string, number> = {
  '310101': 0.22, '310104': 0.3, '310105': 0.3, '310106': 0.25, '310107': 0.3, '310109': 0.22,
  '310110': 0.25, '310112': 0.5, '310113': 0.43, '310114': 0.58, '310115': 0.42, '310116': 0.34,
  '310117': 0.6, '310118': 0.58, '310120': 0.5, '310151': 0.22,
};
const CITY_MIGRANT_SHARE = 0.415;
/** 浦东, 长宁, 闵行, 徐汇, 静安: ≈80 % of the residents from abroad live here… */
const EXPAT_DISTRICTS = new Set(['310115', '310105', '310112', '310104', '310106']);
const EXPAT_IN_DISTRICTS = 0.8;
/** …most of all around 古北, 联洋 / 花木, 碧云 / 金桥, 陆家嘴, 徐家汇, 静安寺. */
// prettier-ignore
const EXPAT_STREETS = new Set([
  '310105009000', '310105001000', '310105004000', '310105008000', // 虹桥 (古北), 华阳路, 新华路, 仙霞新村
  '310112107000', '310112006000', '310112008000', // 虹桥镇, 古美, 新虹
  '310115016000', '310115120000', '310115005000', '310115004000', // 花木, 金桥镇, 陆家嘴, 潍坊新村
  '310104014000', '310104003000', '310104004000', '310104011000', // 徐家汇, 天平路, 湖南路, 田林
  '310106012000', '310106013000', // 南京西路, 静安寺
]);
/** Households from abroad, so that their residents come to ≈0.7 % of everyone. */
const OVERSEAS_HOUSEHOLDS = 0.009;

/** 云南中路居委会 → 云南中路, 归王村村委会 → 归王村, 江佳社区居委会 → 江佳. */
export function shortName(name: string): string {
  const s = name.replace(
    /(虚拟社区|虚拟生活区|社区居委会|居委会|村委会|居民委员会|村民委员会)$/,
    '',
  );
  return s || name;
}

/** The committees and their character, from the whole tree: the same for any `within`. */
export function cityModel(rows: CommitteeRow[], seed: number): CityModel {
  const base = rows.map((r, ordinal) => {
    const parts = r.path.split('/');
    const district = r.code.slice(0, 6);
    const street = parts[parts.length - 2] ?? r.code;
    const own = keyed(seed, `committee character ${r.code}`);
    const inFive = EXPAT_DISTRICTS.has(district);
    return {
      r,
      ordinal,
      district,
      street,
      // the 虚拟社区 of industrial parks and farms house few
      size: spread(own, 0.3) * (/虚拟/.test(r.name) ? 0.3 : 1),
      migrant: (MIGRANT_SHARE[district] ?? CITY_MIGRANT_SHARE) * spread(own, 0.25),
      expatIn: inFive ? spread(own, 1.0) * (EXPAT_STREETS.has(street) ? 4 : 1) : 0,
      expatOut: inFive ? 0 : spread(own, 0.6),
    };
  });
  const sizeSum = base.reduce((s, b) => s + b.size, 0);
  const migrantMean = base.reduce((s, b) => s + b.size * b.migrant, 0) / sizeSum;
  const inSum = base.reduce((s, b) => s + b.size * b.expatIn, 0);
  const outSum = base.reduce((s, b) => s + b.size * b.expatOut, 0);
  // 80 % of the weight inside the five districts, 20 % spread over the others
  const outFactor =
    inSum > 0 && outSum > 0
      ? ((1 - EXPAT_IN_DISTRICTS) * inSum) / (EXPAT_IN_DISTRICTS * outSum)
      : 1;
  const expatMean = (inSum + outFactor * outSum) / sizeSum || 1;
  const committees = base.map((b) => ({
    code: b.r.code,
    name: b.r.name,
    short: shortName(b.r.name),
    village: b.r.name.endsWith('村委会'),
    path: b.r.path,
    depth: b.r.depth,
    lng: b.r.centre_lng,
    lat: b.r.centre_lat,
    street: b.street,
    district: b.district,
    ordinal: b.ordinal,
    size: (b.size * base.length) / sizeSum,
    migrant: Math.min(0.85, (b.migrant * CITY_MIGRANT_SHARE) / migrantMean),
    overseas: Math.min(
      0.45,
      (OVERSEAS_HOUSEHOLDS * (b.expatIn + outFactor * b.expatOut)) / expatMean,
    ),
  }));
  return { committees, byCode: new Map(committees.map((c) => [c.code, c])) };
}

// ---- one committee's plan: plain values, before encryption ----

interface Compound {
  code: string;
  name: string;
  path: string;
  lng: number;
  lat: number;
}
interface PlannedBuilding {
  id: string;
  committeeCode: string;
  compoundCode: string;
  areaPath: string;
  name: string;
  floors: number;
  lng: number;
  lat: number;
}
interface PlannedHousehold {
  id: string;
  /** its committee's path (for the district) */
  areaPath: string;
  committeeCode: string;
  number: string;
  roomId: string;
}
/** A resident before encryption; `age` (whole years today) is for checks, not stored. */
export type PlannedResident = ResidentPlain & { id: string; age: number };

export interface Plan {
  committee: Committee;
  newCompounds: Insertable<AreasTable>[];
  compounds: number;
  buildings: PlannedBuilding[];
  rooms: (RoomPlain & { id: string })[];
  households: PlannedHousehold[];
  residents: PlannedResident[];
  organisations: (OrganisationPlain & { id: string })[];
  /** the rooms with owners on record, and their owners */
  ownerships: PlannedOwnership[];
  owners: OwnerPlain[];
}
interface PlannedOwnership {
  roomId: string;
  committeeCode: string;
  areaPath: string;
  buildingId: string;
  registeredArea: number;
}

/** Residents per room, vacant rooms included (measured over the whole city). */
const RESIDENTS_PER_ROOM = 2.3;
const COMPOUND_RESIDENTS = 1_600;
const BUILDING_RESIDENTS = 85;
// prettier-ignore
const COMPOUND_SUFFIXES = [
  '一村', '二村', '花园', '苑', '公寓', '新村', '小区', '家园', '三村', '雅苑', '名邸', '大楼',
  '东苑', '西苑', '南苑', '北苑',
];

/** One committee: its compounds (new ones if it has none), housing, people and organisations. */
export function planCommittee(
  c: Committee,
  existing: Compound[],
  book: IdBook,
  o: {
    seed: number;
    scale: number;
    today: number;
    buildingsPerCompound?: { min: number; max: number } | undefined;
  },
): Plan {
  const rand = keyed(o.seed, `committee ${c.code}`);
  const target = Math.max(1, Math.round(RESIDENTS_PER_COMMITTEE * o.scale * c.size));
  const plan: Plan = {
    committee: c,
    newCompounds: [],
    compounds: 0,
    buildings: [],
    rooms: [],
    households: [],
    residents: [],
    organisations: [],
    ownerships: [],
    owners: [],
  };
  const compounds = existing.length > 0 ? existing : newCompounds(c, target, rand, plan);
  // owners from a stream of their own: the people stay those of the same seed without them
  const owners = new Owners(c, book, o.today, keyed(o.seed, `owners ${c.code}`), plan);
  plan.compounds = compounds.length;
  const people = new People(c, book, o.today, rand);
  const occupancy = occupancyOf(c);
  // the committee's residents shared out over its compounds, unevenly
  const shares = compounds.map(() => 0.6 + rand() * 0.8);
  const shareSum = shares.reduce((a, b) => a + b, 0);
  let householdNo = 0;
  compounds.forEach((compound, k) => {
    const residents = (target * shares[k]!) / shareSum;
    const spread = o.buildingsPerCompound;
    const buildings = spread
      ? spread.min + Math.floor(rand() * (spread.max - spread.min + 1))
      : Math.max(1, Math.round(residents / BUILDING_RESIDENTS));
    const roomsPerBuilding = residents / buildings / RESIDENTS_PER_ROOM;
    // numbered 1号楼, 2号楼, … with a gap now and then where a spread is asked for (old
    // compounds lost or merged some), so no two compounds look alike
    let number = 0;
    for (let b = 1; b <= buildings; b++) {
      number += spread && b > 1 && rand() < 0.2 ? 2 : 1;
      // ~6 floors × 2–4 units × 2–3 flats a landing
      // (a committee at a very small scale gets a low building of a few flats)
      const tiny = roomsPerBuilding < 10;
      const floors = tiny
        ? Math.max(1, Math.round(roomsPerBuilding / 2))
        : pick(rand, [5, 6, 6, 6, 6, 7]);
      const landing = tiny || roomsPerBuilding < floors * 3 ? 2 : pick(rand, [2, 2, 3]);
      const units = Math.min(4, Math.max(1, Math.round(roomsPerBuilding / (floors * landing))));

      const building: PlannedBuilding = {
        id: crypto.randomUUID(),
        committeeCode: c.code,
        compoundCode: compound.code,
        areaPath: compound.path,
        name: `${number}号楼`,
        // a sample's building keeps a real height though only some of its flats are drawn
        floors: spread && tiny ? Math.max(floors, pick(rand, [5, 6, 6, 7])) : floors,
        lng: round6(compound.lng + (rand() * 2 - 1) * 0.0012),
        lat: round6(compound.lat + (rand() * 2 - 1) * 0.0012),
      };
      plan.buildings.push(building);
      for (let u = 1; u <= units; u++) {
        for (let f = 1; f <= floors; f++) {
          for (let l = 1; l <= landing; l++) {
            const room = {
              id: crypto.randomUUID(),
              buildingId: building.id,
              committeeCode: c.code,
              areaPath: compound.path,
              unit: `${u}单元`,
              number: `${f}${String(l).padStart(2, '0')}`,
              floor: f,
              floorArea: floorArea(rand),
              use: (f === 1 && rand() < 0.08 ? 'mixed' : 'residential') as RoomUse,
              ownership: OWNERSHIP.pick(rand),
              occupancy: occupancy.pick(rand),
            };
            plan.rooms.push(room);
            if (room.occupancy === 'vacant') {
              owners.ofRoom(room, []);
              continue;
            }
            const household: PlannedHousehold = {
              id: crypto.randomUUID(),
              areaPath: c.path,
              committeeCode: c.code,
              number: `H${String(++householdNo).padStart(5, '0')}`,
              roomId: room.id,
            };
            plan.households.push(household);
            const at = { areaPath: compound.path, roomId: room.id, householdId: household.id };
            const first = plan.residents.length;
            people.household(room.occupancy, at, plan.residents);
            owners.ofRoom(room, plan.residents.slice(first));
          }
        }
      }
    }
  });
  plan.organisations = organisations(c, compounds, rand);
  return plan;
}

/** ~1,200–2,000 residents a compound: new `areas` rows below the committee, named after it. */
function newCompounds(c: Committee, target: number, rand: Rand, plan: Plan): Compound[] {
  const n = Math.max(1, Math.round(target / COMPOUND_RESIDENTS));
  // no 民星二村一村: a suffix that repeats the name's last character is left out
  const suffixes = COMPOUND_SUFFIXES.filter((s) => !c.short.endsWith(s.slice(-1)));
  const out: Compound[] = [];
  for (let i = 1; i <= n; i++) {
    const round = Math.floor((i - 1) / suffixes.length);
    const name = `${c.short}${suffixes[(i - 1) % suffixes.length]}${round ? `${round + 1}期` : ''}`;
    const code = `${c.code}-R${i}`;
    const compound: Compound = {
      code,
      name,
      path: `${c.path}/${code}`,
      lng: round6(c.lng + (rand() * 2 - 1) * 0.004),
      lat: round6(c.lat + (rand() * 2 - 1) * 0.004),
    };
    out.push(compound);
    plan.newCompounds.push({
      code,
      parent_code: c.code,
      path: compound.path,
      level: 'compound',
      depth: c.depth + 1,
      name,
      name_en: null,
      approximate: true,
      centre_lng: compound.lng,
      centre_lat: compound.lat,
      boundary: null,
      min_lng: null,
      min_lat: null,
      max_lng: null,
      max_lat: null,
    });
  }
  return out;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** 30–140 m², most between 50 and 90 (log-normal around 68 m²). */
function floorArea(rand: Rand): number {
  const m2 = Math.min(140, Math.max(30, 68 * Math.exp(0.3 * gauss(rand))));
  return Math.round(m2 * 100) / 100;
}

const OWNERSHIP = new Weighted<Ownership>([
  ['private', 72],
  ['public_rental', 14],
  ['work_unit', 8],
  ['collective', 3],
  ['other', 3],
]);

const VACANT = 0.12;

/**
 * 自住 ≈60 %, 出租 ≈25 %, 空置 ≈12 %, 群租 ≈3 % over the city; more renting and group
 * renting where more people come from elsewhere.
 */
function occupancyShares(c: Committee): Record<Occupancy, number> {
  const t = c.migrant / CITY_MIGRANT_SHARE;
  const group = Math.min(0.08, 0.03 * t ** 1.5);
  const rented = Math.min(0.4, 0.25 * (0.7 + 0.3 * t));
  return {
    owner_occupied: 1 - VACANT - group - rented,
    rented,
    vacant: VACANT,
    group_rental: group,
  };
}

const occupancyOf = (c: Committee) =>
  new Weighted(Object.entries(occupancyShares(c)) as [Occupancy, number][]);

// ---- households ----

/**
 * Shanghai's residents by five-year age group (7th census, %): 0–14 9.8, 15–59 66.8,
 * 60–64 7.1, 65+ 16.3. Household members draw their ages from this shape within a band.
 */
// prettier-ignore
const PYRAMID_5 = [
  3.0, 3.6, 3.2, 2.9, 5.2, 7.8, 10.0, 8.8, 7.2, 7.3, 8.0, 9.6, 7.1, 6.5, 4.2, 2.3, 1.6, 1.1, 0.45,
  0.13, 0.02,
];
const MAX_AGE = PYRAMID_5.length * 5 - 1;
const AGE_CUM = (() => {
  const cum = new Float64Array(MAX_AGE + 1);
  let sum = 0;
  for (let a = 0; a <= MAX_AGE; a++) cum[a] = sum += PYRAMID_5[Math.floor(a / 5)]! / 5;
  return cum;
})();

/** An age in [lo, hi + 1) years, shaped like the city's pyramid. */
function ageIn(rand: Rand, lo: number, hi: number): number {
  const top = Math.min(hi, MAX_AGE);
  const from = lo > 0 ? AGE_CUM[lo - 1]! : 0;
  const x = from + rand() * (AGE_CUM[top]! - from);
  let a = lo;
  let b = top;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if (AGE_CUM[mid]! > x) b = mid;
    else a = mid + 1;
  }
  return a + rand();
}

interface Member {
  relation: Relation;
  age: number;
  sex: Sex;
}

const sexOf = (rand: Rand, male: number): Sex => (rand() < male ? 'male' : 'female');
const clampAge = (a: number) => Math.min(MAX_AGE + 0.99, Math.max(0, a));

const single = (rand: Rand, lo: number, hi: number, male: number): Member => ({
  relation: 'head',
  age: ageIn(rand, lo, hi),
  sex: sexOf(rand, male),
});

/** A couple: the head's age from the pyramid, the husband a little older. */
function couple(rand: Rand, lo: number, hi: number): Member[] {
  const head: Member = { relation: 'head', age: ageIn(rand, lo, hi), sex: sexOf(rand, 0.72) };
  const gap = 2.5 + 3 * gauss(rand);
  return [
    head,
    {
      relation: 'spouse',
      age: clampAge(Math.max(20, head.sex === 'male' ? head.age - gap : head.age + gap)),
      sex: head.sex === 'male' ? 'female' : 'male',
    },
  ];
}

/** A child of the mother (or lone parent) among `parents`, born when she was 22–40. */
function child(rand: Rand, parents: Member[], relation: Relation = 'child'): Member {
  const mother = (parents.find((m) => m.sex === 'female') ?? parents[0]!).age;
  const age = ageIn(
    rand,
    Math.max(0, Math.floor(mother - 40)),
    Math.max(0, Math.floor(mother - 22)),
  );
  return { relation, age: Math.min(age, mother), sex: sexOf(rand, 0.52) };
}

/** A parent of the head: 24–34 years older. */
const parentOf = (rand: Rand, head: Member, male: number): Member => ({
  relation: 'parent',
  age: clampAge(head.age + 24 + rand() * 10),
  sex: sexOf(rand, male),
});

type Kind = (rand: Rand) => Member[];

const withChildren = (r: Rand, parents: Member[], second: number): Member[] => [
  ...parents,
  child(r, parents),
  ...(r() < second ? [child(r, parents)] : []),
];

/** Families registered in Shanghai in the flat they own (or hold the lease of). */
const LOCAL_OWNERS = new Weighted<Kind>([
  [(r) => [single(r, 65, MAX_AGE, 0.25)], 4.6], // 独居老人
  [(r) => [single(r, 22, 64, 0.53)], 12],
  [(r) => couple(r, 64, MAX_AGE), 24], // 纯老家庭
  [(r) => couple(r, 50, 64), 15], // the child has moved out
  [(r) => couple(r, 25, 44), 4],
  [(r) => ((p) => [...p, child(r, p)])([single(r, 32, 58, 0.2)]), 4],
  [(r) => ((p) => [...p, child(r, p)])([single(r, 66, MAX_AGE, 0.25)]), 6], // widowed, a child
  [(r) => withChildren(r, couple(r, 31, 42), 0.12), 4],
  [(r) => withChildren(r, couple(r, 42, 64), 0.12), 15],
  [(r) => ((p) => [...p, child(r, p)])(couple(r, 56, 85)), 6],
  [(r) => ((p) => [...withChildren(r, p, 0.1), parentOf(r, p[0]!, 0.3)])(couple(r, 30, 50)), 6],
  [
    (r) =>
      ((p) => [...withChildren(r, p, 0.1), parentOf(r, p[0]!, 1), parentOf(r, p[0]!, 0)])(
        couple(r, 30, 50),
      ),
    5,
  ],
  [
    (r) => [...couple(r, 58, 78), { relation: 'grandchild', age: r() * 15, sex: sexOf(r, 0.52) }],
    2,
  ],
  [
    (r) => {
      const old = couple(r, 58, 82);
      const kid = child(r, old);
      const inLaw: Member = {
        relation: 'other',
        age: clampAge(Math.max(20, kid.age + gauss(r) * 2)),
        sex: kid.sex === 'male' ? 'female' : 'male',
      };
      return [...old, kid, inLaw, child(r, [kid, inLaw], 'grandchild')];
    },
    3,
  ],
]);

/** 来沪 families who bought their flat: younger, often with a grandparent helping. */
const MIGRANT_OWNERS = new Weighted<Kind>([
  [(r) => [single(r, 25, 59, 0.55)], 12],
  [(r) => couple(r, 25, 64), 18],
  [(r) => withChildren(r, couple(r, 31, 55), 0.2), 40],
  [
    (r) =>
      ((p) => [
        ...withChildren(r, p, 0.15),
        parentOf(r, p[0]!, 0.35),
        ...(r() < 0.4 ? [parentOf(r, p[0]!, 0.6)] : []),
      ])(couple(r, 31, 45)),
    22,
  ],
  [(r) => couple(r, 55, 80), 8],
]);

/** Tenants from elsewhere: singles and couples, some with a child. */
const MIGRANT_TENANTS = new Weighted<Kind>([
  [(r) => [single(r, 18, 59, 0.57)], 38],
  [(r) => couple(r, 22, 59), 22],
  [(r) => withChildren(r, couple(r, 29, 52), 0.1), 25],
  [(r) => ((p) => [...withChildren(r, p, 0), parentOf(r, p[0]!, 0.3)])(couple(r, 30, 44)), 7],
  [(r) => Array.from({ length: between(r, 2, 3) }, () => single(r, 20, 35, 0.55)), 8],
]);

/** Tenants registered in Shanghai (public rental flats, 直管公房). */
const LOCAL_TENANTS = new Weighted<Kind>([
  [(r) => [single(r, 22, 59, 0.55)], 30],
  [(r) => [single(r, 65, MAX_AGE, 0.3)], 15],
  [(r) => couple(r, 25, 64), 20],
  [(r) => withChildren(r, couple(r, 31, 52), 0.1), 20],
  [(r) => couple(r, 60, MAX_AGE), 10],
]);

const OVERSEAS_FAMILIES = new Weighted<Kind>([
  [(r) => [single(r, 25, 60, 0.6)], 35],
  [(r) => couple(r, 28, 60), 25],
  [(r) => withChildren(r, couple(r, 30, 50), 0.4), 40],
]);

/** 群租: 6–12 young adults, mostly men, in one flat. */
const groupRental: Kind = (r) =>
  Array.from({ length: between(r, 6, 12) }, () => single(r, 18, 45, 0.62));

// ---- documents and names ----

/** 来沪人员 by province of registration (≈ 7th census shares), with real county codes. */
// prettier-ignore
const MIGRANT_PROVINCES = new Weighted<readonly string[]>([
  [['340221', '340222', '340223', '341221', '341222', '341225', '341226', '340321', '340322', '341321', '341322', '341323', '341324', '341523', '340825', '340826', '340827', '340828', '341021', '340121'], 27], // 安徽
  [['320321', '320322', '320324', '320381', '320382', '320923', '320924', '320925', '321323', '321324', '320826', '320830', '320621', '321081'], 15], // 江苏
  [['411321', '411322', '411323', '411324', '411325', '411326', '411381', '411621', '411622', '411623', '411625', '411627', '411628', '411721', '411525', '411526'], 9], // 河南
  [['510121', '510124', '510129', '510107', '510104', '511321', '511322', '511324', '510722', '511921', '511922', '510823'], 5.5], // 四川
  [['360421', '360423', '360424', '360425', '360428', '360430', '360121', '361127', '361128', '360731', '360732'], 5.5], // 江西
  [['330621', '331022', '330327', '330326', '330682', '330106'], 5], // 浙江
  [['371321', '371322', '371323', '371521', '371722', '371723', '370102'], 4.5], // 山东
  [['420921', '421126', '421127', '421123', '420222', '420106'], 4], // 湖北
  [['430521', '430523', '431021', '430921', '430104'], 3], // 湖南
  [['350322', '350583', '350525'], 2.3], // 福建
  [['500228', '500229', '500233', '500235', '500236', '500237'], 2.2], // 重庆
  [['520221', '522422', '520102'], 1.6], // 贵州
  [['230121', '230102'], 1.5], // 黑龙江
  [['130427', '130528', '130102'], 1.5], // 河北
  [['610124', '610113'], 1.4], // 陕西
  [['620421', '620102'], 1.3], // 甘肃
  [['140121', '140105'], 1.2], // 山西
  [['210124', '210102'], 1.2], // 辽宁
  [['220122', '220102'], 1.0], // 吉林
  [['530321', '530102'], 1.0], // 云南
  [['450521', '450102'], 0.8], // 广西
  [['440106', '440304'], 0.8], // 广东
  [['110108', '110105'], 0.5], // 北京
]);

/**
 * Shanghai's district codes (3101xx) as an ID number of someone born in a given year shows
 * them: today's districts, and until their merger 南市 (2000), 卢湾 (2011), 闸北 (2015) and
 * 南汇 (2009). (The old counties' 3102xx codes are left out: every local ID reads 3101.)
 */
// prettier-ignore
const SHANGHAI_CODES: Record<string, [code: string, from: number, until: number][]> = {
  '310101': [['310101', 0, 9999], ['310102', 0, 2000], ['310103', 0, 2011]],
  '310104': [['310104', 0, 9999]],
  '310105': [['310105', 0, 9999]],
  '310106': [['310106', 0, 9999], ['310108', 0, 2015]],
  '310107': [['310107', 0, 9999]],
  '310109': [['310109', 0, 9999]],
  '310110': [['310110', 0, 9999]],
  '310112': [['310112', 0, 9999]],
  '310113': [['310113', 0, 9999]],
  '310114': [['310114', 0, 9999]],
  '310115': [['310115', 0, 9999], ['310119', 2001, 2009]],
  '310116': [['310116', 0, 9999]],
  '310117': [['310117', 0, 9999]],
  '310118': [['310118', 0, 9999]],
  '310120': [['310120', 0, 9999]],
  '310151': [['310151', 0, 9999]],
};

const SHANGHAI_DISTRICTS = Object.keys(SHANGHAI_CODES);

/** district → year → codes */
const codesCache = new Map<string, string[][]>();
/** The region codes of district d ('*': of every district) for a birth in `year`. */
function shanghaiCodes(d: string, year: number): string[] {
  let byYear = codesCache.get(d);
  if (!byYear) codesCache.set(d, (byYear = []));
  let codes = byYear[year];
  if (!codes) {
    codes =
      d === '*'
        ? SHANGHAI_DISTRICTS.flatMap((x) => shanghaiCodes(x, year))
        : (SHANGHAI_CODES[d] ?? SHANGHAI_CODES['310101']!)
            .filter(([, from, until]) => year >= from && year < until)
            .map(([code]) => code);
    byYear[year] = codes;
  }
  return codes;
}

/** Where residents from abroad come from: Korea and Japan first, and 港澳台 (CHN, permits). */
// prettier-ignore
const OVERSEAS_ORIGINS = new Weighted<string>([
  ['KOR', 13], ['JPN', 12], ['USA', 6], ['FRA', 3.5], ['DEU', 3.5], ['GBR', 3], ['SGP', 3.5],
  ['CAN', 2.5], ['AUS', 2.5], ['MYS', 3], ['HKG', 12], ['TWN', 18], ['MAC', 2],
]);

/** Latin names by nationality: family names, men's and women's given names. */
// prettier-ignore
const LATIN_NAMES: Record<string, [string[], string[], string[]]> = {
  KOR: [['Kim', 'Lee', 'Park', 'Choi', 'Jung', 'Kang', 'Cho', 'Yoon', 'Jang', 'Lim'], ['Minjun', 'Seojun', 'Doyun', 'Jiho', 'Hyunwoo', 'Jaehyun', 'Sungmin', 'Dongho'], ['Seoyeon', 'Jiwoo', 'Hayoon', 'Eunji', 'Sumin', 'Yuna', 'Minji', 'Soyeon']],
  JPN: [['Sato', 'Suzuki', 'Takahashi', 'Tanaka', 'Watanabe', 'Ito', 'Yamamoto', 'Nakamura', 'Kato'], ['Haruto', 'Sota', 'Yuto', 'Ren', 'Takumi', 'Kenta', 'Daiki', 'Hiroshi'], ['Yui', 'Hina', 'Aoi', 'Sakura', 'Yuna', 'Misaki', 'Nanami', 'Akiko']],
  USA: [['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson'], ['James', 'John', 'Michael', 'David', 'Daniel', 'Matthew', 'Andrew', 'Ryan'], ['Mary', 'Emma', 'Olivia', 'Sophia', 'Emily', 'Sarah', 'Jessica', 'Ashley']],
  FRA: [['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Moreau'], ['Louis', 'Lucas', 'Hugo', 'Jules', 'Arthur', 'Nicolas', 'Julien', 'Antoine'], ['Camille', 'Chloe', 'Lea', 'Manon', 'Ines', 'Claire', 'Julie', 'Sophie']],
  DEU: [['Muller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker'], ['Lukas', 'Felix', 'Jonas', 'Paul', 'Leon', 'Maximilian', 'Tobias', 'Stefan'], ['Anna', 'Lena', 'Laura', 'Julia', 'Sophie', 'Hannah', 'Katharina', 'Lisa']],
  GBR: [['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Evans', 'Thomas', 'Roberts'], ['Oliver', 'George', 'Harry', 'Jack', 'William', 'Thomas', 'Edward', 'Henry'], ['Olivia', 'Amelia', 'Isla', 'Emily', 'Charlotte', 'Grace', 'Lucy', 'Eleanor']],
  SGP: [['Tan', 'Lim', 'Lee', 'Ng', 'Ong', 'Wong', 'Goh', 'Chua', 'Koh'], ['Wei Ming', 'Jun Jie', 'Zhi Hao', 'Kok Leong', 'Jia Wei', 'Boon Keng'], ['Hui Min', 'Xin Yi', 'Jia Hui', 'Mei Ling', 'Shu Fen', 'Li Ting']],
  CAN: [['Smith', 'Brown', 'Tremblay', 'Martin', 'Roy', 'Wilson', 'Macdonald', 'Gagnon'], ['Liam', 'Noah', 'Ethan', 'Benjamin', 'Lucas', 'Nathan', 'Samuel', 'Owen'], ['Emma', 'Olivia', 'Charlotte', 'Chloe', 'Sophie', 'Megan', 'Emily', 'Julie']],
  AUS: [['Smith', 'Jones', 'Williams', 'Brown', 'Wilson', 'Taylor', 'Nguyen', 'Kelly'], ['Oliver', 'Jack', 'William', 'Noah', 'Thomas', 'Lachlan', 'Cooper', 'Liam'], ['Charlotte', 'Olivia', 'Mia', 'Ava', 'Chloe', 'Isla', 'Matilda', 'Ruby']],
  MYS: [['Tan', 'Lim', 'Wong', 'Lee', 'Ng', 'Chong', 'Ahmad', 'Abdullah'], ['Kok Wai', 'Chee Keong', 'Wei Liang', 'Hafiz', 'Faizal', 'Jun Hao'], ['Mei Ling', 'Siew Lan', 'Pei Shan', 'Nurul', 'Aisyah', 'Hui Wen']],
};

/** Document numbers around a person's unique 8 digits: passports by country, then permits. */
const DOCUMENT_FORMAT: Record<string, [DocumentType, (n: string) => string]> = {
  KOR: ['passport', (n) => `M${n}`],
  JPN: ['passport', (n) => `TZ${n}`],
  USA: ['passport', (n) => `5${n}`],
  FRA: ['passport', (n) => `${n.slice(0, 2)}FA${n.slice(2)}`],
  DEU: ['passport', (n) => `C${n}`],
  GBR: ['passport', (n) => `1${n}`],
  SGP: ['passport', (n) => `E${n}K`],
  CAN: ['passport', (n) => `AB${n}`],
  AUS: ['passport', (n) => `PA${n}`],
  MYS: ['passport', (n) => `A${n}`],
  HKG: ['hk_macao_permit', (n) => `H${n}`],
  MAC: ['hk_macao_permit', (n) => `M${n}`],
  TWN: ['taiwan_permit', (n) => n],
};

/** Common surnames and their weights (Shanghai has more 陈, 徐, 沈, 顾, 陆 than the country). */
// prettier-ignore
const SURNAMES = new Weighted<string>([
  ['王', 7.2], ['张', 6.6], ['陈', 6.5], ['李', 6.0], ['刘', 4.0], ['徐', 3.2], ['朱', 3.0],
  ['周', 2.8], ['杨', 2.6], ['黄', 2.5], ['吴', 2.4], ['沈', 2.2], ['赵', 1.8], ['孙', 1.8],
  ['顾', 1.6], ['胡', 1.6], ['陆', 1.5], ['马', 1.0], ['郭', 0.9], ['何', 0.9], ['林', 0.9],
  ['罗', 0.7], ['高', 1.0], ['金', 1.0], ['钱', 1.0], ['蒋', 1.0], ['许', 1.0], ['施', 0.9],
  ['姚', 0.8], ['汪', 0.8], ['曹', 0.8], ['唐', 0.8], ['郑', 0.8], ['潘', 0.7], ['宋', 0.6],
  ['谢', 0.6], ['冯', 0.6], ['袁', 0.6], ['范', 0.6], ['蔡', 0.6], ['丁', 0.6], ['叶', 0.6],
  ['韩', 0.5], ['邓', 0.5], ['程', 0.5], ['夏', 0.5], ['方', 0.5], ['俞', 0.5], ['严', 0.5],
  ['龚', 0.5], ['曾', 0.4], ['彭', 0.4], ['杜', 0.4], ['苏', 0.4], ['吕', 0.4], ['魏', 0.4],
  ['任', 0.4], ['邱', 0.4], ['倪', 0.4], ['戴', 0.4], ['毛', 0.4], ['邵', 0.4], ['薛', 0.3],
  ['秦', 0.3], ['翁', 0.3], ['卢', 0.3], ['姜', 0.3], ['费', 0.2], ['瞿', 0.2], ['欧阳', 0.05],
]);
const GIVEN_MALE =
  '伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆旭宁龙林阳建国峰亮成东晨家志文博天海宏轩睿诚嘉毅栋';
const GIVEN_FEMALE =
  '芳娜敏静丽艳娟霞秀英燕玲桂兰萍红琴云洁梅莉婷雪慧倩颖琳晶欣怡佳雯露瑶璐蕾丹妍涵萱悦诗琪';
/** Names of a generation: the old have 建国 and 秀英, the young 子轩 and 梓涵. */
// prettier-ignore
const GENERATION_NAMES = {
  oldMale: ['建国', '国强', '志明', '德明', '永康', '伟民', '金宝', '根宝', '国华', '建华', '福林', '荣根'],
  oldFemale: ['秀英', '桂英', '玉兰', '凤英', '美华', '秀珍', '金妹', '桂芳', '月娥', '佩华', '雅萍', '素珍'],
  youngMale: ['子轩', '浩然', '宇轩', '梓睿', '一鸣', '俊熙', '子墨', '奕辰', '沐阳', '宇航', '承泽', '思源'],
  youngFemale: ['梓涵', '一诺', '欣怡', '语嫣', '诗涵', '可馨', '雨桐', '思彤', '若曦', '子萱', '依诺', '安然'],
};

function givenName(rand: Rand, sex: Sex, birthYear: number): string {
  const male = sex === 'male';
  const g = GENERATION_NAMES;
  if (birthYear < 1962 && rand() < 0.45) return pick(rand, male ? g.oldMale : g.oldFemale);
  if (birthYear >= 2005 && rand() < 0.45) return pick(rand, male ? g.youngMale : g.youngFemale);
  const chars = male ? GIVEN_MALE : GIVEN_FEMALE;
  const one = () => chars[Math.floor(rand() * chars.length)]!;
  return rand() < 0.25 ? one() : one() + one();
}

const chineseName = (rand: Rand, sex: Sex, birthYear: number) =>
  SURNAMES.pick(rand) + givenName(rand, sex, birthYear);

/** The carriers' prefixes: 11 digits starting 13x–19x. */
// prettier-ignore
const MOBILE_PREFIXES = [
  '130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '150', '151', '152', '153',
  '155', '156', '157', '158', '159', '166', '173', '176', '177', '180', '181', '182', '183', '185',
  '186', '187', '188', '189', '191', '193', '195', '198', '199',
];
const mobile = (rand: Rand) =>
  pick(rand, MOBILE_PREFIXES) + String(Math.floor(rand() * 1e8)).padStart(8, '0');

const DAY_MS = 86_400_000;
const DAY0 = Date.UTC(1900, 0, 1);
/** Days from 1900-01-01 to today in Shanghai (UTC+8). */
export const shanghaiDay = (now: Date) =>
  Math.floor((now.getTime() + 8 * 3_600_000 - DAY0) / DAY_MS);
const dates: string[] = [];
/** YYYY-MM-DD of a day number */
const dateOf = (day: number) =>
  (dates[day] ??= new Date(DAY0 + day * DAY_MS).toISOString().slice(0, 10));

const YEAR_DAYS = 365.2425;

/** Age in whole years on day `to` of someone born on day `from`, as the calendar counts it. */
export function ageOn(from: number, to: number): number {
  const [born, now] = [dateOf(from), dateOf(to)];
  const years = Number(now.slice(0, 4)) - Number(born.slice(0, 4));
  return now.slice(5) < born.slice(5) ? years - 1 : years;
}

/**
 * The document numbers taken in this database. Synthetic ID numbers (county 90-99) by the
 * region code they begin with, as (birth day, sequence): a set while a region has few, a bitmap
 * (6.4 MB) once it has many; other documents in a set of their own.
 */
export class IdBook {
  private static readonly DAYS = 51_200; // 1900 … 2040
  private static readonly SET_MAX = 160_000; // about the bitmap's size as a Set
  private readonly regions = new Map<string, Set<number> | Uint8Array>();
  private readonly others = new Set<string>();

  /** Take an ID number if it is free (and synthetic: county 90-99). */
  private take(id: string): boolean {
    if (id[4] !== '9') return true;
    const seq = Number(id.slice(14, 17));
    const [y, m, d] = [id.slice(6, 10), id.slice(10, 12), id.slice(12, 14)];
    const day = (Date.UTC(Number(y), Number(m) - 1, Number(d)) - DAY0) / DAY_MS;
    if (!(seq >= 0 && seq < 1000 && day >= 0 && day < IdBook.DAYS)) return true;
    const region = id.slice(0, 6);
    const k = day * 1000 + seq;
    let taken = this.regions.get(region);
    if (!taken) this.regions.set(region, (taken = new Set()));
    if (taken instanceof Set) {
      if (taken.has(k)) return false;
      taken.add(k);
      if (taken.size > IdBook.SET_MAX) {
        const bits = new Uint8Array((IdBook.DAYS * 1000) / 8);
        for (const x of taken) bits[x >>> 3]! |= 1 << (x & 7);
        this.regions.set(region, bits);
      }
      return true;
    }
    const bit = 1 << (k & 7);
    if (taken[k >>> 3]! & bit) return false;
    taken[k >>> 3]! |= bit;
    return true;
  }

  /** A number already stored (normalised). */
  markTaken(type: string, number: string): void {
    if (type === 'resident_id') this.take(number);
    else this.others.add(`${type}:${number}`);
  }

  /**
   * A fresh ID number (fakeResidentId) for someone born on `day` near region `first`: its
   * sequence numbers (and whatever else fakeResidentId draws) in an order set by one value of
   * `rand`, then those of `others`, then the day before. What was taken before does not
   * change the random stream.
   */
  residentId(
    first: string,
    others: readonly string[],
    day: number,
    sex: Sex,
    rand: Rand,
  ): { id: string; day: number } {
    const combos = FAKE_SEQUENCE_PAIRS * 10; // sequence pairs of the right parity × counties
    const start = Math.floor(rand() * combos);
    for (let d = day; d >= 0; d--) {
      const date = dateOf(d);
      for (let r = -1; r < others.length; r++) {
        const region = r < 0 ? first : others[r]!;
        for (let i = 0; i < combos; i++) {
          const j = (start + 37 * i) % combos;
          let n = 0;
          const scripted = () =>
            n++ === 0
              ? ((j % FAKE_SEQUENCE_PAIRS) + 0.5) / FAKE_SEQUENCE_PAIRS
              : n === 2
                ? (Math.floor(j / FAKE_SEQUENCE_PAIRS) + 0.5) / 10
                : 0.5;
          const id = fakeResidentId(region, date, sex, scripted);

          if (this.take(id)) return { id, day: d };
        }
      }
    }
    throw new Error('no free synthetic ID number left');
  }

  /**
   * A passport or permit number: 8 digits from the committee's place and a counter of its
   * people from abroad (a bijection of 0 … 10^8−1, so neighbours do not look alike).
   */
  otherDocument(
    type: DocumentType,
    format: (n: string) => string,
    c: Committee,
    counter: { n: number },
  ): string {
    for (;;) {
      const v = c.ordinal + 10_000 * counter.n++;
      const number = format(String((v * 7919 + 12_345_678) % 100_000_000).padStart(8, '0'));
      const key = `${type}:${number}`;
      if (!this.others.has(key)) {
        this.others.add(key);
        return number;
      }
    }
  }
}

/** The people of one committee, household by household. */
class People {
  private readonly abroad = { n: 0 };
  private readonly migrantOwners: number;
  private readonly migrantTenants: number;

  constructor(
    private readonly c: Committee,
    private readonly book: IdBook,
    private readonly today: number,
    private readonly rand: Rand,
  ) {
    // the 来沪 share of owners that makes the committee's share come out right, from the
    // residents per flat of each occupancy (measured) and the tenants' share
    const { owner_occupied: o, rented: r, group_rental: g } = occupancyShares(c);
    const [localOwner, migrantOwner, tenant, group] = [2.3, 2.75, 2.0, 9];
    this.migrantTenants = Math.min(0.95, Math.max(0.3, 0.45 + 0.85 * c.migrant));
    const everyone = o * localOwner + r * tenant + g * group;
    const ownersMigrant =
      (c.migrant * everyone - g * group * 0.95 - r * tenant * this.migrantTenants) / o;
    // residents → households: migrant owners' households are larger
    const x = Math.min(0.9 * migrantOwner, Math.max(0.02, ownersMigrant));
    this.migrantOwners = x / migrantOwner / (x / migrantOwner + (localOwner - x) / localOwner);
  }

  /** One household's people, appended to `out`. */
  household(
    occupancy: Occupancy,
    at: { areaPath: string; roomId: string; householdId: string },
    out: PlannedResident[],
  ): void {
    const rand = this.rand;
    let registration: Registration;
    let members: Member[];
    if (occupancy === 'group_rental') {
      registration = rand() < 0.95 ? 'migrant' : 'local';
      members = groupRental(rand);
    } else if (rand() < this.c.overseas) {
      registration = 'overseas';
      members = OVERSEAS_FAMILIES.pick(rand)(rand);
    } else if (occupancy === 'rented') {
      registration = rand() < this.migrantTenants ? 'migrant' : 'local';
      members = (registration === 'migrant' ? MIGRANT_TENANTS : LOCAL_TENANTS).pick(rand)(rand);
    } else {
      registration = rand() < this.migrantOwners ? 'migrant' : 'local';
      members = (registration === 'migrant' ? MIGRANT_OWNERS : LOCAL_OWNERS).pick(rand)(rand);
    }
    const tenants = occupancy === 'rented' || occupancy === 'group_rental';
    const hometown = registration === 'migrant' ? MIGRANT_PROVINCES.pick(rand) : null;
    const county = hometown ? pick(rand, hometown) : null;
    const origin = registration === 'overseas' ? OVERSEAS_ORIGINS.pick(rand) : 'CHN';
    const latin = LATIN_NAMES[origin];
    const familyName = () => (latin ? pick(rand, latin[0]) : SURNAMES.pick(rand));
    // children take the father's family name; a spouse and in-laws keep their own
    const head = members[0]!;
    const spouse = members.find((m) => m.relation === 'spouse');
    const headFamily = familyName();
    const spouseFamily = familyName();
    const fatherFamily = head.sex === 'female' && spouse ? spouseFamily : headFamily;
    const elderlyOnly = members.length > 1 && members.every((m) => m.age >= 60);
    const lowIncome = registration === 'local' && !tenants && rand() < 0.015;
    for (const m of members) {
      const surname =
        m === head || (m.relation === 'parent' && m.sex === 'male')
          ? headFamily
          : m === spouse
            ? spouseFamily
            : m.relation === 'child' || m.relation === 'grandchild'
              ? fatherFamily
              : familyName();
      let day = Math.max(0, this.today - Math.floor(m.age * YEAR_DAYS));
      const birthYear = Number(dateOf(day).slice(0, 4));
      let documentType: DocumentType = 'resident_id';
      let documentNumber: string;
      let name: string;
      if (registration === 'overseas') {
        const [type, format] = DOCUMENT_FORMAT[origin]!;
        documentType = type;
        documentNumber = this.book.otherDocument(type, format, this.c, this.abroad);
        name = latin
          ? `${pick(rand, m.sex === 'male' ? latin[1] : latin[2])} ${surname}`
          : surname + givenName(rand, m.sex, birthYear);
      } else {
        const id =
          registration === 'migrant'
            ? this.book.residentId(county!, hometown!, day, m.sex, rand)
            : this.book.residentId(
                this.localRegion(birthYear),
                shanghaiCodes('*', birthYear),
                day,
                m.sex,
                rand,
              );
        documentNumber = id.id;
        day = id.day;
        name = surname + givenName(rand, m.sex, birthYear);
      }
      const age = ageOn(day, this.today);

      out.push({
        id: crypto.randomUUID(),
        committeeCode: this.c.code,
        streetCode: this.c.street,
        areaPath: at.areaPath,
        roomId: at.roomId,
        householdId: at.householdId,
        relation: tenants ? 'tenant' : m.relation,
        name,
        documentType,
        documentNumber,
        phone: age >= 15 ? mobile(rand) : null,
        birthDate: dateOf(day),
        sex: m.sex,
        registration,
        nationality: latin ? origin : 'CHN',
        tags: this.tags(m.sex, age, registration, members.length, elderlyOnly, lowIncome),
        healthNote: null,
        age,
      });
    }
  }

  /** Mostly the committee's own district (by the codes of the birth year), else any other. */
  private localRegion(birthYear: number): string {
    const district = this.rand() < 0.6 ? this.c.district : pick(this.rand, SHANGHAI_DISTRICTS);
    return pick(this.rand, shanghaiCodes(district, birthYear));
  }

  private tags(
    sex: Sex,
    age: number,
    registration: Registration,
    size: number,
    elderlyOnly: boolean,
    lowIncome: boolean,
  ): string[] {
    const rand = this.rand;
    const tags: string[] = [];
    if (size === 1 && age >= 65) tags.push('elderly_alone');
    if (elderlyOnly) tags.push('elderly_pure');
    if (rand() < (age >= 60 ? 0.06 : 0.014)) tags.push('disabled');
    const veteran = registration === 'overseas' || age < 40 ? 0 : sex === 'male' ? 0.034 : 0.003;
    if (rand() < veteran) tags.push('veteran');
    if (lowIncome) tags.push('low_income');
    const party = age < 18 ? 0 : { local: 0.105, migrant: 0.048, overseas: 0 }[registration];
    if (rand() < party) tags.push('party_member');
    if (rand() < (age < 15 ? 0 : age >= 55 && age < 76 ? 0.075 : 0.018)) tags.push('volunteer');
    if (rand() < (age >= 75 || size === 1 ? 0.008 : 0.002)) tags.push('key_care');
    return tags;
  }
}

// ---- owners on record ----

/** Of the rooms let or empty, those whose owner also lives in the committee (a second flat). */
const LANDLORD_NEIGHBOURS = 0.15;
/** Of the empty private rooms, those the developer has not sold. */
const UNSOLD = 0.35;
/** Owner-occupied by a couple: both on the title (共有), half each. */
const COUPLE_ON_TITLE = 0.6;

/**
 * The owners register of a committee (产权人): an owner-occupied flat is the household head's
 * (or the couple's, half each), a flat let or empty another person's — sometimes a neighbour
 * who owns two —, an unsold flat the developer's (one per committee, by its credit code), a
 * public or work-unit flat its organisation's; a room of other ownership has none on record.
 * Registered areas are the rooms' floor areas.
 */
class Owners {
  private readonly heads: PlannedResident[] = [];
  private readonly orgs = new Map<string, { name: string; code: string }>();

  constructor(
    private readonly c: Committee,
    private readonly book: IdBook,
    private readonly today: number,
    private readonly rand: Rand,
    private readonly plan: Plan,
  ) {}

  ofRoom(room: RoomPlain & { id: string }, household: PlannedResident[]): void {
    const rand = this.rand;
    let owners: Omit<OwnerPlain, 'roomId' | 'committeeCode' | 'position' | 'shareBp'>[];
    if (room.ownership === 'private') {
      const head = household.find((m) => m.relation === 'head');
      if (room.occupancy === 'owner_occupied' && head) {
        this.heads.push(head);
        const spouse = household.find((m) => m.relation === 'spouse');
        owners = [head, ...(spouse && rand() < COUPLE_ON_TITLE ? [spouse] : [])].map(personOf);
      } else if (room.occupancy === 'vacant' && rand() < UNSOLD) {
        owners = [this.organisation('developer', `上海${this.c.short}置业有限公司`, 0)];
      } else if (this.heads.length && rand() < LANDLORD_NEIGHBOURS) {
        owners = [personOf(pick(rand, this.heads))];
      } else {
        owners = [this.stranger()];
      }
    } else if (room.ownership === 'public_rental') {
      owners = [this.organisation('organisation', `${this.c.short}房管所`, 1)];
    } else if (room.ownership === 'work_unit') {
      owners = [this.organisation('organisation', `上海${this.c.short}实业有限公司`, 2)];
    } else if (room.ownership === 'collective') {
      owners = [this.organisation('organisation', `${this.c.short}集体经济合作社`, 3)];
    } else {
      return;
    }
    this.plan.ownerships.push({
      roomId: room.id,
      committeeCode: this.c.code,
      areaPath: room.areaPath,
      buildingId: room.buildingId,
      registeredArea: room.floorArea ?? 60,
    });
    const each = Math.floor(10_000 / owners.length);
    owners.forEach((o, i) =>
      this.plan.owners.push({
        ...o,
        roomId: room.id,
        committeeCode: this.c.code,
        position: i,
        // the first takes what an even split leaves over
        shareBp: i === 0 ? 10_000 - each * (owners.length - 1) : each,
      }),
    );
  }

  /** One organisation of the committee per role, by a credit code of its own. */
  private organisation(kind: 'developer' | 'organisation', name: string, k: number) {
    let org = this.orgs.get(name);
    if (!org) this.orgs.set(name, (org = { name, code: fakeUscc(this.c.ordinal * 10 + k) }));
    return { kind, name: org.name, documentType: 'uscc' as const, documentNumber: org.code };
  }

  /** An owner who lives elsewhere: 35–75 years old, registered in Shanghai. */
  private stranger() {
    const rand = this.rand;
    const sex = sexOf(rand, 0.5);
    const day = Math.max(0, this.today - Math.floor((35 + rand() * 40) * YEAR_DAYS));
    const year = Number(dateOf(day).slice(0, 4));
    const codes = shanghaiCodes('*', year);
    const id = this.book.residentId(pick(rand, codes), codes, day, sex, rand);
    return {
      kind: 'person' as const,
      name: chineseName(rand, sex, year),
      documentType: 'resident_id' as const,
      documentNumber: id.id,
    };
  }
}

const personOf = (r: PlannedResident) => ({
  kind: 'person' as const,
  name: r.name,
  documentType: r.documentType,
  documentNumber: r.documentNumber,
});

// ---- organisations ----

// prettier-ignore
const PROPERTY_COMPANIES = ['永业', '陆家嘴', '东湖', '古北', '万科', '绿城', '保利', '中海', '长宁', '徐房', '浦江', '明华', '上房', '科瑞', '新长宁', '金桥'];
// prettier-ignore
const CHAINS = ['全家便利店', '罗森便利店', '好德便利店', '快客便利店', '联华超市', '盒马鲜生', '菜鸟驿站', '巴比馒头', '来伊份', '光明邨', '杏花楼', '瑞幸咖啡', '星巴克', '肯德基', '麦当劳', '益丰大药房', '雷允上药房', '第一医药', '老凤祥', '中国邮政储蓄银行'];
// prettier-ignore
const SHOPS = ['面馆', '馄饨店', '生煎店', '水果店', '烟杂店', '理发店', '洗衣店', '五金店', '修鞋铺', '裁缝店', '早餐店', '花店', '眼镜店', '宠物店', '房产中介', '小吃店', '酱油店', '干洗店', '文具店', '生鲜店', '熟食店', '茶叶店', '水站', '家电维修'];
// prettier-ignore
const FIRM_WORDS = ['申', '沪', '浦', '华', '锦', '鑫', '瑞', '宏', '嘉', '恒', '永', '东', '明', '达', '通', '茂', '盛', '源', '信', '安'];
// prettier-ignore
const INDUSTRIES = ['科技', '贸易', '信息技术', '文化传播', '建筑装饰工程', '餐饮管理', '物流', '广告', '企业管理咨询', '电子'];
// prettier-ignore
const SOCIAL = ['睦邻中心', '老年协会', '志愿者服务队', '文体团队', '为老服务社', '读书会', '楼组长联谊会'];

/**
 * The committee's party branch and the committee itself, an owners' committee and a property
 * company per compound, 5–30 shops, a few firms and social groups, sometimes a school.
 */
function organisations(
  c: Committee,
  compounds: Compound[],
  rand: Rand,
): (OrganisationPlain & { id: string })[] {
  const out: (OrganisationPlain & { id: string })[] = [];
  const names = new Set<string>();
  const add = (name: string, kind: OrganisationKind, areaPath: string, address: string) => {
    if (names.has(name)) return false;
    names.add(name);
    out.push({
      id: crypto.randomUUID(),
      committeeCode: c.code,
      areaPath,
      name,
      kind,
      contactName: chineseName(rand, sexOf(rand, 0.5), 1975),
      contactPhone: mobile(rand),
      address,
    });
    return true;
  };
  const onRoad = /(路|街|弄|巷|道)$/.test(c.short);
  const address = (compound: Compound) =>
    onRoad
      ? `${c.short}${between(rand, 1, 999)}号`
      : `${compound.name}沿街${between(rand, 1, 99)}号`;
  const first = compounds[0]!;
  add(c.village ? `${c.short}党支部` : `${c.short}居民区党支部`, 'party', c.path, address(first));
  add(c.name, 'residents_committee', c.path, address(first));
  for (const compound of compounds) {
    add(`${compound.name}业主委员会`, 'owners_committee', compound.path, compound.name);
    const company = `${pick(rand, PROPERTY_COMPANIES)}物业${compound.name}服务处`;
    add(company, 'property', compound.path, compound.name);
  }
  const merchants = between(rand, 5, 30);
  for (let made = 0, tries = 0; made < merchants && tries < merchants * 3; tries++) {
    const compound = pick(rand, compounds);
    const name =
      rand() < 0.35
        ? `${pick(rand, CHAINS)}（${c.short}店）`
        : `${rand() < 0.5 ? `${SURNAMES.pick(rand)}记` : c.short}${pick(rand, SHOPS)}`;
    if (add(name, 'merchant', compound.path, address(compound))) made++;
  }
  for (let i = between(rand, 0, 4); i > 0; i--) {
    const firm = `上海${pick(rand, FIRM_WORDS)}${pick(rand, FIRM_WORDS)}${pick(rand, INDUSTRIES)}有限公司`;
    add(firm, 'enterprise', c.path, address(pick(rand, compounds)));
  }
  for (let i = between(rand, 1, 3); i > 0; i--) {
    add(`${c.short}${pick(rand, SOCIAL)}`, 'social', c.path, address(first));
  }
  if (rand() < 0.25) {
    const school = rand() < 0.6 ? `${c.short}幼儿园` : `${c.short}小学`;
    add(school, 'school', c.path, address(pick(rand, compounds)));
  }
  return out;
}
