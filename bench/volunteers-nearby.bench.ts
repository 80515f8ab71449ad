/**
 * "Volunteers near this point with this skill, available now" (issue 23) over --scale × 500,000
 * volunteers:
 *  - the fill (volunteers-fixtures.ts): volunteers spread over Shanghai's 6,509 committees by
 *    weight (a committee's own factor, few in the 虚拟社区, up to twice as many near the centre —
 *    where committees are small and close together anyway), each around their committee's centre
 *    within its bounding box, 1–3 skills (common ones more often), a week's availability by
 *    type (retired, working, students), their volunteer_skill_cells rows by gridCell; 0.5 % on
 *    duty (an accepted task);
 *  - `GET /api/volunteers/nearby?lat&lng&skill&radiusM=3000` (availableNow by default) one at a
 *    time over HTTP at --points random points (where work comes up: committees by the same
 *    weight), a random skill each, as the city operator (the whole city) and as 黄浦's district
 *    operator (points in 黄浦): p50 / p95 / p99; the same points without a skill, for
 *    information; baselines in the same run, same client and points: `GET /api/areas/resolve`
 *    (a point lookup through the same stack) and `GET /api/auth/me` (a signed-in request);
 *  - --check points answered against a brute-force scan of the table (skill, availability now,
 *    not on duty, within the dispatcher's area and the radius, nearest first).
 *   node --import tsx bench/volunteers-nearby.bench.ts [--db pglite|postgres] [--scale 1]
 *     [--points 400] [--check 20]
 * The server runs in this process (the fill needs its database).
 */
import { sql } from 'kysely';
import { prng } from '../apps/server/src/demo/prng.js';
import { distanceMeters } from '../apps/server/src/platform/geo.js';
import { gridCell } from '../apps/server/src/modules/volunteers/index.js';
import { accountId, startTestPlatform, type Client } from '../apps/server/src/testing.js';
import { arg, percentile, report } from './bench-util.js';
import {
  committeeChooser,
  committeePlaces,
  fillVolunteers,
  pointIn,
  SKILLS,
} from './volunteers-fixtures.js';

const kind = arg('db', process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite') as
  'pglite' | 'postgres';
const SCALE = Number(arg('scale', '1'));
const VOLUNTEERS = Math.round(500_000 * SCALE);
const POINTS = Number(arg('points', '400'));
const CHECKS = Number(arg('check', '20'));
const RADIUS = 3000;
const LIMIT = 20; // the query's default
const HUANGPU = '310101000000';
const SEED = 23;

const tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 100_000 });
const { db, cipher } = tp.platform.deps;

// ---- the fill ----
const fillStarted = performance.now();
const places = await committeePlaces(db, SEED);
let lastNote = 0;
await fillVolunteers(db, cipher, {
  count: VOLUNTEERS,
  seed: SEED,
  committees: places,
  onProgress: (done) => {
    const s = (performance.now() - fillStarted) / 1000;
    if (s - lastNote < 10 && done < VOLUNTEERS) return;
    lastNote = s;
    process.stderr.write(`${done.toLocaleString('en')} volunteers in ${s.toFixed(0)} s\n`);
  },
});
// 0.5 % on duty now: a task they accepted an hour ago (the query leaves them out)
const city = await accountId(tp, 'city');
await sql`select setseed(0.23)`.execute(db);
await sql`
  insert into volunteer_tasks (id, title, lat, lng, area_path, volunteer_id, status, sent_by,
    sent_by_name, sent_at, answered_at)
  select gen_random_uuid(), '为独居老人送药', lat, lng, area_path, id, 'accepted', ${city}::uuid,
    '市城运中心 李强', now() - interval '1 hour', now() - interval '50 minutes'
  from volunteers where random() < 0.005`.execute(db);
