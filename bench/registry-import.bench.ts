/**
 * The registry's bulk import at committee scale (issue 5), the real server in its own process:
 *  - a housing file with rooms for everyone (≈ rows / 2.5 rooms over the committee's compounds),
 *    imported first, as a committee would;
 *  - a residents CSV of --rows rows, written to a temp file as a stream, POSTed as an upload;
 *    from the POST to "done", with the server's RSS sampled every 200 ms;
 *  - the baseline, same run, same database, the server stopped: the same rows in their stored
 *    form (residentRow, the server's key, the rooms and households the import made) written by
 *    a bare COPY into a table made like residents (its columns, indexes and foreign keys);
 *  - the same file again (before the baseline): nothing may change;
 *  - before the import and before the baseline, on PostgreSQL: vacuum, analyze and a checkpoint.
 *   node --import tsx bench/registry-import.bench.ts [--db postgres|pglite] [--rows 1000000]
 *     [--cpu-prof dir]  (the server's CPU profile)
 *   (postgres: TEST_DATABASE_URL=postgres://… ; a fresh cc_bench_* database, dropped at the end)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import { REGISTRY_COLUMNS, REGISTRY_LABELS, type RegistryImport } from '@cc/contracts';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { readDemoFile } from '../apps/server/src/demo/seed-demo.js';
import {
  columnNames,
  FAKE_SEQUENCE_PAIRS,
  fakeResidentId,
  RESIDENT_COLUMNS,
  residentRow,
} from '../apps/server/src/modules/registry/index.js';
import { REPO_ROOT } from '../apps/server/src/platform/config.js';
import { createDataCipher } from '../apps/server/src/platform/crypto.js';
import { copyLine, type CopyValue } from '../apps/server/src/platform/db/copy-text.js';
import { arg, csvLine, report, sampleRss, writeLines } from './bench-util.js';
import {
  freshPostgres,
  signIn,
  startServerProcess,
  tempDataDir,
  type ServerProcess,
} from './server-process.js';

const kind = arg('db', 'postgres');
if (kind !== 'postgres' && kind !== 'pglite') throw new Error('--db postgres or --db pglite');
const ROWS = Number(arg('rows', '1000000'));
if (!Number.isInteger(ROWS) || ROWS < 1) throw new Error('--rows must be a positive whole number');
const COMMITTEE = '310101002001'; // 云南中路居委, where the demo's committee staff `yunnan` works
const STAFF = 'yunnan';
/** fixed, so this process computes the very hashes and digests the server stores */
const DATA_KEY = 'a7c1f00d5e2b4c6d8e9fa0b1c2d3e4f5061728394a5b6c7d8e9f0a1b2c3d4e5f';
/** --cpu-prof DIR: the server writes a CPU profile there when it stops */
const PROFILE_DIR = arg('cpu-prof', '') ? path.resolve(arg('cpu-prof', '')) : null;
const POLL_MS = 500;
const RSS_EVERY_MS = 200;
const MB = 1024 * 1024;

// ---- the committee's compounds (the demo city's areas) ----

const demoAreas = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'demo/areas.json'), 'utf8')) as {
  areas: { code: string; level: string; name: string }[];
};
const COMPOUNDS = demoAreas.areas.filter(
  (a) => a.level === 'compound' && a.code.startsWith(`${COMMITTEE}-`),
);
if (!COMPOUNDS.length) throw new Error(`no compounds of ${COMMITTEE} in demo/areas.json`);

// ---- housing: ROOMS rooms, 4 units × 18 floors × 4 rooms a building, spread over the compounds ----

const ROOMS = Math.ceil(ROWS / 2.5);
const UNITS = 4;
const FLOORS = 18;
const PER_FLOOR = 4;
const PER_BUILDING = UNITS * FLOORS * PER_FLOOR;

