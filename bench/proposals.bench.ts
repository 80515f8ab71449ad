/**
 * Proposals (众议院, issue 20) over HTTP, in one process with the platform (as the tests run it):
 *  - the city's proposals, supports and comments, generated in bulk by set-based SQL (not the
 *    API): --scale 1 is the figure, 100,000 proposals (2,000 of them in one busy
 *    committee, 云南中路, the rest spread over every committee of the city), ~5,000,000
 *    supports and ~2,000,000 comments, 2,000 of them (with replies) on one proposal;
 *  - a committee's proposal list p95 (a resident of the busy committee: the first page, the
 *    first page of one state, the second page by cursor; the street operator's list) and the
 *    first comments page of the 2,000-comment proposal p95;
 *    baseline: GET /api/auth/me (sign-in check + a tiny answer) p95 in the same run;
 *  - 1,000 residents supporting one proposal at once (threshold 500): the count must be exact
 *    and the threshold event (state change, timeline, the committee's notice, the deadline job)
 *    happen exactly once; baseline: the same 1,000 sign-in checks at once.
 *   node --import tsx bench/proposals.bench.ts [--db pglite|postgres] [--scale 1] [--rounds 200]
 */
import { sql } from 'kysely';
import { Agent, setGlobalDispatcher } from 'undici';
import {
  Client,
  eventually,
  generateRegistry,
  generateResidentAccounts,
  startTestPlatform,
} from '../apps/server/src/testing.js';
import { arg, percentile, report, signedInClients } from './bench-util.js';

