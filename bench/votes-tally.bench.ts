/**
 * Owners' votes (issue 21): the live tally of a 10,000-unit compound vote.
 *  - fixtures in bulk (votes-fixtures.ts): a compound of 云南中路 with --units rooms (default
 *    10,000) in 50 buildings, every room with a registered area (50.00–150.00 m²) and owners on
 *    record — couples on every 5th title, second flats, the developer's 1 % of the rooms —, so
 *    ~9,700 heads; 200 single owners get verified accounts;
 *  - the vote drafted and opened through the HTTP API (POST /api/votes, /open: the electorate
 *    frozen by the server);
 *  - ballots: 200 cast through POST /api/votes/:id/ballots (50 at once), the rest written in
 *    bulk as appendBallot leaves them (chain entries, standing ballots, the vote's count);
 *  - GET /api/votes/:id as the committee's staff (live tally) p50 / p95 at 0 %, 50 % and 100 %
 *    of the heads having voted, against GET /api/auth/me in the same run; at each point the
 *    tally must equal the figures counted from the fixtures' own model (exact).
 *   node --import tsx bench/votes-tally.bench.ts [--db pglite|postgres] [--units 10000] [--rounds 200]
 *     [--analyze] [--explain]
 */
import { sql } from 'kysely';
import { Agent, setGlobalDispatcher } from 'undici';
import { startTestPlatform, type Client } from '../apps/server/src/testing.js';
import { arg, percentile, report, signedInClients } from './bench-util.js';
import {
  bulkBallots,
  COMMITTEE,
  expectedTotals,
  headNumbers,
  makeCompound,
  pool,
  type Choice,
} from './votes-fixtures.js';

const kind = arg('db', process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite') as
  'pglite' | 'postgres';
const UNITS = Number(arg('units', '10000'));
const ROUNDS = Number(arg('rounds', '200'));
const SAMPLE = 200; // ballots through HTTP

setGlobalDispatcher(new Agent({ connections: 256 }));
const tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 100_000 });
const { db, cipher } = tp.platform.deps;

let t = performance.now();
const m = await makeCompound(db, cipher, { tag: 'VT', units: UNITS, voters: SAMPLE });
const fixturesMs = performance.now() - t;
console.log(
  `fixtures: ${m.rooms.length} rooms, ${m.groups.length} owner groups, ${m.voters.size} voter accounts in ${(fixturesMs / 1000).toFixed(1)} s`,
);

const staff = await tp.login('yunnan');
const made = await staff.post('/api/votes', {
  committeeCode: COMMITTEE,
  title: '加装电梯及分摊方案表决',
  body: '压测：一万户小区的业主表决。',
  electorate: { kind: 'compound', compoundCode: m.code },
  rule: { preset: 'civil_code_major' },
  opensAt: new Date(Date.now() - 60_000).toISOString(),
  closesAt: new Date(Date.now() + 86_400_000).toISOString(),
  allowChange: false,
});
if (made.status !== 201) throw new Error(`create: ${made.status} ${JSON.stringify(made.body)}`);
const voteId = made.body.id as string;
t = performance.now();
const opened = await staff.post(`/api/votes/${voteId}/open`);
const openMs = performance.now() - t;
if (opened.status !== 200) throw new Error(`open: ${opened.status} ${JSON.stringify(opened.body)}`);
const heads = await headNumbers(db, m, voteId);
const adminId = (
  await db
    .selectFrom('accounts')
    .select('id')
    .where('username', '=', 'yunnan')
    .executeTakeFirstOrThrow()
).id;

// who votes what: a fixed mix (60 % agree, 30 % disagree, 10 % abstain), in a shuffled order
const choiceFor = (i: number): Choice =>
  (
    [
      'agree',
      'agree',
      'agree',
      'agree',
      'agree',
      'agree',
      'disagree',
      'disagree',
      'disagree',
      'abstain',
    ] as const
  )[(i * 7) % 10]!;
const voted = new Map<number, Choice>();

const problems: string[] = [];
/** The staff's live tally equals the model's count (electorate, each choice, ballots). */
async function checkExact(label: string): Promise<void> {
  const r = await staff.get(`/api/votes/${voteId}`);
  if (r.status !== 200) throw new Error(`${label}: ${r.status} ${JSON.stringify(r.body)}`);
  const tally = r.body.tally;
  const want = expectedTotals(m, voted);
  const got = {
    electorate: tally?.electorate,
    agree: tally?.agree,
    disagree: tally?.disagree,
    abstain: tally?.abstain,
  };
  if (JSON.stringify(got) !== JSON.stringify(want) || tally.ballots !== voted.size)
    problems.push(
      `${label}: tally ${JSON.stringify(got)} ballots ${tally?.ballots}, model ${JSON.stringify(want)} ballots ${voted.size}`,
    );
}

async function timeTally(): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const s = performance.now();
    const r = await staff.get(`/api/votes/${voteId}`);
    if (r.status !== 200 || !r.body.tally) throw new Error(`status ${r.status}`);
    ms.push(performance.now() - s);
  }
  return ms.sort((a, b) => a - b);
}