function room(k: number) {
  const b = Math.floor(k / PER_BUILDING);
  const compound = COMPOUNDS[b % COMPOUNDS.length]!;
  const r = k % PER_BUILDING;
  const floor = Math.floor((r % (FLOORS * PER_FLOOR)) / PER_FLOOR) + 1;
  return {
    compound,
    building: `${Math.floor(b / COMPOUNDS.length) + 1}号楼`,
    unit: `${Math.floor(r / (FLOORS * PER_FLOOR)) + 1}单元`,
    number: `${floor}${String((r % PER_FLOOR) + 1).padStart(2, '0')}`,
    floor,
    floorArea: (45 + ((k * 37) % 80) + 0.5).toFixed(1),
    ownership: k % 5 === 4 ? 'public_rental' : 'private',
    occupancy: k % 3 === 2 ? 'rented' : 'owner_occupied',
  } as const;
}
const roomKey = (compoundCode: string, building: string, unit: string, number: string) =>
  `${compoundCode}|${building}|${unit}|${number}`;

// ---- residents: person i, unique by construction ----

/**
 * Every row's resident ID is unique by construction: i ↦ (i × MULT) mod CAP is a bijection of
 * [0, CAP) (MULT is coprime with CAP), and the result is split into the ID's free parts —
 * sex, sequence pair (0-499), county (90-99), birth day and prefecture — which fakeResidentId
 * writes into distinct digits. MULT ≈ CAP × 0.618… (the golden ratio's Weyl sequence) spreads
 * consecutive rows over the whole range: birth days from 1935 to 2019, every prefecture.
 */
const PREFECTURES = ['310100', '320500', '330100', '340100', '410100', '420100', '510100'];
const FIRST_DAY = Date.UTC(1935, 0, 1);
const DAYS = Math.floor((Date.UTC(2019, 11, 31) - FIRST_DAY) / 86_400_000) + 1;
const CAP = 2 * FAKE_SEQUENCE_PAIRS * 10 * DAYS * PREFECTURES.length;
const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);
let MULT = Math.round(CAP * ((Math.sqrt(5) - 1) / 2));
while (gcd(MULT, CAP) !== 1) MULT++;
if (ROWS > CAP || ROWS * MULT > Number.MAX_SAFE_INTEGER)
  throw new Error(`--rows at most ${Math.min(CAP, Math.floor(Number.MAX_SAFE_INTEGER / MULT))}`);

const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈',
];
const GIVEN = [
  ...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文辉鹏飞宇浩然欣怡嘉佳晨雪琳婷',
];
const TAG_NAMES = {
  elderly_alone: '独居老人',
  party_member: '党员',
  volunteer: '志愿者',
  disabled: '残疾人',
};