const kind = arg('db', process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite') as
  'pglite' | 'postgres';
const SCALE = Number(arg('scale', kind === 'postgres' ? '1' : '0.05'));
const ROUNDS = Number(arg('rounds', '200'));
const PROPOSALS = Math.round(100_000 * SCALE);
const HOT = Math.min(2_000, PROPOSALS);
const SUPPORTS_EACH = 50; // ~ 1–99 per proposal, 5,000,000 at scale 1
const COMMENTS_EACH = 20; // 2,000,000 at scale 1
const BIG_THREAD = 2_000;
const COMMITTEE = '310101002001'; // 云南中路居委会
const STREET = '310101002000'; // 南京东路街道
const SUPPORTERS = 1_000;

setGlobalDispatcher(new Agent({ connections: 256 }));
const tp = await startTestPlatform(kind, {
  jobPollMs: 200,
  caseReportsPerMinute: 100_000,
  proposalsPerHour: 100_000,
  loginsPerMinutePerIp: 100_000,
});
const { db, cipher } = tp.platform.deps;
const t0 = performance.now();

// ---- verified residents of the busy committee (1,000 supporters, the author, the readers)
const committee = await db
  .selectFrom('areas')
  .select(['path'])
  .where('code', '=', COMMITTEE)
  .executeTakeFirstOrThrow();
await generateRegistry(db, cipher, { scale: 0.6, within: [COMMITTEE], seed: 20 });
await generateResidentAccounts(db, cipher, {
  cap: SUPPORTERS + 1 + ROUNDS,
  withinPaths: [committee.path],
});
const residents = (
  await db
    .selectFrom('resident_links')
    .select('account_id')
    .where('committee_code', '=', COMMITTEE)
    .where('status', '=', 'verified')
    .orderBy('account_id')
    .execute()
).map((r) => r.account_id);
if (residents.length < SUPPORTERS + 1) throw new Error(`only ${residents.length} residents`);
console.log(`residents: ${residents.length} verified in ${COMMITTEE}`);

const sessions = (ids: string[]) => signedInClients(tp, ids);

/** Drop a table's indexes and keys for a bulk load; the function that makes them again. */
async function withoutIndexes(table: string): Promise<() => Promise<void>> {
  const defs = await sql<{ drop: string; create: string }>`
    select format('alter table %I drop constraint %I', ${table}::text, conname) as drop,
      format('alter table %I add constraint %I %s', ${table}::text, conname, pg_get_constraintdef(oid)) as create
    from pg_constraint where conrelid = ${table}::regclass and contype in ('p', 'f')
    union all
    select format('drop index %I', indexname), indexdef from pg_indexes
    where tablename = ${table}
      and indexname not in (select conname from pg_constraint where conrelid = ${table}::regclass)`.execute(
    db,
  );
  // foreign keys first (they depend on the keys they point at)
  const rows = defs.rows.sort(
    (a, b) => Number(b.drop.includes('_fkey')) - Number(a.drop.includes('_fkey')),
  );
  for (const d of rows) await sql.raw(d.drop).execute(db);
  return async () => {
    for (const d of rows.slice().reverse()) await sql.raw(d.create).execute(db);
  };
}

// ---- the city's proposals, supports and comments, in bulk
let t = performance.now();
await sql`create temp table bench_committees as
  select (row_number() over (order by code))::int - 1 as i, code, path,
    (string_to_array(path, '/'))[cardinality(string_to_array(path, '/')) - 1] as street
  from areas where level = 'committee'`.execute(db);
const committees = (
  await sql<{ n: number }>`select count(*)::int as n from bench_committees`.execute(db)
).rows[0]!.n;
// the busy committee's 2,000, then the rest round-robin over the city's committees
await sql`insert into proposals (id, committee_code, area_path, street_code, author_id,
    author_name_masked, title, body, category, state, support_count, follower_count, threshold,
    answer_days, threshold_reached_at, due_at, progress, created_at, updated_at, last_activity_at)
  select gen_random_uuid(), c.code, c.path, c.street, gen_random_uuid(), '张*',
    '建议：' || g, '生成的建议正文，第 ' || g || ' 条。', (array['sanitation','repairs','traffic','safety',
      'neighbours','greenery','activities','other'])[1 + g % 8],
    s.state, 1 + floor(random() * ${2 * SUPPORTS_EACH - 1})::int, 1, 10, 15,
    case when s.state <> 'open' then at.at end, case when s.state <> 'open' then at.at + interval '15 days' end,
    case when s.state in ('accepted', 'done') then 50 end, at.at, at.at, at.at
  from generate_series(1, ${PROPOSALS}::int) g
  join bench_committees c on c.i = case when g <= ${HOT}::int
    then (select i from bench_committees where code = ${COMMITTEE})
    else (g * 7919) % ${committees}::int end
  cross join lateral (select now() - random() * interval '365 days' + (g * 0)::int * interval '1 s' as at) at
  cross join lateral (select (array['open','open','open','open','open','open','open',
    'awaiting_answer','accepted','done','declined','meeting'])[1 + (g * 31) % 12] as state) s`.execute(
  db,
);
const restoreSupports = await withoutIndexes('proposal_supports');
const supports = await sql`insert into proposal_supports (proposal_id, account_id, created_at)
  select p.id, gen_random_uuid(), p.created_at from proposals p
  cross join lateral generate_series(1, p.support_count)`.execute(db);
await restoreSupports();
const supportRows = Number(supports.numAffectedRows ?? 0);
console.log(
  `proposals: ${PROPOSALS}, supports: ${supportRows} in ${((performance.now() - t) / 1000).toFixed(0)} s`,
);

// comments: 2,000 on the busy committee's newest proposal (1,500 top-level, 500 replies to the
// newest 100), ~20 on every other one
t = performance.now();
const big = await db
  .selectFrom('proposals')
  .select(['id'])
  .where('committee_code', '=', COMMITTEE)
  .orderBy('last_activity_at', 'desc')
  .orderBy('id', 'desc')
  .limit(1)
  .executeTakeFirstOrThrow();
const restoreComments = await withoutIndexes('discussion_comments');
const comments = await sql`insert into discussion_comments (id, subject_type, subject_id, parent_id,
    author_id, author_name_masked, body, state, area_path, committee_code, created_at)
  select gen_random_uuid(), 'proposal', p.id, null, gen_random_uuid(), '李*',
    '生成的评论 ' || g, 'visible', p.area_path, p.committee_code,
    p.created_at + g * interval '1 minute'
  from proposals p cross join generate_series(1, ${COMMENTS_EACH}::int) g
  where p.id <> ${big.id}::uuid`.execute(db);
await sql`insert into discussion_comments (id, subject_type, subject_id, parent_id, author_id,
    author_name_masked, body, state, area_path, committee_code, created_at, reply_count)
  select gen_random_uuid(), 'proposal', p.id, null, gen_random_uuid(), '王*', '热议 ' || g,
    'visible', p.area_path, p.committee_code, now() - g * interval '1 minute',
    case when g <= 100 then 5 else 0 end
  from proposals p cross join generate_series(1, ${BIG_THREAD - 500}::int) g
  where p.id = ${big.id}::uuid`.execute(db);
await restoreComments();
await sql`insert into discussion_comments (id, subject_type, subject_id, parent_id, author_id,
    author_name_masked, body, state, area_path, committee_code, created_at)
  select gen_random_uuid(), 'proposal', c.subject_id, c.id, gen_random_uuid(), '赵*', '回复 ' || g,
    'visible', c.area_path, c.committee_code, c.created_at + g * interval '1 second'
  from (select * from discussion_comments where subject_type = 'proposal' and subject_id = ${big.id}::uuid
    and parent_id is null order by created_at desc, id desc limit 100) c
  cross join generate_series(1, 5) g`.execute(db);
await sql`insert into discussion_threads (subject_type, subject_id, comment_count)
  select subject_type, subject_id, count(*)::int from discussion_comments
  where subject_type = 'proposal' group by subject_type, subject_id`.execute(db);
const commentRows = Number(comments.numAffectedRows ?? 0) + BIG_THREAD;
for (const table of ['proposals', 'proposal_supports', 'discussion_comments', 'discussion_threads'])
  await sql.raw(`vacuum analyze ${table}`).execute(db);
if (kind === 'postgres') await sql`checkpoint`.execute(db);
console.log(
  `comments: ${commentRows} in ${((performance.now() - t) / 1000).toFixed(0)} s; data ready after ${((performance.now() - t0) / 1000).toFixed(0)} s`,
);

// ---- p95: lists, comments page, baseline
const readers = await sessions(residents.slice(SUPPORTERS + 1, SUPPORTERS + 1 + ROUNDS));
const street = await tp.login('nanjingdong');
const timeAll = async (fn: (i: number) => Promise<{ status: number; body?: unknown }>) => {
  const ms: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const s = performance.now();
    const r = await fn(i);
    if (r.status !== 200) throw new Error(`status ${r.status} ${JSON.stringify(r.body)}`);
    ms.push(performance.now() - s);
  }
  return ms.sort((a, b) => a - b);
};
const reader = (i: number) => readers[i % readers.length]!;
await timeAll((i) => reader(i).get('/api/auth/me')); // warm-up
const me = await timeAll((i) => reader(i).get('/api/auth/me'));
const first = await reader(0).get('/api/proposals');
if (first.body.items.length !== 20) throw new Error(JSON.stringify(first.body).slice(0, 300));
const list = await timeAll((i) => reader(i).get('/api/proposals'));
const byState = await timeAll((i) => reader(i).get('/api/proposals?state=accepted'));
const cursors = await Promise.all(
  readers.map(async (c) => (await c.get('/api/proposals')).body.nextCursor as string),
);
const page2 = await timeAll((i) =>
  reader(i).get(`/api/proposals?cursor=${encodeURIComponent(cursors[i % readers.length]!)}`),
);
const streetList = await timeAll(() => street.get('/api/proposals'));
const thread = await reader(0).get(`/api/discussions/proposal/${big.id}/comments`);
if (thread.status !== 200) throw new Error(JSON.stringify(thread.body));
const commentsPage = await timeAll((i) =>
  reader(i).get(`/api/discussions/proposal/${big.id}/comments`),
);