await sql`analyze volunteers, volunteer_skill_cells, volunteer_tasks`.execute(db);
const fillSeconds = (performance.now() - fillStarted) / 1000;
const counts = (
  await sql<{ volunteers: string; cells: string; skills: string; on_duty: string }>`
    select (select count(*) from volunteers) as volunteers,
      (select count(*) from volunteer_skill_cells) as cells,
      (select sum(cardinality(skills) + 1) from volunteers) as skills,
      (select count(*) from volunteer_tasks where status = 'accepted') as on_duty`.execute(db)
).rows[0]!;
// the squares as gridCell files them, and one skill row per skill plus the '' (any skill) row
const sample = await db
  .selectFrom('volunteers')
  .select(['lat', 'lng', 'cell'])
  .orderBy('id')
  .limit(2000)
  .execute();
const offGrid = sample.filter((r) => String(gridCell(r.lat, r.lng)) !== String(r.cell)).length;
if (offGrid || counts.cells !== counts.skills)
  throw new Error(
    `fill: ${offGrid} squares differ from gridCell; ${counts.cells} skill rows of ${counts.skills}`,
  );
process.stderr.write(
  `filled ${counts.volunteers} volunteers (${counts.cells} skill rows, ${counts.on_duty} on duty) in ${fillSeconds.toFixed(0)} s\n`,
);

// ---- the points: where work comes up ----
const choose = committeeChooser(places);
const huangpuPlaces = places.filter((p) => p.path.split('/').includes(HUANGPU));
const chooseHuangpu = committeeChooser(huangpuPlaces);
const rand = prng(SEED + 1);
const pointsOf = (pickPlace: typeof choose) =>
  Array.from({ length: POINTS }, () => {
    const p = pointIn(rand, pickPlace(rand));
    return {
      lat: +p.lat.toFixed(6),
      lng: +p.lng.toFixed(6),
      skill: SKILLS[Math.floor(rand() * SKILLS.length)]!,
    };
  });

interface Answer {
  items: { volunteer: { id: string }; distanceM: number; onDuty: boolean; availableNow: boolean }[];
}
const nearbyPath = (p: { lat: number; lng: number; skill: string | null }) =>
  `/api/volunteers/nearby?lat=${p.lat}&lng=${p.lng}${p.skill ? `&skill=${p.skill}` : ''}&radiusM=${RADIUS}`;

/**
 * Sequential requests, one per path, after a few to warm up: latencies and answers. (A point
 * at the coast may lie outside every area: the lookup's 404 costs what its 200 does.)
 */
async function timed(who: Client, paths: string[], ok: readonly number[] = [200]) {
  for (const path of paths.slice(0, 10)) await who.get(path);
  const ms: number[] = [];
  const bodies: unknown[] = [];
  for (const path of paths) {
    const t = performance.now();
    const r = await who.get(path);
    ms.push(performance.now() - t);
    if (!ok.includes(r.status)) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
    bodies.push(r.body);
  }
  const sorted = [...ms].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    bodies,
  };
}

const f = (x: number) => `${x.toFixed(1)} ms`;
const figures: Record<string, string | number> = {
  database: kind,
  volunteers: Number(counts.volunteers),
  'skill rows / on duty': `${counts.cells} / ${counts.on_duty}`,
  'fill time': `${fillSeconds.toFixed(0)} s`,
};
let worstP95 = 0;
const dispatchers = [
  { name: 'city operator, anywhere', username: 'city', root: null, pick: choose },
  {
    name: '黄浦 district operator, in 黄浦',
    username: 'huangpu',
    root: HUANGPU,
    pick: chooseHuangpu,
  },
] as const;
const asked: {
  who: (typeof dispatchers)[number];
  points: ReturnType<typeof pointsOf>;
  answers: Answer[];
}[] = [];
for (const d of dispatchers) {
  const who = await tp.login(d.username);
  const points = pointsOf(d.pick);
  const nearby = await timed(who, points.map(nearbyPath));
  const noSkill = await timed(
    who,
    points.map((p) => nearbyPath({ ...p, skill: null })),
  );
  const resolve = await timed(
    who,
    points.map((p) => `/api/areas/resolve?lat=${p.lat}&lng=${p.lng}`),
    [200, 404],
  );
  const me = await timed(
    who,
    points.map(() => '/api/auth/me'),
  );
  const answers = nearby.bodies as Answer[];
  asked.push({ who: d, points, answers });
  const found = answers.map((a) => a.items.length).sort((a, b) => a - b);
  worstP95 = Math.max(worstP95, nearby.p95);
  figures[`${d.name}: nearby with a skill p50 / p95 / p99`] =
    `${f(nearby.p50)} / ${f(nearby.p95)} / ${f(nearby.p99)}`;
  figures[`${d.name}: volunteers found per answer, median (empty answers)`] =
    `${percentile(found, 50)} (${found.filter((n) => n === 0).length} of ${found.length})`;
  figures[`${d.name}: nearby without a skill p50 / p95 / p99`] =
    `${f(noSkill.p50)} / ${f(noSkill.p95)} / ${f(noSkill.p99)}`;
  figures[`${d.name}: baseline areas/resolve p50 / p95 (nearby ÷ it at p95)`] =
    `${f(resolve.p50)} / ${f(resolve.p95)} (${(nearby.p95 / resolve.p95).toFixed(2)}×)`;
  figures[`${d.name}: baseline auth/me p50 / p95 (nearby ÷ it at p95)`] =
    `${f(me.p50)} / ${f(me.p95)} (${(nearby.p95 / me.p95).toFixed(2)}×)`;
}
figures[`points per series`] = POINTS;
figures['nearby with a skill p95, worst (bar < 50 ms)'] = f(worstP95);

