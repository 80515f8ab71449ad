/**
 * The 12345 hotline's work orders in bulk (issue 28), against the real server in its own process:
 *  - a file of --orders work orders (CSV, or JSON lines with --format jsonl) written to a temp
 *    file as a stream, and posted as one request streamed from it (`POST /api/hotline/orders`
 *    with the hotline department's key): wall time, orders/s, cases created/s, the server's peak
 *    RSS during the import (its peak mark reset at the start, VmRSS sampled besides), and when
 *    the last of the import's texts went out;
 *  - where the time goes: the answer's own createdAt → finishedAt is the filing pass (the rest
 *    is upload, spool and the check pass), and before the import the same file with a malformed
 *    row at its end, which the server spools and checks in full and then refuses;
 *  - the same file again: every order a duplicate;
 *  - the baseline, same run and server, before the import: --cases of the same orders filed one
 *    request each through `POST /api/cases` by the demo's 12345 desk (the `hotline` operator:
 *    the caller as contact, the hotline id as Idempotency-Key) at 50 concurrent clients, as
 *    bench/intake.bench.ts → the ratio of the two rates.
 * The orders: eight categories mapped to eight scenarios, each with a city-wide dispatch rule
 * that texts the demo handler (an order does the work a report does); half placed by
 * coordinates (the committees' centres, spread over the city as intake.bench.ts spreads its
 * reports), half by a door number of 南京东路街道 (the demo's address file, imported first over
 * HTTP), as written, with the city and district in front, or with a word after it (门口, 附近…).
 *   node --import tsx bench/hotline-intake.bench.ts [--db pglite|postgres] [--orders 100000]
 *     [--cases 20000] [--format csv|jsonl] [--received-within 5 (minutes)]
 *     [--url postgres://…/empty-database]
 *     [--cpu-prof dir]   (the server's CPU profile, written to dir when it stops)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { HOTLINE_COLUMNS, HOTLINE_MEDIA_TYPES, type HotlineImport } from '@cc/contracts';
import { sql } from 'kysely';
import { Agent, FormData, request } from 'undici';
import { prng } from '../apps/server/src/demo/prng.js';
import { DEMO_ADDRESS_FILE } from '../apps/server/src/demo/seed-addresses.js';
import { readDemoFile } from '../apps/server/src/demo/seed-demo.js';
import { openDatabase } from '../apps/server/src/platform/db/database.js';
import {
  arg,
  csvLine,
  report,
  sampleRss,
  waitUntilIdle,
  withCpu,
  writeLines,
} from './bench-util.js';
import { committees, must, jsonCaller, textHandlerCityWide } from './http-fixtures.js';
import { closedLoop } from './open-loop.js';
import { freshPostgres, signIn, startServerProcess, tempDataDir } from './server-process.js';

const kind = arg('db', 'pglite');
const ORDERS = Number(arg('orders', '100000'));
const CASES = Number(arg('cases', String(Math.min(ORDERS, 20_000))));
const format = arg('format', 'csv') as 'csv' | 'jsonl';
if (format !== 'csv' && format !== 'jsonl') throw new Error('--format csv|jsonl');
// the orders' received_at lie within this many minutes before the bench started: a few, as a
// hotline that pushes its orders as they come; hours (--received-within 720) make a backlog
// whose accept deadlines (30 min and more) have passed, and the server escalates most of its
// cases as it files them (the "escalated at once" figure)
const RECEIVED_WITHIN_MIN = Number(arg('received-within', '5'));
const CONNECTIONS = 50;
const SEED = 12345;
const MB = 1024 * 1024;
const password = readDemoFile().password;

// ---- the orders ----

/** The hotline's categories, how often each comes, the scenario it maps to, what callers say. */
const CATEGORIES = [
  {
    category: '噪声扰民',
    weight: 18,
    scenarioCode: 'noise-nuisance',
    attributes: { source: 'renovation' },
    says: [
      '楼上装修电钻声从早到晚不停，周末也在施工，影响休息',
      '夜间有装修施工噪声扰民，已持续多日',
      '隔壁住户装修敲墙，中午休息时间也不停',
    ],
  },
  {
    category: '违章停车',
    weight: 15,
    scenarioCode: 'illegal-parking',
    attributes: {},
    says: [
      '机动车长期占用人行道停放，行人只能走机动车道',
      '有车辆停在消防通道上，多次劝离无果',
      '路口转角处车辆违停，遮挡视线容易出事故',
    ],
  },
  {
    category: '占道经营',
    weight: 12,
    scenarioCode: 'road-occupation-business',
    attributes: {},
    says: [
      '早餐摊占用人行道经营，油污满地',
      '水果店跨门营业，货架摆到人行道中间',
      '沿街商铺把桌椅摆到门外，占道经营',
    ],
  },
  {
    category: '垃圾满溢',
    weight: 12,
    scenarioCode: 'garbage-overflow',
    attributes: {},
    says: [
      '小区垃圾箱房垃圾满溢，气味很大，夏天招苍蝇',
      '路边垃圾桶满溢，垃圾散落一地，未及时清运',
    ],
  },
  {
    category: '楼道堆物',
    weight: 10,
    scenarioCode: 'corridor-clutter',
    attributes: {},
    says: ['楼道内堆放纸板和旧家具，存在消防隐患', '邻居在楼梯间堆放杂物，老人上下楼不方便'],
  },
  {
    category: '餐饮油烟',
    weight: 8,
    scenarioCode: 'cooking-fume',
    attributes: {},
    says: ['底楼饭店油烟直排，楼上居民不敢开窗', '烧烤店排烟管道对着居民楼，油烟扰民'],
  },
  {
    category: '路灯故障',
    weight: 8,
    scenarioCode: 'street-light-out',
    attributes: {},
    says: ['路灯不亮已有一周，夜间出行不安全', '一排路灯忽明忽暗，晚上很暗'],
  },
  {
    category: '共享单车乱停放',
    weight: 7,
    scenarioCode: 'shared-bike-disorder',
    attributes: {},
    says: ['地铁站出口共享单车乱停放，堵住盲道', '共享单车堆在小区门口，车辆进出困难'],
  },
] as const;
const WEIGHTS: number[] = [];
for (const c of CATEGORIES) WEIGHTS.push((WEIGHTS.at(-1) ?? 0) + c.weight);
const SPOTS = ['', '菜场旁', '小区门口', '沿街商铺', '公交站附近', '弄堂里', '学校对面'];
const TAILS = ['门口', '附近', '旁边', '对面', '沿街'];
const ASKS = ['，请相关部门处理。', '，要求尽快处理。', '，希望管一管。', '。'];
// prettier-ignore
const SURNAMES = ['王', '张', '陈', '李', '刘', '徐', '朱', '周', '杨', '黄', '吴', '沈', '顾', '陆', '钱'];