// ---- 1,000 residents supporting one proposal at once
const streetOp = await tp.login('nanjingdong');
const staff = await tp.login('yunnan');
const put = (c: Client, url: string, body?: unknown) => c.request('PUT', url, body);
const bounds = await put(streetOp, `/api/proposals/settings/street/${STREET}`, {
  minSupportsFloor: 3,
  minSupportsCeiling: 1000,
  percentFloor: 0,
  percentCeiling: 20,
  answerDays: 15,
});
if (bounds.status !== 200) throw new Error(JSON.stringify(bounds.body));
const set = await put(staff, `/api/proposals/settings/committee/${COMMITTEE}`, {
  minSupports: 500,
  householdPercent: 0,
});
if (set.status !== 200) throw new Error(JSON.stringify(set.body));
const [author] = await sessions([residents[0]!]);
const made = await author!.post('/api/proposals', {
  title: '小区加装充电桩',
  body: '电动车充电难，建议在车棚加装充电桩。',
  category: 'repairs',
});
if (made.status !== 201) throw new Error(JSON.stringify(made.body));
const pid = made.body.id as string;
const crowd = await sessions(residents.slice(1, SUPPORTERS + 1));
const floorStarted = performance.now();
await Promise.all(crowd.map((c) => c.get('/api/auth/me')));
const floorMs = performance.now() - floorStarted;
// the floor of counting on one row: 1,000 bare transactions at once, each one insert of a
// support and one UPDATE … + 1 of one counter row (the row lock makes their commits queue)
await sql`create table bench_counter (id int primary key, n int not null)`.execute(db);
await sql`create table bench_supports (account_id uuid primary key)`.execute(db);
await sql`insert into bench_counter values (1, 0)`.execute(db);
const bareStarted = performance.now();
await Promise.all(
  residents.slice(1, SUPPORTERS + 1).map((id) =>
    db.transaction().execute(async (trx) => {
      await sql`insert into bench_supports values (${id}::uuid)`.execute(trx);
      await sql`update bench_counter set n = n + 1 where id = 1`.execute(trx);
    }),
  ),
);
const bareCountMs = performance.now() - bareStarted;
const started = performance.now();
const answers = await Promise.all(crowd.map((c) => put(c, `/api/proposals/${pid}/support`)));
const supportMs = performance.now() - started;
const bad = answers.filter((a) => a.status !== 200);
const row = await db
  .selectFrom('proposals')
  .select(['support_count', 'state'])
  .where('id', '=', pid)
  .executeTakeFirstOrThrow();