// ---- the answers against a brute-force scan ----
const nowSlot = (() => {
  const sh = new Date(Date.now() + 8 * 3_600_000);
  return ((sh.getUTCDay() + 6) % 7) * 4 + Math.floor(sh.getUTCHours() / 6);
})();
const onDuty = new Set(
  (
    await db
      .selectFrom('volunteer_tasks')
      .select('volunteer_id')
      .where('status', '=', 'accepted')
      .execute()
  ).map((r) => r.volunteer_id),
);
const huangpuPath = places.find((p) => p.path.split('/').includes(HUANGPU))!.path.split('/');
const huangpuRoot = huangpuPath.slice(0, huangpuPath.indexOf(HUANGPU) + 1).join('/');
let wrong = 0;
const wrongNotes: string[] = [];
for (let k = 0; k < CHECKS; k++) {
  const { who, points, answers } = asked[k % asked.length]!;
  const i = Math.floor((k / CHECKS) * POINTS);
  const p = points[i]!;
  const dLat = RADIUS / 111_320 + 0.001;
  const dLng = RADIUS / (111_320 * Math.cos((p.lat * Math.PI) / 180)) + 0.001;
  const rows = await sql<{
    id: string;
    lat: number;
    lng: number;
    availability: string;
    area_path: string;
  }>`
    select id, lat, lng, availability, area_path from volunteers
    where status = 'active' and ${p.skill} = any(skills)
      and lat between ${p.lat - dLat} and ${p.lat + dLat}
      and lng between ${p.lng - dLng} and ${p.lng + dLng}`.execute(db);
  const want = rows.rows
    .filter((r) => r.availability[nowSlot] === '1' && !onDuty.has(r.id))
    .filter(
      (r) => !who.root || r.area_path === huangpuRoot || r.area_path.startsWith(`${huangpuRoot}/`),
    )
    .map((r) => Math.round(distanceMeters(p.lat, p.lng, r.lat, r.lng)))
    .filter((m) => m <= RADIUS)
    .sort((a, b) => a - b)
    .slice(0, LIMIT);
  const got = answers[i]!.items.map((it) => it.distanceM);
  const same = got.length === want.length && got.every((m, j) => Math.abs(m - want[j]!) <= 1);
  if (!same) {
    wrong++;
    if (wrongNotes.length < 3)
      wrongNotes.push(
        `${p.lat},${p.lng} ${p.skill}: got [${got.slice(0, 5).join(', ')}…] want [${want.slice(0, 5).join(', ')}…]`,
      );
  }
}
figures[`answers checked against a brute-force scan`] = wrong
  ? `WRONG at ${wrong} of ${CHECKS}: ${wrongNotes.join('; ')}`
  : `${CHECKS} of ${CHECKS} the same (nearest first, within the dispatcher's area)`;
report(`volunteers nearby (${kind}, ${counts.volunteers} volunteers, radius ${RADIUS} m)`, figures);
await tp.close();
process.exit(wrong ? 1 : 0);
