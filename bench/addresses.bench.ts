/**
 * Address search (issue 26, decision 025) over --scale × 1,000,000 addresses:
 *  - the fill: synthetic Shanghai door numbers spread over the city's 6,509 committees by the
 *    volunteers' weights (volunteers-fixtures.ts), each committee on 2–4 of 1,152 road names
 *    (南京东路, 控江路, … made from real first parts and suffixes), `路n号` and `路n弄m号`, a
 *    point in the committee; rows and their suffixes written by one statement per 20,000 (the
 *    index as the import writes it), then analysed; plus the demo street's file
 *    (data/addresses/nanjing-east-road.csv) through the real import;
 *  - `GET /api/addresses/search?q&limit=10` one at a time over HTTP, --queries of each kind:
 *    a door number typed in full (exact), a road and the start of a number (prefix), a road
 *    alone (prefix, thousands of matches), the end of a road and a number (contains), two
 *    characters (contains, many matches), as the city operator and as a committee's staff (its
 *    own area first); with `near` for one kind; p50 / p95 / p99; the baseline `GET /api/auth/me`
 *    in the same run and client.
 *   node --import tsx bench/addresses.bench.ts [--db pglite|postgres] [--scale 1] [--queries 300]
 * The server runs in this process (the fill needs its database).
 */
import path from 'node:path';
import { sql } from 'kysely';
import { prng } from '../apps/server/src/demo/prng.js';
import { importAddressFile, normaliseAddress } from '../apps/server/src/modules/addresses/index.js';
import { startTestPlatform, staffAccount, type Client } from '../apps/server/src/testing.js';
import { arg, percentile, report } from './bench-util.js';
import { committeeChooser, committeePlaces, pointIn } from './volunteers-fixtures.js';

const kind = arg('db', process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite') as
  'pglite' | 'postgres';
const SCALE = Number(arg('scale', '1'));
const COUNT = Math.round(1_000_000 * SCALE);
const QUERIES = Number(arg('queries', '300'));
const SEED = 26;

const FIRST = (
  '南京 北京 四川 延安 长寿 武宁 控江 国权 张杨 浦东 淮海 复兴 建国 肇嘉浜 漕溪 虹桥 天山 ' +
  '中山 西藏 河南 江西 福建 山东 山西 浙江 江苏 湖南 湖北 广西 广东 云南 贵州 陕西 甘肃 ' +
  '宁夏 青海 新疆 黑龙江 吉林 辽宁 内蒙古 安徽 江宁 昌平 海防 常德 胶州 康定 余姚 镇宁 ' +
  '愚园 华山 乌鲁木齐 衡山 宛平 岳阳 襄阳 陕西 茂名 瑞金 思南 重庆 黄陂 马当 顺昌 打浦 ' +
  '蒙自 制造局 斜土 零陵 龙华 罗秀 虹梅 桂林 钦州 田林 宜山 凯旋 古北 水城 仙霞 剑河 ' +
  '哈密 金浜 周家嘴 平凉 杨树浦 黄兴 殷行 五角场 政立 民星 营口 包头 翔殷 邯郸 国定 ' +
  '四平 大连 临平 曲阳 赤峰 玉田 广中 车站 共和新 交通 大统 恒丰 长安 海宁 天目 梅园 ' +
  '沪太 场中 真北 铜川 曹杨 梅川 金沙江 枣阳 光复 宜昌 新村 祁连山 锦秋 丰庄 曹安 嘉松'
)
  .split(' ')
  .filter(Boolean);
const SUFFIX = ['路', '东路', '西路', '中路', '北路', '南路', '支路', '大道', '街'];
const ROADS = [...new Set(FIRST.flatMap((f) => SUFFIX.map((s) => `${f}${s}`)))];

const tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 100_000 });
const { db } = tp.platform.deps;

// ---- the fill ----
const fillStarted = performance.now();
const places = await committeePlaces(db, SEED);
const choose = committeeChooser(places);
const rand = prng(SEED);
// each committee on a few roads: the same road runs through neighbouring committees too
const roadsOf = new Map(
  places.map((p) => [
    p.code,
    Array.from(
      { length: 2 + Math.floor(rand() * 3) },
      () => ROADS[Math.floor(rand() * ROADS.length)]!,
    ),
  ]),
);
const CHUNK = 20_000;
const typed: { label: string; committee: string }[] = [];
let lastNote = 0;
// duplicates (the same door drawn twice) are skipped: draw until COUNT are stored
for (let stored = 0; stored < COUNT;) {
  const n = Math.min(CHUNK, Math.round((COUNT - stored) * 1.15) + 10);
  const cols = {
    label: [] as string[],
    search: [] as string[],
    lng: [] as number[],
    lat: [] as number[],
    code: [] as string[],
    path: [] as string[],
  };
  for (let k = 0; k < n; k++) {
    const c = choose(rand);
    const roads = roadsOf.get(c.code)!;
    const road = roads[Math.floor(rand() * roads.length)]!;
    const no = 1 + Math.floor(rand() * 1500);
    const label =
      rand() < 0.35 ? `${road}${no}弄${1 + Math.floor(rand() * 60)}号` : `${road}${no}号`;
    const p = pointIn(rand, c);
    cols.label.push(label);
    cols.search.push(normaliseAddress(label));
    cols.lng.push(+p.lng.toFixed(6));
    cols.lat.push(+p.lat.toFixed(6));
    cols.code.push(c.code);
    cols.path.push(c.path);
    if (rand() < 0.002) typed.push({ label, committee: c.code });
  }
  const r = await sql<{ n: string }>`
    with a as (
      insert into addresses (kind, source, ref, label, search, lng, lat, area_code, area_path)
      select 'address', 'import', search, label, search, lng, lat, code, path
        from unnest(${cols.label}::text[], ${cols.search}::text[], ${cols.lng}::float8[],
          ${cols.lat}::float8[], ${cols.code}::text[], ${cols.path}::text[])
          as t(label, search, lng, lat, code, path)
      on conflict (source, ref) do nothing
      returning id, search),
    s as (
      insert into address_suffixes (suffix, address_id)
      select substr(a.search, i, 16), a.id
        from a cross join lateral generate_series(2, char_length(a.search)) as i
       where not (substr(a.search, i, 1) between '0' and '9'
                  and substr(a.search, i - 1, 1) between '0' and '9')
      on conflict do nothing)
    select count(*) as n from a`.execute(db);
  stored += Number(r.rows[0]?.n ?? 0);
  const s = (performance.now() - fillStarted) / 1000;
  if (s - lastNote > 15 || stored >= COUNT) {
    lastNote = s;
    process.stderr.write(`${stored.toLocaleString('en')} addresses in ${s.toFixed(0)} s\n`);
  }
}
const demoFile = path.join(import.meta.dirname, '../data/addresses/nanjing-east-road.csv');
const demoStarted = performance.now();
const demo = await importAddressFile(
  { ...tp.platform.deps, actor: null, ip: null },
  demoFile,
  'nanjing-east-road.csv',
);
const demoSeconds = (performance.now() - demoStarted) / 1000;
await sql`analyze addresses`.execute(db);
await sql`analyze address_suffixes`.execute(db);
const fillSeconds = (performance.now() - fillStarted) / 1000;
const counts = (
  await sql<{ addresses: string; suffixes: string }>`
    select (select count(*) from addresses) as addresses,
           (select count(*) from address_suffixes) as suffixes`.execute(db)
).rows[0]!;
process.stderr.write(
  `filled ${counts.addresses} addresses, ${counts.suffixes} suffixes in ${fillSeconds.toFixed(0)} s\n`,
);