async function timeMe(): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const s = performance.now();
    const r = await staff.get('/api/auth/me');
    if (r.status !== 200) throw new Error(`me ${r.status}`);
    ms.push(performance.now() - s);
  }
  return ms.sort((a, b) => a - b);
}

await timeTally(); // warm-up
await timeMe();
const me = await timeMe();
await checkExact('0 %');
const at0 = await timeTally();

// 200 ballots through HTTP, 50 at once
const sample = [...m.voters.entries()];
const clients: Client[] = await signedInClients(
  tp,
  sample.map(([, account]) => account),
);
let httpBad = 0;
await pool(sample, 50, async ([group], i) => {
  const c = choiceFor(group);
  const r = await clients[i]!.post(`/api/votes/${voteId}/ballots`, { choice: c });
  if (r.status !== 201) {
    httpBad++;
    if (httpBad <= 3) console.log(`ballot: ${r.status} ${JSON.stringify(r.body)}`);
  } else voted.set(group, c);
});

// the rest in bulk, in a shuffled order: up to half of the heads, then all
const order = m.groups
  .map((_, i) => i)
  .filter((i) => !voted.has(i))
  .sort((a, b) => ((a * 7919) % 10007) - ((b * 7919) % 10007));
async function bulkUpTo(target: number) {
  const batch: { headNo: number; choice: Choice }[] = [];
  while (voted.size < target && order.length) {
    const i = order.shift()!;
    batch.push({ headNo: heads[i]!, choice: choiceFor(i) });
    voted.set(i, choiceFor(i));
  }
  await bulkBallots(db, voteId, adminId, batch);
  // --analyze: statistics as autovacuum would have them after a while (default: none, as
  // right after the vote opened and the ballots came in)
  if (process.argv.includes('--analyze')) await sql`analyze vote_ballots, vote_heads`.execute(db);
}
await bulkUpTo(Math.floor(m.groups.length / 2));
await checkExact('50 %');
const at50 = await timeTally();
await bulkUpTo(m.groups.length);
await checkExact('100 %');
const at100 = await timeTally();
const final = (await staff.get(`/api/votes/${voteId}`)).body.tally;

// the tally's own statement (as vote-tally.repo.ts runs it), timed alone: the floor under the
// HTTP figure (sign-in check, the vote's row, documents, JSON)
const tallySql = (id: string) => sql`
  select v.ballots, v.chain_head, t.choice, t.heads, t.units, t.area
  from votes v
  left join (
    select b.choice, count(*)::int as heads, sum(h.units)::int as units, sum(h.area)::bigint as area
    from vote_ballots b
    join vote_heads h on h.vote_id = b.vote_id and h.head_no = b.head_no
    where b.vote_id = ${id}
    group by b.choice
  ) t on true
  where v.id = ${id}`;
if (process.argv.includes('--explain'))
  console.log(
    (
      await sql<{ 'QUERY PLAN': string }>`explain (analyze, buffers) ${tallySql(voteId)}`.execute(
        db,
      )
    ).rows
      .map((r) => r['QUERY PLAN'])
      .join('\n'),
  );
const bare: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  const s = performance.now();
  await tallySql(voteId).execute(db);
  bare.push(performance.now() - s);
}
bare.sort((a, b) => a - b);

const ms = (v: number) => `${v.toFixed(1)} ms`;
const p = (xs: number[]) => `${ms(percentile(xs, 50))} / ${ms(percentile(xs, 95))}`;
const base = percentile(me, 95);
const worst = Math.max(...[at0, at50, at100].map((x) => percentile(x, 95)));
const exact = problems.length === 0 && httpBad === 0;
report(`votes tally (${kind}, ${UNITS} units)`, {
  units: m.rooms.length,
  heads: m.groups.length,
  'fixtures (bulk)': ms(fixturesMs),
  'POST /open (freeze the electorate)': ms(openMs),
  'ballots through HTTP / in bulk': `${SAMPLE - httpBad} / ${voted.size - (SAMPLE - httpBad)}`,
  'GET /api/votes/:id (staff, live tally) at 0 % p50 / p95': p(at0),
  'at 50 % p50 / p95': p(at50),
  'at 100 % p50 / p95': p(at100),
  'baseline /api/auth/me p50 / p95': p(me),
  'the tally statement alone at 100 % p50 / p95': p(bare),
  'worst tally p95 ÷ baseline': (worst / base).toFixed(2),
  'target p95 < 100 ms': worst < 100 ? 'met' : `MISSED (${ms(worst)})`,
  'summary at 100 %': final.summary.en,
  exactness: exact
    ? `exact at 0 %, 50 %, 100 % (${final.participating.heads} heads, ${final.participating.area} hundredths of a m²)`
    : `WRONG: ${httpBad} HTTP ballots refused; ${problems.join('; ')}`,
});
await tp.close();
process.exit(exact && worst < 100 ? 0 : 1);
