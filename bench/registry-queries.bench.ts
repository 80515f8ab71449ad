/**
 * The registry at city scale (issue 5), on PostgreSQL, over HTTP as the users ask:
 *  - a lookup by ID number (committee staff, keyed-hash index), p50 / p95 / p99, and its CPU per
 *    request in the server, PostgreSQL and this client;
 *  - a search by the start of a name within a street (street operation centre), p50 / p95;
 *  - a committee's one screen (社区一屏), and a district's and the city's, p50 / p95;
 *  - baselines, same run and database: the ID found without its keyed hash (decrypting the
 *    committee's numbers), and the one screen's figures by GROUP BY over the residents.
 *   node --import tsx bench/registry-queries.bench.ts --db postgres [--scale 0.004]
 *   node --import tsx bench/registry-queries.bench.ts --url postgres://… --data-dir dir
 *     [--rounds 60] [--baseline-rounds 5] [--area-rounds 20] [--cache steady|as-is]
 *
 * --cache steady (the default with --url) times the lookups as a running server meets them: the
 * indexes they go through and the housing tables in memory, and each sampled person's own row
 * not (the sample query read them, so they are pushed out of PostgreSQL's buffers and the OS
 * cache first; dropping the OS cache needs root, and without it the figures say so). Give
 * PostgreSQL buffers for that working set (docs/BENCHMARKS.md: shared_buffers = 6GB).
 *     (a database filled by `npm run cli -- generate-registry --scale 1` with DATA_DIR=dir)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { sql } from 'kysely';
import { Agent, request } from 'undici';
import { readDemoFile } from '../apps/server/src/demo/seed-demo.js';
import { generateRegistry } from '../apps/server/src/demo/synthetic-registry.js';
import { collectStats } from '../apps/server/src/modules/registry/index.js';
import { createDataCipher, loadDataKey } from '../apps/server/src/platform/crypto.js';
import { openDatabase } from '../apps/server/src/platform/db/database.js';
import { arg, percentile, report, withCpu } from './bench-util.js';
import { freshPostgres, signIn, startServerProcess, tempDataDir } from './server-process.js';

const ROUNDS = Number(arg('rounds', '60'));
// the GROUP BY baselines read a whole district's people each round: minutes at 25 million
const BASELINE_ROUNDS = Number(arg('baseline-rounds', String(ROUNDS)));
// a district's and the city's screen: the same few requests again, slow enough that 20 tell
const AREA_ROUNDS = Number(arg('area-rounds', String(Math.min(ROUNDS, 20))));
const SAMPLES = 20; // committees: an account holds at most 20 roles
/** requests of each kind before the timed ones (the server's code warms up), on other people */
const WARMUP = 20;
/** people per committee: no one is looked up twice, in the warm-up or the timed rounds */
const PER_COMMITTEE = Math.ceil((ROUNDS + WARMUP) / SAMPLES);
const password = readDemoFile().password;

const givenUrl = arg('url', '') || null;
const fresh = givenUrl ? null : await freshPostgres();
const databaseUrl = givenUrl ?? fresh!.url;
const dataDir = arg('data-dir', '') || tempDataDir();
const server = await startServerProcess({
  dataDir,
  databaseUrl,
  // the hourly allowance of exact lookups is the limit on guessing, not what this measures
  env: { DEMO_CASES: '0', REGISTRY_LOOKUPS_PER_HOUR: '100000000' },
});
const database = await openDatabase({ databaseUrl, dataDir, poolSize: 10 });
const { db } = database;
const cipher = createDataCipher(loadDataKey(null, dataDir));
// undici's request on one kept-alive connection: less of the client's own time in the figures
// than fetch (which cost the measured requests ~0.5 ms each and the odd garbage collection)
const agent = new Agent({ connections: 1 });