// ---- the queries ----
const qrand = prng(SEED + 1);
const sample = () => typed[Math.floor(qrand() * typed.length)]!;
const roadOf = (label: string) => /^(.*?(?:路|大道|街))/.exec(label)![1]!;
const kinds: Record<string, () => string> = {
  'door number in full (exact)': () => sample().label,
  'road + start of a number (prefix)': () => {
    const l = sample().label;
    const m = /^(.*?(?:路|大道|街))(\d+)/.exec(l)!;
    return `${m[1]}${m[2]!.slice(0, Math.max(1, m[2]!.length - 1))}`;
  },
  'road alone (prefix, many)': () => roadOf(sample().label),
  'end of a road + number (contains)': () => {
    const l = sample().label;
    const road = roadOf(l);
    return `${road.slice(-2)}${l.slice(road.length).replace(/号$/, '')}`;
  },
  'two characters (contains, many)': () => roadOf(sample().label).slice(1, 3),
};

async function timed(who: Client, paths: string[]) {
  for (const p of paths.slice(0, 10)) await who.get(p);
  const ms: number[] = [];
  let empty = 0;
  for (const p of paths) {
    const t = performance.now();
    const r = await who.get(p);
    ms.push(performance.now() - t);
    if (r.status !== 200) throw new Error(`${p}: ${r.status} ${JSON.stringify(r.body)}`);
    if ((r.body as { items?: unknown[] }).items?.length === 0) empty++;
  }
  const sorted = ms.sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    empty,
  };
}
const f = (x: number) => `${x.toFixed(1)} ms`;
const line = (r: Awaited<ReturnType<typeof timed>>) =>
  `p50 ${f(r.p50)} · p95 ${f(r.p95)} · p99 ${f(r.p99)}${r.empty ? ` (${r.empty} found nothing)` : ''}`;

const city = await tp.login('city');
const staff = await staffAccount(tp, {
  username: 'bench-committee',
  role: 'committee_staff',
  areaCode: typed[0]!.committee,
});
const figures: Record<string, string | number> = {
  database: kind,
  addresses: Number(counts.addresses),
  suffixes: Number(counts.suffixes),
  'fill time': `${fillSeconds.toFixed(0)} s`,
  'demo file import': `${demo.rowsRead} rows in ${demoSeconds.toFixed(1)} s`,
};
const search = (q: string, extra = '') =>
  `/api/addresses/search?q=${encodeURIComponent(q)}&limit=10${extra}`;
const all: number[] = [];
for (const [name, make] of Object.entries(kinds)) {
  const qs = Array.from({ length: QUERIES }, make);
  const asCity = await timed(
    city,
    qs.map((q) => search(q)),
  );
  const asStaff = await timed(
    staff,
    qs.map((q) => search(q)),
  );
  figures[`${name}, city operator`] = line(asCity);
  figures[`${name}, committee staff`] = line(asStaff);
  all.push(asCity.p95, asStaff.p95);
}
{
  const qs = Array.from({ length: QUERIES }, kinds['road alone (prefix, many)']!);
  const p = pointIn(qrand, committeeChooser(places)(qrand));
  figures['road alone with near, city operator'] = line(
    await timed(
      city,
      qs.map((q) => search(q, `&near=${p.lat.toFixed(5)},${p.lng.toFixed(5)}`)),
    ),
  );
}
const exact = await city.get(search('南京东路720'));
figures['南京东路720 → first'] = `${exact.body.items[0]?.label} (${exact.body.items[0]?.match})`;
figures['baseline GET /api/auth/me'] = line(
  await timed(
    city,
    Array.from({ length: QUERIES }, () => '/api/auth/me'),
  ),
);
figures['worst p95 of the search kinds'] = f(Math.max(...all));
report(`Address search over ${Number(counts.addresses).toLocaleString('en')} addresses`, figures);
await tp.close();