/** a 32-bit integer hash, for the other fields */
function hash(i: number): number {
  let h = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const roomOf = (i: number) => Math.floor((i * ROOMS) / ROWS);

function person(i: number) {
  let j = (i * MULT) % CAP;
  const sex = j % 2 === 1 ? 'male' : 'female';
  j = Math.floor(j / 2);
  const pair = j % FAKE_SEQUENCE_PAIRS;
  j = Math.floor(j / FAKE_SEQUENCE_PAIRS);
  const county = j % 10;
  j = Math.floor(j / 10);
  const birthDate = new Date(FIRST_DAY + (j % DAYS) * 86_400_000).toISOString().slice(0, 10);
  const region = PREFECTURES[Math.floor(j / DAYS)]!;
  const picks = [(pair + 0.5) / FAKE_SEQUENCE_PAIRS, (county + 0.5) / 10];
  const documentNumber = fakeResidentId(region, birthDate, sex, () => picks.shift()!);

  const h = hash(i);
  const name =
    SURNAMES[h % SURNAMES.length]! +
    GIVEN[(h >>> 8) % GIVEN.length]! +
    (h & 0x10000 ? GIVEN[(h >>> 20) % GIVEN.length]! : '');
  const phone =
    h % 10 === 9
      ? null
      : `1${'3456789'[h % 7]}${String((i * 7_919_993 + 12_345) % 1e9).padStart(9, '0')}`;
  const registration = region === '310100' || h % 3 === 0 ? 'local' : 'migrant';
  const k = roomOf(i);
  const first = i === 0 || roomOf(i - 1) !== k;
  const second = !first && (i === 1 || roomOf(i - 2) !== k);
  const rented = room(k).occupancy === 'rented';
  const relation = first ? 'head' : rented ? 'tenant' : second ? 'spouse' : 'child';
  const tags: (keyof typeof TAG_NAMES)[] = [];
  if (birthDate < '1955-01-01' && h % 7 === 0) tags.push('elderly_alone');
  if ((h >>> 4) % 13 === 0) tags.push('party_member');
  if ((h >>> 8) % 17 === 0) tags.push('volunteer');
  if ((h >>> 12) % 41 === 0) tags.push('disabled');
  return {
    name,
    documentNumber,
    phone,
    birthDate,
    sex,
    registration,
    room: k,
    first,
    householdNumber: `H${String(k + 1).padStart(7, '0')}`,
    relation,
    tags,
  } as const;
}

// ---- files ----

const zh = <D extends keyof typeof REGISTRY_LABELS>(
  dict: D,
  code: keyof (typeof REGISTRY_LABELS)[D],
) => (REGISTRY_LABELS[dict][code] as readonly [string, string])[0];
function* housingLines(): Iterable<string> {
  const cols = REGISTRY_COLUMNS.housing;
  yield csvLine(cols.map((c) => c.zh));
  for (let k = 0; k < ROOMS; k++) {
    const r = room(k);
    const v: Record<string, string | number> = {
      compound: r.compound.name,
      building: r.building,
      unit: r.unit,
      room: r.number,
      floor: r.floor,
      floorArea: r.floorArea,
      use: zh('use', 'residential'),
      ownership: zh('ownership', r.ownership),
      occupancy: zh('occupancy', r.occupancy),
    };
    yield csvLine(cols.map((c) => v[c.key] ?? null));
  }
}

function* residentLines(): Iterable<string> {
  const cols = REGISTRY_COLUMNS.residents;
  yield csvLine(cols.map((c) => c.zh));
  for (let i = 0; i < ROWS; i++) {
    const p = person(i);
    const r = room(p.room);
    const v: Record<string, string | null> = {
      name: p.name,
      documentType: zh('documentType', 'resident_id'),
      documentNumber: p.documentNumber,
      phone: p.phone,
      birthDate: p.birthDate,
      sex: zh('sex', p.sex),
      registration: zh('registration', p.registration),
      nationality: 'CHN',
      compound: r.compound.name,
      building: r.building,
      unit: r.unit,
      room: r.number,
      householdNumber: p.householdNumber,
      relation: zh('relation', p.relation),
      tags: p.tags.map((t) => TAG_NAMES[t]).join(';'),
    };
    yield csvLine(cols.map((c) => v[c.key] ?? null));
  }
}

/** The residents' stored columns, as the import writes them: the baseline writes the same. */
const STORED_COLUMNS = columnNames(RESIDENT_COLUMNS);

/** The same rows as the import stores them (residentRow, the server's key), as COPY text. */
function* storedLines(
  committee: { code: string; path: string },
  rooms: { id: string; path: string }[],
  households: Map<string, string>,
): Iterable<string> {
  const cipher = createDataCipher(Buffer.from(DATA_KEY, 'hex'));
  const streetCode = committee.path.split('/')[2]!;
  for (let i = 0; i < ROWS; i++) {
    const p = person(i);
    const r = rooms[p.room]!;
    const row = residentRow(cipher, {
      committeeCode: committee.code,
      streetCode,
      areaPath: r.path,
      roomId: r.id,
      householdId: households.get(p.householdNumber)!,
      relation: p.relation,
      name: p.name,
      documentType: 'resident_id',
      documentNumber: p.documentNumber,
      phone: p.phone,
      birthDate: p.birthDate,
      sex: p.sex,
      registration: p.registration,
      nationality: 'CHN',
      tags: [...p.tags],
      healthNote: null,
    }) as Record<string, unknown>;
    yield copyLine(STORED_COLUMNS.map((c) => row[c] as CopyValue));
  }
}

// ---- the run ----

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-bench-registry-'));
const dataDir = tempDataDir();
let pgDb: Awaited<ReturnType<typeof freshPostgres>> | null = null;
let server: ServerProcess | null = null;
let client: pg.Client | null = null;
let lite: PGlite | null = null;

/**
 * Before each timed write, on PostgreSQL: the tables written so far vacuumed and analysed and
 * a checkpoint taken, so that neither the import nor the baseline shares the machine with
 * autovacuum's work on the step before it, or starts in the middle of a checkpoint.
 */
async function settle(): Promise<void> {
  if (!pgDb) return;
  const c = new pg.Client({ connectionString: pgDb.url });
  await c.connect();
  try {
    const t = performance.now();
    await c.query('vacuum (analyze)');
    await c.query('checkpoint');
    say(`settled (vacuum, analyze, checkpoint) in ${seconds(performance.now() - t)}`);
  } finally {
    await c.end();
  }
}

let cleaning: Promise<void> | null = null;
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    const step = async (what: string, f: () => Promise<unknown> | undefined) => {
      try {
        await f();
      } catch (e) {
        process.stderr.write(`clean-up, ${what}: ${(e as Error).message}\n`);
      }
    };
    await step('server', () => server?.stop());
    await step('pglite', () => lite?.close());
    await step('client', () => client?.end());
    await step('database', () => pgDb?.drop());
    await step('files', () => fs.promises.rm(tmp, { recursive: true, force: true }));
    await step('data dir', () => fs.promises.rm(dataDir, { recursive: true, force: true }));
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    process.stderr.write(`${signal}: cleaning up\n`);
    void cleanUp().then(() => process.exit(130));
  });

