/**
 * Owners' votes (issue 21): 2,000 owners voting in the last minute before the close.
 *  - fixtures in bulk (votes-fixtures.ts): a compound of 云南中路 with --owners rooms (default
 *    2,000), each owned by one person alone (2,000 heads) who is a verified resident with an
 *    account (a registry resident whose document hash is the owner key on record);
 *  - the vote drafted and opened through the HTTP API, closing --lead seconds later (default 65);
 *  - from 60 s before the close, every owner casts a ballot through POST /api/votes/:id/ballots,
 *    --concurrency at once (default 50);
 *    baselines in the same run: as many GET /api/auth/me at the same concurrency, and as many
 *    bare transactions (lock one row, insert two rows, update it: appendBallot's floor);
 *  - after the close: POST /publish, GET /result as staff; then every ballot counted once
 *    (2,000 ballots, 2,000 heads taking part, each model choice), no 5xx, no ballot lost, every
 *    receipt (seq, hash) in the published chain with its units, and the chain verifies (seq 1…n,
 *    each prevHash the hash before, each hash recomputed here in the published format).
 *   node --import tsx bench/votes-last-minute.bench.ts [--db pglite|postgres] [--owners 2000]
 *     [--concurrency 50] [--lead 65]
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { Agent, setGlobalDispatcher } from 'undici';
import { startTestPlatform } from '../apps/server/src/testing.js';
import { arg, percentile, report, signedInClients, withCpu } from './bench-util.js';
import { COMMITTEE, expectedTotals, makeCompound, pool, type Choice } from './votes-fixtures.js';

const kind = arg('db', process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite') as
  'pglite' | 'postgres';
const OWNERS = Number(arg('owners', '2000'));
const CONCURRENCY = Number(arg('concurrency', '50'));
const LEAD_S = Number(arg('lead', '65'));

setGlobalDispatcher(new Agent({ connections: 256 }));
const tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 100_000 });
const { db, cipher } = tp.platform.deps;

const t = performance.now();
const m = await makeCompound(db, cipher, { tag: 'VL', units: OWNERS, plain: true, voters: OWNERS });
console.log(
  `fixtures: ${m.rooms.length} rooms, ${m.groups.length} owners, ${m.voters.size} verified owner accounts in ${((performance.now() - t) / 1000).toFixed(1)} s`,
);
const voters = [...m.voters.entries()];
const clients = await signedInClients(
  tp,
  voters.map(([, account]) => account),
);

// baseline, before the vote: the same number of sign-in checks at the same concurrency
const floor = await (async () => {
  const started = performance.now();
  await pool(clients, CONCURRENCY, async (c) => {
    const r = await c.get('/api/auth/me');
    if (r.status !== 200) throw new Error(`me ${r.status}`);
  });
  return performance.now() - started;
})();

// the floor of a chained append: as many bare transactions, as many at once, each locking one
// row, inserting two rows and updating the locked one (what appendBallot does, without HTTP)
await sql`create table bench_chain_head (id int primary key, seq int not null, head text)`.execute(
  db,
);
await sql`create table bench_chain (seq int primary key, hash text not null)`.execute(db);
await sql`create table bench_standing (seq int primary key, account uuid not null)`.execute(db);
await sql`insert into bench_chain_head values (1, 0, null)`.execute(db);
const bareFloor = await (async () => {
  const started = performance.now();
  await pool(voters, CONCURRENCY, async ([, account]) => {
    await db.transaction().execute(async (trx) => {
      const h = await sql<{
        seq: number;
      }>`select seq from bench_chain_head where id = 1 for update`.execute(trx);
      const seq = h.rows[0]!.seq + 1;
      const hash = crypto.createHash('sha256').update(`${seq}`).digest('hex');
      await sql`insert into bench_chain values (${seq}, ${hash})`.execute(trx);
      await sql`insert into bench_standing values (${seq}, ${account}::uuid)`.execute(trx);
      await sql`update bench_chain_head set seq = ${seq}, head = ${hash} where id = 1`.execute(trx);
    });
  });
  return performance.now() - started;
})();

const staff = await tp.login('yunnan');
const closesAt = new Date(Date.now() + LEAD_S * 1000);
const made = await staff.post('/api/votes', {
  committeeCode: COMMITTEE,
  title: '调整物业服务费表决',
  body: '压测：截止前一分钟两千户业主集中表决。',
  electorate: { kind: 'compound', compoundCode: m.code },
  rule: { preset: 'civil_code_ordinary' },
  opensAt: new Date(Date.now() - 60_000).toISOString(),
  closesAt: closesAt.toISOString(),
  allowChange: false,
});
if (made.status !== 201) throw new Error(`create: ${made.status} ${JSON.stringify(made.body)}`);
const voteId = made.body.id as string;
const opened = await staff.post(`/api/votes/${voteId}/open`);
if (opened.status !== 200) throw new Error(`open: ${opened.status} ${JSON.stringify(opened.body)}`);

const lastMinute = closesAt.getTime() - 60_000;
if (Date.now() > lastMinute)
  console.log(
    `note: set-up took past the last minute by ${((Date.now() - lastMinute) / 1000).toFixed(1)} s (use a larger --lead)`,
  );
await new Promise((r) => setTimeout(r, Math.max(0, lastMinute - Date.now())));

// the last minute
const choiceFor = (i: number): Choice =>
  (['agree', 'agree', 'disagree', 'abstain'] as const)[(i * 3) % 4]!;
const receipts: { group: number; seq: number; hash: string; units: string[]; choice: string }[] =
  [];
const statuses = new Map<number, number>();
const latencies: number[] = [];
const refused: string[] = [];
const serverPid = null; // the server runs in this process: its CPU is counted as the bench's
const cast = await withCpu(serverPid, async () => {
  const started = performance.now();
  await pool(voters, CONCURRENCY, async ([group], i) => {
    const s = performance.now();
    const r = await clients[i]!.post(`/api/votes/${voteId}/ballots`, { choice: choiceFor(group) });
    latencies.push(performance.now() - s);
    statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    if (r.status === 201)
      receipts.push({
        group,
        seq: r.body.seq,
        hash: r.body.hash,
        units: r.body.units,
        choice: r.body.choice,
      });
    else if (refused.length < 5) refused.push(`${r.status} ${JSON.stringify(r.body)}`);
  });
  return { done: voters.length, ms: performance.now() - started, endedAt: Date.now() };
});
latencies.sort((a, b) => a - b);
const beforeClose = cast.endedAt < closesAt.getTime();

// after the close: publish, read the result
await new Promise((r) => setTimeout(r, Math.max(0, closesAt.getTime() - Date.now() + 500)));
const published = await staff.post(`/api/votes/${voteId}/publish`);
if (published.status !== 200)
  throw new Error(`publish: ${published.status} ${JSON.stringify(published.body)}`);
const result = await staff.get(`/api/votes/${voteId}/result`);
if (result.status !== 200)
  throw new Error(`result: ${result.status} ${JSON.stringify(result.body)}`);
const { tally, chain } = result.body as {
  tally: { participating: { heads: number }; ballots: number; chainHead: string | null } & Record<
    string,
    unknown
  >;
  chain: {
    seq: number;
    units: string[];
    choice: string;
    channel: string;
    castAt: string;
    prevHash: string;
    hash: string;
  }[];
};

const problems: string[] = [];
const fiveXX = [...statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
if (fiveXX) problems.push(`${fiveXX} answers 5xx`);
if (receipts.length !== OWNERS)
  problems.push(`${OWNERS - receipts.length} ballots refused: ${refused.join(' | ')}`);
// every ballot counted once
const want = expectedTotals(m, new Map(receipts.map((r) => [r.group, r.choice as Choice])));
for (const k of ['electorate', 'agree', 'disagree', 'abstain'] as const)
  if (JSON.stringify(tally[k]) !== JSON.stringify(want[k]))
    problems.push(`${k}: tally ${JSON.stringify(tally[k])}, model ${JSON.stringify(want[k])}`);
if (tally.participating.heads !== OWNERS)
  problems.push(`participating heads ${tally.participating.heads}`);
const detail = (await staff.get(`/api/votes/${voteId}`)).body;
if (detail.ballots !== OWNERS) problems.push(`the vote's ballot count ${detail.ballots}`);
if (chain.length !== OWNERS) problems.push(`chain length ${chain.length}`);
// every receipt in the published chain, once
const bySeq = new Map(chain.map((e) => [e.seq, e]));
const seqs = new Set<number>();
for (const r of receipts) {
  const e = bySeq.get(r.seq);
  if (
    !e ||
    e.hash !== r.hash ||
    e.choice !== r.choice ||
    JSON.stringify(e.units) !== JSON.stringify(r.units)
  )
    problems.push(`receipt ${r.seq} not in the chain as given`);
  if (seqs.has(r.seq)) problems.push(`receipt ${r.seq} given twice`);
  seqs.add(r.seq);
}
// the chain verifies: recomputed here in the published format. The published entries name
// their units, not the head number the hash covers: each unit here is its own head, so the
// head number is read from the frozen electorate by the unit's label.
const heads = new Map(
  (
    await db
      .selectFrom('vote_units')
      .select(['label', 'head_no'])
      .where('vote_id', '=', voteId)
      .execute()
  ).map((u) => [u.label, u.head_no]),
);
let prev = '0'.repeat(64);
let chainOk = true;
for (const [i, e] of chain.entries()) {
  const headNo = heads.get(e.units[0]!);
  const hash = crypto
    .createHash('sha256')
    .update(`${prev}\n${JSON.stringify([voteId, e.seq, headNo, e.choice, e.channel, e.castAt])}`)
    .digest('hex');
  if (e.seq !== i + 1 || e.prevHash !== prev || e.hash !== hash) {
    chainOk = false;
    problems.push(`chain breaks at seq ${e.seq}`);
    break;
  }
  prev = e.hash;
}
if (chainOk && tally.chainHead !== prev)
  problems.push(`published head ${tally.chainHead} is not the chain's ${prev}`);
if (!beforeClose) problems.push('the ballots took longer than the last minute');

const ms = (v: number) => `${v.toFixed(1)} ms`;
const ok = problems.length === 0;
report(`votes, last minute (${kind}, ${OWNERS} owners, ${CONCURRENCY} at once)`, {
  owners: OWNERS,
  'ballots accepted (201)': receipts.length,
  'answers by status': [...statuses].map(([s, c]) => `${s}: ${c}`).join(', '),
  'time for all ballots': ms(cast.ms),
  throughput: `${((OWNERS / cast.ms) * 1000).toFixed(0)} ballots/s`,
  'ballot latency p50 / p95 / max': `${ms(percentile(latencies, 50))} / ${ms(percentile(latencies, 95))} / ${ms(latencies.at(-1)!)}`,
  'baseline: as many GET /api/auth/me at the same concurrency': ms(floor),
  'ballots ÷ baseline': (cast.ms / floor).toFixed(2),
  'floor: as many bare lock + 2 inserts + update transactions at once': ms(bareFloor),
  'ballots ÷ floor': (cast.ms / bareFloor).toFixed(2),
  'CPU ms per ballot (- / PostgreSQL / server and load, one process)': cast.cpu,
  'done before the close': beforeClose
    ? `yes, ${((closesAt.getTime() - cast.endedAt) / 1000).toFixed(1)} s to spare`
    : 'NO',
  result: ok
    ? `exact: ${OWNERS} ballots counted once, ${tally.participating.heads} heads, every receipt in the published chain, chain verifies to its head`
    : `WRONG: ${problems.slice(0, 8).join('; ')}`,
});
await tp.close();
process.exit(ok ? 0 : 1);