const rowsNow = (
  await sql<{
    n: number;
  }>`select count(*)::int as n from proposal_supports where proposal_id = ${pid}::uuid`.execute(db)
).rows[0]!.n;
const events = (
  await sql<{ n: number }>`select count(*)::int as n from proposal_events
    where proposal_id = ${pid}::uuid and action = 'threshold'`.execute(db)
).rows[0]!.n;
const deadlineJobs = (
  await sql<{ n: number }>`select count(*)::int as n from jobs
    where kind = 'proposals.deadline' and payload->>'proposalId' = ${pid}`.execute(db)
).rows[0]!.n;
const staffNotices = (
  await sql<{ n: number }>`select count(*)::int as n from notifications
    where body like ${'%小区加装充电桩%达到门槛%'}`.execute(db)
).rows[0]!.n;
const staffCount = (
  await sql<{ n: number }>`select count(*)::int as n from role_bindings
    where role = 'committee_staff' and area_code = ${COMMITTEE}`.execute(db)
).rows[0]!.n;
const exact =
  bad.length === 0 &&
  row.support_count === SUPPORTERS + 1 &&
  rowsNow === SUPPORTERS + 1 &&
  row.state === 'awaiting_answer' &&
  events === 1 &&
  deadlineJobs === 1 &&
  staffNotices === staffCount;
// the supporters and followers of the moment the threshold was reached are told, in batches
// (those who support after it see it reached); the fan-out jobs are done when none is left
const toldStarted = performance.now();
await eventually(async () => {
  const n = await sql<{ n: number }>`select count(*)::int as n from jobs
    where kind = 'proposals.tell' and done_at is null`.execute(db);
  return n.rows[0]!.n === 0;
}, 120_000);
const told = (
  await sql<{ n: number }>`select count(*)::int as n from notifications
    where body like ${'%小区加装充电桩%已达到支持门槛%'}`.execute(db)
).rows[0]!.n;
const toldMs = supportMs + (performance.now() - toldStarted);

const ms = (v: number) => `${v.toFixed(1)} ms`;
const p = (xs: number[]) => `${ms(percentile(xs, 50))} / ${ms(percentile(xs, 95))}`;
const base = percentile(me, 95);
report(`proposals (${kind}, scale ${SCALE})`, {
  proposals: PROPOSALS,
  supports: supportRows,
  comments: commentRows,
  'committee list p50 / p95': p(list),
  'committee list, one state p50 / p95': p(byState),
  'committee list, page 2 p50 / p95': p(page2),
  'street operator list p50 / p95': p(streetList),
  '2,000-comment thread, first page p50 / p95': p(commentsPage),
  'baseline /api/auth/me p95': ms(base),
  'list p95 ÷ baseline': (percentile(list, 95) / base).toFixed(2),
  'comments p95 ÷ baseline': (percentile(commentsPage, 95) / base).toFixed(2),
  '1,000 supports at once': ms(supportMs),
  'baseline: 1,000 GET /api/auth/me at once': ms(floorMs),
  'baseline: 1,000 bare insert + counter UPDATE at once': ms(bareCountMs),
  'supports ÷ bare counting': (supportMs / bareCountMs).toFixed(2),
  'count and threshold': exact
    ? `exact: ${row.support_count} supports, 1 threshold event, 1 deadline job, ${staffNotices} staff notice(s)`
    : `WRONG: ${bad.length} failed, count ${row.support_count}, rows ${rowsNow}, state ${row.state}, events ${events}, jobs ${deadlineJobs}, notices ${staffNotices}/${staffCount}`,
  'supporters told of the threshold': `${told} (all who supported before it), done after ${ms(toldMs)}`,
});
await tp.close();
process.exit(exact ? 0 : 1);