const say = (s: string) => process.stderr.write(`${s}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const perSecond = (rows: number, ms: number) => Math.round(rows / (ms / 1000));
const mb = (bytes: number) => `${(bytes / MB).toFixed(bytes < 10 * MB ? 1 : 0)} MB`;

class ImportFailed extends Error {}

/** POST a file, poll until the import ends; ms from the POST to done (the server's finish time). */
async function importFile(
  cookie: string,
  importKind: 'housing' | 'residents',
  file: string,
  rows: number,
): Promise<{
  ms: number;
  serverMs: number;
  /** from the POST until the poll first sees every row read (checked, stored form, staged) */
  stagedMs: number | null;
  result: RegistryImport;
  peakRss: number;
}> {
  const base = server!.baseUrl;
  const rss = sampleRss(server!.pid, RSS_EVERY_MS);
  try {
    const form = new FormData();
    form.append('file', await fs.openAsBlob(file, { type: 'text/csv' }), path.basename(file));
    const postedAt = Date.now();
    const t = performance.now();
    const res = await fetch(
      `${base}/api/registry/imports?kind=${importKind}&committee=${COMMITTEE}`,
      { method: 'POST', headers: { cookie }, body: form },
    );
    if (res.status !== 202)
      throw new ImportFailed(`POST ${importKind}: ${res.status} ${await res.text()}`);
    let result = (await res.json()) as RegistryImport;
    let lastSaid = performance.now();
    let stagedMs: number | null = null;
    while (result.status === 'running') {
      await sleep(POLL_MS);
      const r = await fetch(`${base}/api/registry/imports/${result.id}`, { headers: { cookie } });
      if (r.status !== 200) throw new ImportFailed(`GET import: ${r.status} ${await r.text()}`);
      result = (await r.json()) as RegistryImport;
      // rows_read is written every 500 ms while reading, and once more when staging is done;
      // seen only with "done", the split is unknown
      if (stagedMs === null && result.status === 'running' && result.rowsRead >= rows)
        stagedMs = performance.now() - t;
      if (performance.now() - lastSaid > 5000) {
        lastSaid = performance.now();
        say(
          `  ${importKind}: ${seconds(performance.now() - t)}, ${result.rowsRead} rows read, ` +
            `${((100 * result.readBytes) / result.totalBytes).toFixed(0)} % of the file`,
        );
      }
    }
    const seen = performance.now() - t;
    if (result.status !== 'done') {
      const problems = result.problems
        .slice(0, 20)
        .map((p) => `    row ${p.row}, ${p.field}: ${p.reason}`)
        .join('\n');
      throw new ImportFailed(
        `${importKind} import ${result.status} after ${seconds(seen)}: ${result.message}\n` +
          `  rows read ${result.rowsRead}, bad ${result.rowsBad}\n${problems}`,
      );
    }
    const finished = Date.parse(result.finishedAt!);
    return {
      // the poll sees "done" up to 500 ms late: the server's own finish time is exact
      ms: Math.min(seen, finished - postedAt),
      serverMs: finished - Date.parse(result.startedAt),
      stagedMs,
      result,
      peakRss: rss.stop().peak,
    };
  } finally {
    rss.stop();
  }
}

async function main(): Promise<number> {
  pgDb = kind === 'postgres' ? await freshPostgres() : null;
  let t = performance.now();
  server = await startServerProcess({
    dataDir,
    databaseUrl: pgDb?.url,
    // a file of --rows rows is larger than a committee's, which the upload cap is set for
    env: { DEMO_CASES: '0', DATA_KEY, IMPORT_MAX_MB: String(Math.max(10, Math.ceil(ROWS / 5000))) },
    nodeArgs: PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR] : [],
  });
  say(`server up in ${seconds(performance.now() - t)} (${kind}), pid ${server.pid}`);
  const cookie = await signIn(server.baseUrl, STAFF, readDemoFile().password);

  // housing first: the residents' rooms
  const housingFile = path.join(tmp, 'housing.csv');
  await writeLines(housingFile, housingLines());
  const housing = await importFile(cookie, 'housing', housingFile, ROOMS);
  say(`housing: ${ROOMS} rooms imported in ${seconds(housing.ms)}`);

  await settle();

  // the residents file
  const residentsFile = path.join(tmp, 'residents.csv');
  t = performance.now();
  const fileBytes = await writeLines(residentsFile, residentLines());
  say(
    `residents.csv: ${ROWS} rows, ${mb(fileBytes)}, written in ${seconds(performance.now() - t)}`,
  );

  // the import
  const rssBefore = sampleRss(server.pid, RSS_EVERY_MS).stop().peak;
  say('importing residents…');
  const first = await importFile(cookie, 'residents', residentsFile, ROWS);
  say(`residents imported in ${seconds(first.ms)}`);
  const again = await importFile(cookie, 'residents', residentsFile, ROWS);
  say(`same file again in ${seconds(again.ms)}`);
  await server.stop();
  server = null;

  // the baseline, the server stopped: the same rows in their stored form (the rooms and
  // households the import made) by a bare COPY into a table made like residents — the same
  // columns, indexes and foreign keys
  let query: (q: string, p?: unknown[]) => Promise<Record<string, unknown>[]>;
  let copy: (file: string, target: string) => Promise<void>;
  if (kind === 'postgres') {
    const c = new pg.Client({ connectionString: pgDb!.url });
    client = c;
    await c.connect();
    query = async (q, p) => (await c.query(q, p)).rows;
    copy = (file, target) =>
      pipeline(fs.createReadStream(file), c.query(copyFrom(`COPY ${target} FROM STDIN`)));
  } else {
    const l = await PGlite.create(path.join(dataDir, 'db'));
    lite = l;
    query = async (q, p) => (await l.query<Record<string, unknown>>(q, p)).rows;
    copy = async (file, target) => {
      await l.query(`COPY ${target} FROM '/dev/blob'`, [], { blob: await fs.openAsBlob(file) });
    };
  }
  const [committee] = (await query('select code, path from areas where code = $1', [
    COMMITTEE,
  ])) as { code: string; path: string }[];
  const found = (await query(
    `select r.id, r.area_path, b.compound_code, b.name as building, r.unit, r.number
     from rooms r join buildings b on b.id = r.building_id where r.committee_code = $1`,
    [COMMITTEE],
  )) as Record<string, string>[];
  const byKey = new Map(
    found.map((r) => [
      roomKey(r.compound_code!, r.building!, r.unit!, r.number!),
      { id: r.id!, path: r.area_path! },
    ]),
  );
  const rooms = Array.from({ length: ROOMS }, (_, k) => {
    const r = room(k);
    const hit = byKey.get(roomKey(r.compound.code, r.building, r.unit, r.number));
    if (!hit) throw new Error(`room ${k} (${r.building} ${r.unit} ${r.number}) was not stored`);
    return hit;
  });
  byKey.clear();
  const households = new Map(
    (
      (await query('select number, id from households where committee_code = $1', [COMMITTEE])) as {
        number: string;
        id: string;
      }[]
    ).map((h) => [h.number, h.id]),
  );
  const copyFile = path.join(tmp, 'residents.copy');
  t = performance.now();
  const bytes = await writeLines(copyFile, storedLines(committee!, rooms, households));
  say(`baseline rows (residentRow → COPY text): ${mb(bytes)} in ${seconds(performance.now() - t)}`);
  await query('create table residents_copy (like residents including all)');
  await query(
    `alter table residents_copy add foreign key (room_id) references rooms (id),
       add foreign key (household_id) references households (id)`,
  );
  await settle();
  t = performance.now();
  await copy(copyFile, `residents_copy (${STORED_COLUMNS.join(', ')})`);
  const copyMs = performance.now() - t;
  say(`baseline COPY: ${seconds(copyMs)}`);
  const [copied] = await query('select count(*)::int as n from residents_copy');
  if (copied!.n !== ROWS)
    throw new Error(`baseline COPY stored ${String(copied!.n)} rows, not ${ROWS}`);
  await query('drop table residents_copy');
  const [counted] = await query(
    'select count(*)::int as n from residents where committee_code = $1',
    [COMMITTEE],
  );
  const stored = counted!.n as number;

  const odd: string[] = [];
  const f = first.result;
  const a = again.result;
  if (f.inserted !== ROWS || f.updated !== 0 || f.unchanged !== 0)
    odd.push(
      `first import: inserted ${f.inserted}, updated ${f.updated}, unchanged ${f.unchanged}`,
    );
  if (a.unchanged !== ROWS || a.inserted !== 0 || a.updated !== 0)
    odd.push(`re-import: inserted ${a.inserted}, updated ${a.updated}, unchanged ${a.unchanged}`);
  if (stored !== ROWS) odd.push(`residents stored in the committee: ${stored}, not ${ROWS}`);

  const importRate = perSecond(ROWS, first.ms);
  const copyRate = perSecond(ROWS, copyMs);
  report(`registry import (${kind})`, {
    rows: ROWS,
    'residents.csv': mb(fileBytes),
    'housing first: rooms, import time': `${ROOMS}, ${seconds(housing.ms)}`,
    'bare COPY of the stored rows (baseline): rows/s': `${copyRate} (${seconds(copyMs)})`,
    'import, POST → done: rows/s': `${importRate} (${seconds(first.ms)}; server ${seconds(first.serverMs)})`,
    'of which reading, checking, staging (poll, ±0.5 s)': first.stagedMs
      ? seconds(first.stagedMs)
      : '-',
    'import / COPY': `${((100 * importRate) / copyRate).toFixed(0)} % (bar: ≥ 50 %)`,
    'server peak RSS during the import': `${mb(first.peakRss)} (bar: < 500 MB; ${mb(rssBefore)} before)`,
    'inserted / updated / unchanged': `${f.inserted} / ${f.updated} / ${f.unchanged}`,
    're-import of the same file: rows/s': `${perSecond(ROWS, again.ms)} (${seconds(again.ms)}), peak RSS ${mb(again.peakRss)}`,
    're-import inserted / updated / unchanged': `${a.inserted} / ${a.updated} / ${a.unchanged}`,
    checks: odd.length
      ? `FAILED: ${odd.join('; ')}`
      : 'all rows stored; the re-import changed nothing',
  });
  return odd.length ? 1 : 0;
}

try {
  process.exitCode = await main();
} catch (e) {
  process.stderr.write(
    e instanceof ImportFailed ? `\n${e.message}\n` : `\n${(e as Error).stack ?? String(e)}\n`,
  );
  // (assigned inside main: TypeScript cannot see it here)
  const s = server as ServerProcess | null;
  if (s) process.stderr.write(`server output (tail):\n${s.output().slice(-3000)}\n`);
  process.exitCode = 1;
} finally {
  await cleanUp();
  // everything is reported and removed: leave even if a socket or file handle of the 1-million
  // row upload is still open (the process sometimes stayed after its report)
  process.exit();
}
