/**
 * Consultations (征询, issue 20) over HTTP, in one process with the platform (as the tests run
 * it): a questionnaire of a single choice, a multiple choice, a scale, a free text and a map
 * question with N answers (default 10,000, written in bulk by set-based SQL with the counts they
 * would have kept, not through the API); the results page (counts per option and value, latest texts, pins gathered into heat
 * cells) p95, and the CSV export's time; baseline: GET /api/auth/me p95 in the same run.
 *   node --import tsx bench/consultations.bench.ts [--db pglite|postgres] [--answers 10000]
 *     [--rounds 100]
 */
import { sql } from 'kysely';
import { startTestPlatform } from '../apps/server/src/testing.js';
import { arg, percentile, report } from './bench-util.js';

const kind = arg('db', process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite') as
  'pglite' | 'postgres';
const ANSWERS = Number(arg('answers', '10000'));
const ROUNDS = Number(arg('rounds', '100'));
const COMMITTEE = '310101002001';

const tp = await startTestPlatform(kind);
const { db } = tp.platform.deps;
const staff = await tp.login('yunnan');
const made = await staff.post('/api/consultations', {
  title: '基准征询',
  areaCode: COMMITTEE,
  isAnonymous: true,
  closesAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
  questions: [
    { kind: 'single', title: '单选', options: ['甲', '乙', '丙', '丁'] },
    { kind: 'multiple', title: '多选', options: ['甲', '乙', '丙', '丁', '戊'] },
    { kind: 'scale', title: '评分', scaleMin: 1, scaleMax: 5 },
    { kind: 'text', title: '建议', required: false },
    { kind: 'pin', title: '地图' },
  ],
});
if (made.status !== 201) throw new Error(JSON.stringify(made.body));
const id = made.body.id as string;
await staff.post(`/api/consultations/${id}/publish`);
const centre = await tp.centreOf(COMMITTEE);

const t0 = performance.now();
await sql`insert into consultation_responses (id, consultation_id)
  select gen_random_uuid(), ${id}::uuid from generate_series(1, ${ANSWERS})`.execute(db);
await sql`insert into consultation_answers (consultation_id, response_id, question_id, option_id)
  select ${id}::uuid, r.id, 'q1', 'o' || (1 + floor(random() * 4))::int
  from consultation_responses r where r.consultation_id = ${id}::uuid`.execute(db);
await sql`insert into consultation_answers (consultation_id, response_id, question_id, option_id)
  select ${id}::uuid, r.id, 'q2', o.opt from consultation_responses r
  cross join lateral (select 'o' || k as opt from generate_series(1, 5) k
    where random() < 0.4 or k = 1) o
  where r.consultation_id = ${id}::uuid`.execute(db);
await sql`insert into consultation_answers (consultation_id, response_id, question_id, value)
  select ${id}::uuid, r.id, 'q3', (1 + floor(random() * 5))::int
  from consultation_responses r where r.consultation_id = ${id}::uuid`.execute(db);
await sql`insert into consultation_answers (consultation_id, response_id, question_id, text)
  select ${id}::uuid, r.id, 'q4', '路灯不亮 ' || md5(r.id::text)
  from consultation_responses r where r.consultation_id = ${id}::uuid and random() < 0.3`.execute(
  db,
);
await sql`insert into consultation_answers (consultation_id, response_id, question_id, lng, lat)
  select ${id}::uuid, r.id, 'q5', ${centre.lng} + (random() - 0.5) * 0.002,
    ${centre.lat} + (random() - 0.5) * 0.002
  from consultation_responses r where r.consultation_id = ${id}::uuid`.execute(db);
// the counts the answers would have kept as they came in (repo.countAnswers), in bulk
await sql`insert into consultation_tallies (consultation_id, question_id, key, shard, count)
  select consultation_id, question_id, coalesce(option_id, 'v' || value), 0, count(*)
  from consultation_answers where consultation_id = ${id}::uuid
    and (option_id is not null or value is not null)
  group by consultation_id, question_id, coalesce(option_id, 'v' || value)
  union all
  select consultation_id, question_id, '*', 0, count(distinct response_id)
  from consultation_answers where consultation_id = ${id}::uuid
  group by consultation_id, question_id`.execute(db);
await sql`insert into consultation_pin_cells (consultation_id, question_id, cell_lng, cell_lat, count)
  select consultation_id, question_id, round(lng * 10000)::int, round(lat * 10000)::int, count(*)
  from consultation_answers where consultation_id = ${id}::uuid and lng is not null
  group by 1, 2, 3, 4`.execute(db);
await sql`update consultations set response_count = ${ANSWERS} where id = ${id}::uuid`.execute(db);
await sql`analyze consultation_answers`.execute(db);
const loadMs = performance.now() - t0;

async function p95(url: string): Promise<{ p50: number; p95: number; body: unknown }> {
  const times: number[] = [];
  let body: unknown;
  for (let i = 0; i < ROUNDS; i++) {
    const s = performance.now();
    const r = await staff.get(url);
    times.push(performance.now() - s);
    if (r.status !== 200) throw new Error(`${url}: ${r.status}`);
    body = r.body;
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), body };
}

const me = await p95('/api/auth/me');
const results = await p95(`/api/consultations/${id}/results`);
const r = results.body as {
  responseCount: number;
  questions: { options: { count: number }[]; pins: unknown[]; pinCount: number }[];
};
const q1Total = r.questions[0]!.options.reduce((s, o) => s + o.count, 0);
if (q1Total !== ANSWERS) throw new Error(`q1 counts ${q1Total} ≠ ${ANSWERS}`);
const e0 = performance.now();
const csv = await staff.get<string>(`/api/consultations/${id}/export.csv`);
const exportMs = performance.now() - e0;

report(`consultations (${kind})`, {
  answers: ANSWERS,
  'bulk load (s)': (loadMs / 1000).toFixed(1),
  'results p50 / p95 (ms)': `${results.p50.toFixed(1)} / ${results.p95.toFixed(1)}`,
  'GET /api/auth/me p50 / p95 (ms, baseline)': `${me.p50.toFixed(1)} / ${me.p95.toFixed(1)}`,
  'results p95 / baseline p95': (results.p95 / me.p95).toFixed(1),
  'heat cells returned': r.questions[4]!.pins.length,
  'pins counted': r.questions[4]!.pinCount,
  'export (ms)': exportMs.toFixed(0),
  'export lines': csv.body.trim().split('\r\n').length - 1,
});
await tp.close();