try {
  if (!givenUrl) {
    const scale = Number(arg('scale', '0.004'));
    const t = performance.now();
    await generateRegistry(db, cipher, { scale, seed: 7 });
    await sql`vacuum (analyze) residents, rooms, households, registry_committee_stats`.execute(db);
    process.stderr.write(
      `generated at scale ${scale} in ${((performance.now() - t) / 1000).toFixed(0)} s\n`,
    );
  }
  const residents = Number(
    (await sql<{ n: string }>`select sum(residents) as n from registry_committee_stats`.execute(db))
      .rows[0]!.n,
  );

  // the sample: committees with people, PER_COMMITTEE people each (their ID numbers in clear),
  // their streets; ordered so that consecutive people are in different committees
  const { rows: sample } = await sql<{
    committee: string;
    street: string;
    district: string;
    enc: string;
    name: string;
  }>`
    select s.committee_code as committee, split_part(s.area_path, '/', 3) as street,
      split_part(s.area_path, '/', 2) as district, r.document_enc as enc, r.name
    from (select committee_code, area_path from registry_committee_stats where residents > 0
          order by md5(committee_code) limit ${SAMPLES}) s
    cross join lateral (select document_enc, name, row_number() over () as k from residents r
      where r.committee_code = s.committee_code and r.document_type = 'resident_id'
        and r.status = 'present' limit ${PER_COMMITTEE}) r
    order by r.k, s.committee_code`.execute(db);
  if (sample.length === 0) throw new Error('no residents: generate the registry first');
  const cache = givenUrl && arg('cache', 'steady') === 'steady' ? await steadyCache() : 'as-is';
  const people = sample.map((s) => ({
    ...s,
    id: cipher.decrypt(s.enc),
  }));

  // one committee-staff account bound to every sampled committee, one street operator likewise
  const admin = await signIn(server.baseUrl, 'admin', password);
  const make = async (username: string, role: string, codes: string[]) => {
    const r = await fetch(`${server.baseUrl}/api/accounts`, {
      method: 'POST',
      headers: { cookie: admin, 'content-type': 'application/json' },
      body: JSON.stringify({
        username,
        displayName: username,
        password: 'a-long-bench-password',
        roles: [...new Set(codes)].map((areaCode) => ({ role, areaCode })),
      }),
    });
    if (r.status !== 201 && r.status !== 409)
      throw new Error(`account ${username}: ${r.status} ${await r.text()}`);
    return signIn(server.baseUrl, username, 'a-long-bench-password');
  };
  const staff = await make(
    'bench.committee',
    'committee_staff',
    people.map((p) => p.committee),
  );
  const streetOp = await make(
    'bench.street',
    'street_operator',
    people.map((p) => p.street),
  );
  const city = await signIn(server.baseUrl, 'city', password);

  const get = async (cookie: string, url: string) => {
    const r = await request(server.baseUrl + url, { dispatcher: agent, headers: { cookie } });
    const body = await r.body.text();
    if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${body.slice(0, 200)}`);
    return body;
  };
  // an exact lookup: the value in the body, with a reason (audited)
  const lookup = async (cookie: string, body: Record<string, string>) => {
    const r = await request(server.baseUrl + '/api/registry/residents/lookup', {
      dispatcher: agent,
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: '基准测试查询', ...body }),
    });
    const text = await r.body.text();
    if (r.statusCode !== 200) throw new Error(`lookup: ${r.statusCode} ${text.slice(0, 200)}`);
    return text;
  };
  async function timed(run: (i: number) => Promise<unknown>, rounds = ROUNDS) {
    // warm up on the people after the timed ones
    for (let i = 0; i < Math.min(WARMUP, rounds); i++) await run(ROUNDS + i);
    const ms: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const t = performance.now();
      await run(i);
      ms.push(performance.now() - t);
    }
    ms.sort((a, b) => a - b);
    return { p50: percentile(ms, 50), p95: percentile(ms, 95), p99: percentile(ms, 99) };
  }
  const pick = (i: number) => people[i % people.length]!;

  // with the CPU each lookup cost the server, PostgreSQL and this client (warm-up included)
  const byId = await withCpu(server.pid, async () => ({
    ...(await timed(async (i) => {
      const p = pick(i);
      const body = await lookup(staff, { area: p.committee, document: p.id });
      if (!body.includes(p.id.slice(-4))) throw new Error('lookup by ID found no one');
    })),
    done: ROUNDS + Math.min(WARMUP, ROUNDS),
  }));
  const byName = await timed((i) => lookup(streetOp, { area: pick(i).street, name: pick(i).name }));
  const screen = await timed((i) => get(staff, `/api/registry/screen/${pick(i).committee}`));
  const districtScreen = await timed(
    (i) => get(city, `/api/registry/screen/${pick(i).district}`),
    AREA_ROUNDS,
  );
  const cityScreen = await timed(() => get(city, '/api/registry/screen/310000000000'), AREA_ROUNDS);

  // baselines: without the keyed hash (decrypt the committee's numbers to find one), and the
  // one screen's figures by GROUP BY over the people instead of the committee rows
  const idBaseline = await timed(async (i) => {
    const p = pick(i);
    const rows = await db
      .selectFrom('residents')
      .select(['id', 'document_enc'])
      .where('committee_code', '=', p.committee)
      .execute();
    if (!rows.some((r) => cipher.decrypt(r.document_enc) === p.id))
      throw new Error('baseline missed');
  }, BASELINE_ROUNDS);
  const screenBaseline = await timed(
    (i) => collectStats(db, sql<boolean>`committee_code = ${pick(i).committee}`),
    BASELINE_ROUNDS,
  );
  const districtBaseline = await timed(
    (i) => collectStats(db, sql<boolean>`area_path like ${`310000000000/${pick(i).district}/%`}`),
    BASELINE_ROUNDS,
  );

  /**
   * A long-running server's cache: what every lookup goes through (the keyed-hash and name
   * indexes, the keys of rooms, households, buildings and areas, the committee rows) in
   * PostgreSQL's buffers, the rooms and households in the OS cache, and the sampled people's
   * own rows (just read to learn their numbers) in neither.
   */
  async function steadyCache(): Promise<string> {
    await sql`create extension if not exists pg_prewarm`.execute(db);
    const size = async (rel: string) =>
      Number(
        (await sql<{ n: string }>`select pg_relation_size(${rel}::regclass) as n`.execute(db))
          .rows[0]!.n,
      );
    const buffers = Number(
      (
        await sql<{ n: string }>`
          select setting::bigint * current_setting('block_size')::bigint as n
          from pg_settings where name = 'shared_buffers'`.execute(db)
      ).rows[0]!.n,
    );
    // the sample leaves PostgreSQL's buffers: other relations, 1.3 times their size, pass through
    let cycled = 0;
    for (const rel of [
      'residents_phone_idx',
      'rooms',
      'residents_pkey',
      'rooms_building_id_unit_number_key',
      'residents_room_idx',
      'households',
      'households_committee_code_number_key',
    ]) {
      if (cycled > buffers * 1.3) break;
      await sql`select pg_prewarm(${rel}::regclass, 'buffer')`.execute(db);
      cycled += await size(rel);
    }
    let dropped = 'the OS cache kept (not root: the sampled rows may still be in memory)';
    try {
      execFileSync('sync');
      fs.writeFileSync('/proc/sys/vm/drop_caches', '3');
      dropped = 'the OS cache dropped';
    } catch {
      // not permitted: said in the figures
    }
    const inBuffers = [
      'residents_document_idx',
      'residents_street_name_idx',
      'rooms_pkey',
      'households_pkey',
      'buildings',
      'buildings_pkey',
      'areas',
      'areas_pkey',
      'registry_committee_stats',
      'registry_committee_stats_pkey',
      'registry_committee_stats_path_idx',
    ];
    const inOsCache = ['rooms', 'households'];
    for (const rel of inBuffers)
      await sql`select pg_prewarm(${rel}::regclass, 'buffer')`.execute(db);
    for (const rel of inOsCache) await sql`select pg_prewarm(${rel}::regclass, 'read')`.execute(db);
    return `steady: shared_buffers ${(buffers / 2 ** 30).toFixed(1)} GB, ${(cycled / 2 ** 30).toFixed(1)} GB of other relations passed through them, ${dropped}; in buffers: ${inBuffers.join(', ')}; in the OS cache: ${inOsCache.join(', ')}`;
  }

  const f = (x: number) => `${x.toFixed(1)} ms`;
  report('registry queries at city scale (PostgreSQL, HTTP)', {
    residents,
    cache,
    committees_sampled: new Set(people.map((p) => p.committee)).size,
    people_sampled: people.length,
    warm_up_requests: WARMUP,
    rounds: ROUNDS,
    baseline_rounds: BASELINE_ROUNDS,
    district_and_city_rounds: AREA_ROUNDS,
    id_lookup_p50: f(byId.p50),
    id_lookup_p95: f(byId.p95),
    id_lookup_p99: f(byId.p99),
    id_lookup_cpu_ms_server_postgres_client: byId.cpu,
    id_lookup_without_hmac_p95: f(idBaseline.p95),
    id_lookup_ratio: `${(idBaseline.p95 / byId.p95).toFixed(1)}× faster`,
    name_search_street_p50: f(byName.p50),
    name_search_street_p95: f(byName.p95),
    committee_screen_p50: f(screen.p50),
    committee_screen_p95: f(screen.p95),
    committee_screen_group_by_p95: f(screenBaseline.p95),
    district_screen_p95: f(districtScreen.p95),
    district_screen_group_by_p95: f(districtBaseline.p95),
    district_ratio: `${(districtBaseline.p95 / districtScreen.p95).toFixed(1)}× faster`,
    city_screen_p95: f(cityScreen.p95),
  });
} finally {
  await agent.close();
  await database.close();
  await server.stop();
  await fresh?.drop();
}