const places = committees();
const addresses = fs
  .readFileSync(DEMO_ADDRESS_FILE, 'utf8')
  .split('\n')
  .slice(1)
  .filter((l) => l.trim() !== '')
  .map((l) => {
    const [address, lng, lat] = l.split(',');
    return { address: address!, lng: Number(lng), lat: Number(lat) };
  });

/** The time the orders were received up to: their received_at lie in the minutes before. */
const T0 = Date.now();
const shanghaiIso = (t: number) =>
  `${new Date(t + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;

interface Order {
  hotline_id: string;
  category: string;
  text: string;
  caller_name: string | null;
  caller_phone: string | null;
  address: string | null;
  lng: number | null;
  lat: number | null;
  received_at: string;
}

/** Order i of the file, the same every time it is asked for; with the point it lies at. */
function order(i: number): {
  order: Order;
  point: [number, number];
  cat: (typeof CATEGORIES)[number];
} {
  const rand = prng(SEED * 1_000_003 + i);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const w = rand() * WEIGHTS.at(-1)!;
  const cat = CATEGORIES[WEIGHTS.findIndex((c) => w < c)]!;
  let where: string;
  let address: string | null = null;
  let point: [number, number];
  if (i % 2 === 0) {
    const c = places[(i * 7919) % places.length]!;
    point = c.centre;
    where = `${c.name}辖区${pick(SPOTS)}`;
  } else {
    const a = pick(addresses);
    const form = rand();
    address =
      form < 0.4
        ? a.address
        : form < 0.7
          ? `上海市黄浦区${a.address}`
          : `${a.address}${pick(TAILS)}`;
    point = [a.lng, a.lat];
    where = address;
  }
  const named = rand() < 0.85;
  return {
    order: {
      hotline_id: `HL${String(SEED)}-${String(i).padStart(7, '0')}`,
      category: cat.category,
      text: `市民来电反映：${where}${pick(cat.says)}${pick(ASKS)}`,
      caller_name: named ? `${pick(SURNAMES)}${rand() < 0.5 ? '先生' : '女士'}` : null,
      caller_phone: named
        ? `1${pick(['3', '5', '8'])}${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`
        : null,
      address,
      lng: address ? null : point[0],
      lat: address ? null : point[1],
      received_at: shanghaiIso(T0 - Math.floor(rand() * RECEIVED_WITHIN_MIN * 60_000)),
    },
    point,
    cat,
  };
}

function* fileLines(): Iterable<string> {
  if (format === 'csv') yield csvLine([...HOTLINE_COLUMNS]);
  for (let i = 0; i < ORDERS; i++) {
    const o = order(i).order;
    yield format === 'csv' ? csvLine(HOTLINE_COLUMNS.map((c) => o[c])) : `${JSON.stringify(o)}\n`;
  }
}

// ---- the server ----

const givenUrl = arg('url', '');
const pgDb =
  kind !== 'postgres'
    ? null
    : givenUrl
      ? { url: givenUrl, drop: async () => {} }
      : await freshPostgres();
const dataDir = tempDataDir();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-hotline-bench-'));
const profileDir = arg('cpu-prof', '');
const server = await startServerProcess({
  dataDir,
  databaseUrl: pgDb?.url,
  // thousands of reports a second from one desk: the per-account limits are for people
  env: { DEMO_CASES: '0', CASE_REPORTS_PER_MINUTE: '100000000' },
  nodeArgs: profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [],
});
const base = server.baseUrl;
// an import of 100,000 orders answers after minutes: no time limit on the answer
const agent = new Agent({ connections: CONNECTIONS, headersTimeout: 0, bodyTimeout: 0 });
const call = jsonCaller(base, agent);
let stopped = false;
const stopServer = async () => {
  if (stopped) return;
  stopped = true;
  await server.stop();
  await agent.close();
};
const say = (s: string) => process.stderr.write(`${s}\n`);
const mb = (bytes: number) => `${(bytes / MB).toFixed(0)} MB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;

try {
  // ---- setup: the hotline's department, its categories, dispatch, the address book ----
  const admin = await signIn(base, 'admin', password);
  // the hotline's department: made here, or (where the city's shipped departments have it) its
  // key issued, as an administrator does in the console
  const made = await call('/api/departments', {
    cookie: admin,
    body: {
      code: 'hotline-12345',
      name: '12345市民服务热线',
      nameEn: '12345 Citizen Service Hotline',
      grants: ['hotline'],
    },
  });
  const apiKey = (
    made.status === 409
      ? must(
          'key',
          await call('/api/departments/hotline-12345/key', { cookie: admin, method: 'POST' }),
          200,
        )
      : must('department', made, 201)
  ).apiKey as string;
  for (const c of CATEGORIES) {
    must(
      `category ${c.category}`,
      await call(`/api/hotline/categories/${encodeURIComponent(c.category)}`, {
        method: 'PUT',
        cookie: admin,
        body: { scenarioCode: c.scenarioCode, attributes: c.attributes },
      }),
      200,
    );
  }
  await textHandlerCityWide(
    call,
    base,
    password,
    CATEGORIES.map((c) => c.scenarioCode),
    '城运中心',
  );
  const book = new FormData();
  book.append(
    'file',
    await fs.openAsBlob(DEMO_ADDRESS_FILE, { type: 'text/csv' }),
    path.basename(DEMO_ADDRESS_FILE),
  );
  must('address file', await call('/api/addresses/imports', { cookie: admin, body: book }), 201);

  // ---- the file ----
  const t = performance.now();
  const orderFile = path.join(tmp, `orders.${format}`);
  const fileBytes = await writeLines(orderFile, fileLines());
  say(
    `${ORDERS} orders, ${(fileBytes / MB).toFixed(1)} MB of ${format}, written in ${secs(performance.now() - t)}`,
  );

  /** POST the file (and `extra` after it), streamed from disk; the answer and its timings. */
  const post = async (extra = '') => {
    const body = fs.createReadStream(orderFile, { highWaterMark: 256 * 1024 });
    let uploadedAt = 0;
    body.once('end', () => (uploadedAt = performance.now()));
    const started = performance.now();
    const res = await request(`${base}/api/hotline/orders`, {
      dispatcher: agent,
      method: 'POST',
      headers: {
        authorization: `Bearer ${apiKey}`,
        'content-type': HOTLINE_MEDIA_TYPES[format],
        'content-length': String(fileBytes + Buffer.byteLength(extra)),
      },
      body: extra
        ? Readable.from(
            (async function* () {
              for await (const chunk of body) yield chunk as Buffer;
              uploadedAt = performance.now();
              yield Buffer.from(extra);
            })(),
            { objectMode: false },
          )
        : body,
    });
    const answer = (await res.body.json()) as HotlineImport & { message?: string };
    const ms = performance.now() - started;
    return { status: res.statusCode, answer, ms, uploadMs: uploadedAt - started };
  };
  const fileImport = async (what: string) => {
    // the server's resident set now, then its peak while it takes the file; the bench's own too
    const before = sampleRss(server.pid).stop().peak;
    const rss = sampleRss(server.pid, 100);
    const own = sampleRss(process.pid, 100);
    let peak = 0;
    let ownPeak = 0;
    const r = await withCpu(server.pid, async () => {
      const p = await post();
      return { ...p, done: p.answer.rowsRead ?? 0 };
    }).finally(() => {
      peak = rss.stop().peak;
      ownPeak = own.stop().peak;
    });
    if (r.status !== 200 || r.answer.outcome !== 'imported')
      throw new Error(`${what}: ${r.status} ${JSON.stringify(r.answer).slice(0, 2000)}`);
    const filingMs = Date.parse(r.answer.finishedAt!) - Date.parse(r.answer.createdAt);
    say(
      `${what}: ${r.answer.rowsRead} rows in ${secs(r.ms)} (upload ${secs(r.uploadMs)}, filing pass ${secs(filingMs)}), created ${r.answer.created}, duplicates ${r.answer.duplicates}, server RSS ${mb(before)} → peak ${mb(peak)}`,
    );
    return { ...r, filingMs, before, peak, ownPeak, endedAt: Date.now() };
  };

  // ---- the baseline: the same orders, one request each, by the 12345 desk ----
  const desk = await signIn(base, 'hotline', password);
  let k = 0;
  const fileOne = (keyPrefix: string) => async () => {
    const { order: o, point, cat } = order(k++ % ORDERS);
    const r = await request(`${base}/api/cases`, {
      dispatcher: agent,
      method: 'POST',
      headers: {
        cookie: desk,
        'content-type': 'application/json',
        'idempotency-key': `${keyPrefix}-${o.hotline_id}`,
      },
      body: JSON.stringify({
        scenarioCode: cat.scenarioCode,
        description: o.text,
        lng: point[0],
        lat: point[1],
        ...(o.address ? { address: o.address } : {}),
        attributes: cat.attributes,
        ...(o.caller_name ? { contact: { name: o.caller_name, phone: o.caller_phone } } : {}),
      }),
    });
    await r.body.dump();
    return r.statusCode === 201;
  };
  await closedLoop({ connections: CONNECTIONS, seconds: 2, task: fileOne('warm-up') });
  k = 0;
  const warmed = await waitUntilIdle(server.pid, pgDb?.url);
  say(`baseline warm-up settled in ${secs(warmed)}`);
  const baseline = await withCpu(server.pid, () =>
    closedLoop({
      connections: CONNECTIONS,
      seconds: Infinity,
      total: CASES,
      task: fileOne('desk'),
    }),
  );
  say(`baseline: ${baseline.done} cases at ${baseline.perSecond}/s, ${baseline.failed} failed`);
  const baselineDrain = await waitUntilIdle(server.pid, pgDb?.url);

  // ---- where the time goes: the whole file spooled and checked, then refused ----
  const bad =
    format === 'csv'
      ? csvLine(['HL-BAD-1', '噪声扰民', '末行列数不符'])
      : '{"hotline_id": "HL-BAD-1", "category": 1}\n';
  const refused = await post(bad);
  if (refused.status !== 400) throw new Error(`the malformed file: ${refused.status}`);
  say(`refused at its last row after ${secs(refused.ms)} (upload ${secs(refused.uploadMs)})`);

  // ---- the import, then the same file again ----
  const first = await fileImport('import');
  const firstDrain = await waitUntilIdle(server.pid, pgDb?.url);
  const again = await fileImport('again');
  await waitUntilIdle(server.pid, pgDb?.url);
  await stopServer();

  // ---- the texts, read from the database once the server has stopped ----
  const database = await openDatabase({ databaseUrl: pgDb?.url ?? null, dataDir, poolSize: 1 });
  // fresh statistics: without them the join below was planned as a nested loop (9 minutes)
  await sql`analyze cases, notifications`.execute(database.db);
  const texts = (
    await sql<{ n: number; unsent: number; last: Date | null }>`
      select count(n.sent_at)::int as n, count(*) filter (where n.sent_at is null)::int as unsent,
             max(n.sent_at) as last
        from cases c join notifications n on n.case_id = c.id and n.channel = 'sms'
       where c.source = 'hotline' and c.reporter_id is null`.execute(database.db)
  ).rows[0]!;
  // the import's cases (no reporter: the desk's have one), and those escalated as they came in
  const filed = (
    await sql<{ n: number; escalated: number }>`
      select count(*)::int as n, count(*) filter (where status = 'escalated')::int as escalated
        from cases where source = 'hotline' and reporter_id is null`.execute(database.db)
  ).rows[0]!;
  await database.close();

  const a = first.answer;
  const held = a.unplaced.rows + a.unmapped.reduce((n, u) => n + u.rows, 0);
  const createdPerSecond = Math.round(a.created / (first.ms / 1000));
  report(`hotline intake (${kind})`, {
    'orders in the file': `${ORDERS} (${format}, ${(fileBytes / MB).toFixed(1)} MB, received within ${RECEIVED_WITHIN_MIN} min)`,
    'import: wall time (one request)': secs(first.ms),
    'import: orders/s (rows read)': Math.round(a.rowsRead / (first.ms / 1000)),
    'import: cases created/s': createdPerSecond,
    'import: created / held back (unplaced, unmapped) / duplicates': `${a.created} / ${held} (${a.unplaced.rows}, ${held - a.unplaced.rows}) / ${a.duplicates}`,
    'import: upload / filing pass (the rest: spool, check pass)': `${secs(first.uploadMs)} / ${secs(first.filingMs)}`,
    'same file with a bad last row: refused after (spool + check)': `${secs(refused.ms)}`,
    'import: server RSS before / peak during': `${mb(first.before)} / ${mb(first.peak)}`,
    'import: CPU ms per order: server / PostgreSQL / load': first.cpu,
    "import: its last text sent after the import's answer": `${secs(texts.last ? texts.last.getTime() - first.endedAt : NaN)} (server idle after ${secs(firstDrain)})`,
    'texts of its cases: sent / unsent': `${texts.n} / ${texts.unsent} (${filed.n} cases, ${filed.escalated} escalated at once)`,
    'again (all duplicates): wall time, orders/s': `${secs(again.ms)}, ${Math.round(again.answer.rowsRead / (again.ms / 1000))}`,
    'again: created / duplicates': `${again.answer.created} / ${again.answer.duplicates}`,
    'again: server RSS before / peak during': `${mb(again.before)} / ${mb(again.peak)}`,
    [`baseline: POST /api/cases, ${CONNECTIONS} clients: cases/s`]: `${baseline.perSecond} (${baseline.done} cases, ${baseline.failed} failed, texts done ${secs(baselineDrain)} later)`,
    'baseline: p50 / p99 ms': `${baseline.p50} / ${baseline.p99}`,
    'baseline: CPU ms per case: server / PostgreSQL / load': baseline.cpu,
    'hotline cases created/s / case intake cases/s': `${((createdPerSecond / baseline.perSecond) * 100).toFixed(0)} %`,
    'bench process RSS peak during the import (the file streamed)': `${mb(first.ownPeak)}`,
  });
} finally {
  await stopServer();
  await pgDb?.drop();
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
}
