/**
 * A council's shared fund with --entries N (default 1,000,000) entries (issue 24):
 *  - the fill: a ledger as the module's writers leave it — pledges, contributions, expenses
 *    with receipts paid to members or not, two directors' approvals, refusals and corrections,
 *    from 200 member organisations over three years — with its running totals and its hash
 *    chain computed here (`fundChainPayload` + `chainHash`, as the ledger does), sent as arrays
 *    and unnested by the database in batches; the council row gets the totals and the head;
 *  - over HTTP, one request at a time as a member's representative: the balance
 *    (`GET /api/councils/:id/fund`, one row read) and a member's statement page
 *    (`GET …/fund/entries?member=`, a random member of the 200 each time, through the partial
 *    index) p50 / p95 / p99 against the bar (p95 < 20 ms), the whole ledger's first page for
 *    information, and `GET /api/auth/me` as the baseline in the same run;
 *  - the whole CSV statement streamed (`GET …/fund/statement.csv`): its size, rows and time,
 *    and the server process's RSS and live heap (after a collection) growth while it streams,
 *    sampled every 200 ms, to show the export is not held in memory;
 *  - the PDF statement (the newest 1,000 entries): its size and time;
 *  - `GET …/fund/verify` over the whole ledger (the fill's chain and totals are right);
 *  - EXPLAIN of the statement page's query.
 *   node --import tsx bench/council-fund.bench.ts [--db pglite|postgres] [--entries 1000000]
 *     [--requests 400] [--verify true]
 * The server runs in this process (the fill needs its database; the memory is the server's).
 */
import crypto from 'node:crypto';
import v8 from 'node:v8';
import vm from 'node:vm';
import { sql } from 'kysely';
import { prng } from '../apps/server/src/demo/prng.js';
import { fundChainPayload } from '../apps/server/src/modules/councils/index.js';
import { CHAIN_GENESIS, chainHash } from '../apps/server/src/platform/hash-chain.js';
import { startTestPlatform, type Client } from '../apps/server/src/testing.js';
import { makeCouncilWithMembers } from '../apps/server/src/testing-councils.js';
import { arg, percentile, report } from './bench-util.js';

const kind = arg('db', process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite') as
  'pglite' | 'postgres';
const ENTRIES = Number(arg('entries', '1000000'));
const REQUESTS = Number(arg('requests', '400'));
const VERIFY = arg('verify', 'true') !== 'false';
const MEMBERS = 200;
const BATCH = 10_000;
const SEED = 24;

const tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 100_000, exportsPerHour: 1000 });
const { db } = tp.platform.deps;

// ---- the council: a chair and two directors signed in, 197 more members in bulk ----
const c = await makeCouncilWithMembers(tp, {
  members: 3,
  kind: 'co_management',
  expenseApprovals: 2,
});
const councilId = c.councilId;
const chairId = c.members[0]!.accountId;
const directorIds = [c.directors[0]!.accountId, c.directors[1]!.accountId];
const memberIds = c.members.map((m) => m.memberId);
const extra = Array.from({ length: MEMBERS - memberIds.length }, () => crypto.randomUUID());
await sql`
  insert into council_members (id, council_id, kind, name, joined_at)
  select id, ${councilId}::uuid, 'enterprise', '成员单位 ' || n, now() - interval '3 years'
  from unnest(${extra}::uuid[]) with ordinality as t(id, n)`.execute(db);
memberIds.push(...extra);

// ---- the fill ----
const NOTES = {
  pledge: ['认捐街区绿化经费', '认捐安保巡逻经费', '年度认捐'],
  contribution: ['会费', '第一期实缴', '活动经费实缴', '年度会费'],
  expense: ['绿化补种', '安保巡逻一个月', '垃圾分类宣传物料', '非机动车停放架维修', '宠物便袋箱'],
  approval: ['已核对票据', '同意', ''],
  refusal: ['报价过高，请比价后重新申请'],
  correction: ['录入错误', '实收金额更正'],
} as const;
const rand = prng(SEED);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const fenOf = (min: number, max: number) => min + Math.floor(rand() * (max - min));
const t = { balance: 0, pledged: 0, contributed: 0, spent: 0, pending: 0 };
let head = CHAIN_GENESIS;
const start = Date.now() - 3 * 365 * 86_400_000;
const step = Math.max(1, Math.floor((3 * 365 * 86_400_000) / ENTRIES));
/** pending expenses, oldest first: seq, amount, approvals so far */
const pending: { seq: number; amount: number; approvals: number }[] = [];
/** recent contributions (their current amount) a correction may fix */
const recent: { seq: number; amount: number; member: string }[] = [];
const expenses: { seq: number; amount: number; state: string; approvals: number }[] = [];
const expenseAt = new Map<number, (typeof expenses)[number]>();
const approvals: { seq: number; account: string }[] = [];

type Cols = {
  seq: number[];
  kind: string[];
  member: (string | null)[];
  amount: number[];
  refers: (number | null)[];
  note: string[];
  receipts: string[];
  by: string[];
  at: string[];
  balance: number[];
  pledged: number[];
  contributed: number[];
  spent: number[];
  prev: string[];
  hash: string[];
};
const emptyCols = (): Cols => ({
  seq: [],
  kind: [],
  member: [],
  amount: [],
  refers: [],
  note: [],
  receipts: [],
  by: [],
  at: [],
  balance: [],
  pledged: [],
  contributed: [],
  spent: [],
  prev: [],
  hash: [],
});

async function insertBatch(cols: Cols): Promise<void> {
  await sql`
    insert into council_fund_entries (council_id, seq, kind, member_id, amount_fen, refers_to,
      note, receipt_ids, recorded_by, recorded_by_name, recorded_at, balance_fen, pledged_fen,
      contributed_fen, spent_fen, prev_hash, hash)
    select ${councilId}::uuid, seq, kind, member, amount, refers, note,
      string_to_array(receipts, ',')::uuid[], by, '张*', at, balance, pledged, contributed,
      spent, prev, hash
    from unnest(${cols.seq}::int[], ${cols.kind}::text[], ${cols.member}::uuid[],
      ${cols.amount}::bigint[], ${cols.refers}::int[], ${cols.note}::text[],
      ${cols.receipts}::text[], ${cols.by}::uuid[], ${cols.at}::timestamptz[],
      ${cols.balance}::bigint[], ${cols.pledged}::bigint[], ${cols.contributed}::bigint[],
      ${cols.spent}::bigint[], ${cols.prev}::text[], ${cols.hash}::text[])
      as x(seq, kind, member, amount, refers, note, receipts, by, at, balance, pledged,
        contributed, spent, prev, hash)`.execute(db);
}

const fillStarted = performance.now();
let lastNote = 0;
let cols = emptyCols();
for (let seq = 1; seq <= ENTRIES; seq++) {
  const r = rand();
  let entryKind: keyof typeof NOTES = 'contribution';
  let member: string | null = null;
  let amount = 0;
  let refers: number | null = null;
  let receipts: string[] = [];
  let by = chairId;
  if (pending.length > 0 && r < 0.15) {
    // a director's approval of the oldest pending expense; the second spends it
    const x = pending[0]!;
    by = directorIds[x.approvals]!;
    refers = x.seq;
    const e = expenseAt.get(x.seq)!;
    if (x.approvals + 1 >= 2 && x.amount > t.balance) {
      entryKind = 'refusal';
      pending.shift();
      t.pending -= x.amount;
      e.state = 'refused';
    } else {
      entryKind = 'approval';
      x.approvals += 1;
      e.approvals = x.approvals;
      approvals.push({ seq: x.seq, account: by });
      if (x.approvals >= 2) {
        pending.shift();
        amount = x.amount;
        t.pending -= amount;
        t.spent += amount;
        t.balance -= amount;
        e.state = 'approved';
      }
    }
  } else if (pending.length > 0 && r < 0.16) {
    const x = pending.splice(Math.floor(rand() * pending.length), 1)[0]!;
    entryKind = 'refusal';
    by = directorIds[1]!;
    refers = x.seq;
    t.pending -= x.amount;
    expenseAt.get(x.seq)!.state = 'refused';
  } else if (r < 0.26 && t.balance - t.pending > 1000) {
    entryKind = 'expense';
    amount = fenOf(1000, Math.min(500_000, t.balance - t.pending));
    member = rand() < 0.5 ? pick(memberIds) : null;
    receipts = Array.from({ length: 1 + Math.floor(rand() * 2) }, () => crypto.randomUUID());
    t.pending += amount;
    pending.push({ seq, amount, approvals: 0 });
    const e = { seq, amount, state: 'pending', approvals: 0 };
    expenses.push(e);
    expenseAt.set(seq, e);
  } else if (r < 0.36) {
    entryKind = 'pledge';
    member = pick(memberIds);
    amount = fenOf(10_000, 5_000_000);
    t.pledged += amount;
  } else if (r < 0.38 && recent.length > 0) {
    const k = recent[Math.floor(rand() * recent.length)]!;
    const to = Math.max(0, k.amount + fenOf(-5_000, 5_000));
    if (to !== k.amount && t.balance + (to - k.amount) >= 0) {
      entryKind = 'correction';
      member = k.member;
      refers = k.seq;
      amount = to - k.amount;
      k.amount = to;
      t.contributed += amount;
      t.balance += amount;
    }
  }
  if (entryKind === 'contribution') {
    member = pick(memberIds);
    amount = fenOf(5_000, 1_000_000);
    t.contributed += amount;
    t.balance += amount;
    recent.push({ seq, amount, member });
    if (recent.length > 1000) recent.shift();
  }
  const note = pick(NOTES[entryKind]);
  const recordedAt = new Date(start + seq * step);
  const hash = chainHash(
    head,
    fundChainPayload({
      councilId,
      seq,
      kind: entryKind,
      memberId: member,
      amountFen: amount,
      refersTo: refers,
      note,
      receiptIds: receipts,
      recordedBy: by,
      recordedAt,
    }),
  );
  cols.seq.push(seq);
  cols.kind.push(entryKind);
  cols.member.push(member);
  cols.amount.push(amount);
  cols.refers.push(refers);
  cols.note.push(note);
  cols.receipts.push(receipts.join(','));
  cols.by.push(by);
  cols.at.push(recordedAt.toISOString());
  cols.balance.push(t.balance);
  cols.pledged.push(t.pledged);
  cols.contributed.push(t.contributed);
  cols.spent.push(t.spent);
  cols.prev.push(head);
  cols.hash.push(hash);
  head = hash;
  if (cols.seq.length === BATCH || seq === ENTRIES) {
    await insertBatch(cols);
    cols = emptyCols();
    const s = (performance.now() - fillStarted) / 1000;
    if (s - lastNote >= 10 || seq === ENTRIES) {
      lastNote = s;
      process.stderr.write(`${seq.toLocaleString('en')} entries in ${s.toFixed(0)} s\n`);
    }
  }
}
for (let i = 0; i < expenses.length; i += BATCH) {
  const xs = expenses.slice(i, i + BATCH);
  await sql`
    insert into council_fund_expenses (council_id, seq, amount_fen, state, approvals, requested_by)
    select ${councilId}::uuid, seq, amount, state, approvals, ${chairId}::uuid
    from unnest(${xs.map((x) => x.seq)}::int[], ${xs.map((x) => x.amount)}::bigint[],
      ${xs.map((x) => x.state)}::text[], ${xs.map((x) => x.approvals)}::int[])
      as x(seq, amount, state, approvals)`.execute(db);
}
for (let i = 0; i < approvals.length; i += BATCH) {
  const xs = approvals.slice(i, i + BATCH);
  await sql`
    insert into council_fund_approvals (council_id, expense_seq, account_id)
    select ${councilId}::uuid, seq, account
    from unnest(${xs.map((x) => x.seq)}::int[], ${xs.map((x) => x.account)}::uuid[])
      as x(seq, account)`.execute(db);
}
await db
  .updateTable('councils')
  .set({
    fund_seq: ENTRIES,
    fund_head: head,
    balance_fen: t.balance,
    pledged_fen: t.pledged,
    contributed_fen: t.contributed,
    spent_fen: t.spent,
    pending_fen: t.pending,
  })
  .where('id', '=', councilId)
  .execute();
await sql`analyze council_fund_entries, council_fund_expenses, council_members, councils`.execute(
  db,
);
const fillSeconds = (performance.now() - fillStarted) / 1000;
const perMember = (
  await sql<{ n: string }>`
    select count(*)::text as n from council_fund_entries
    where council_id = ${councilId} and member_id = ${memberIds[0]!}`.execute(db)
).rows[0]!.n;
process.stderr.write(`filled ${ENTRIES} entries in ${fillSeconds.toFixed(0)} s\n`);

// ---- the reads, one at a time ----
// the setup's keep-alive connections idled through the fill (the event loop busy with it): let
// both ends drop them before measuring, rather than race the server's keep-alive timeout
await new Promise((r) => setTimeout(r, 6000));
const reader = c.members[0]!.client;
async function timed(who: Client, paths: string[]) {
  for (const path of paths.slice(0, 10)) await who.get(path);
  const ms: number[] = [];
  for (const path of paths) {
    const t0 = performance.now();
    const r = await who.get(path);
    ms.push(performance.now() - t0);
    if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  const sorted = [...ms].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
}
const f = (x: number) => `${x.toFixed(1)} ms`;
const line = (x: { p50: number; p95: number; p99: number }) =>
  `${f(x.p50)} / ${f(x.p95)} / ${f(x.p99)}`;
const base = `/api/councils/${councilId}/fund`;
const balance = await timed(
  reader,
  Array.from({ length: REQUESTS }, () => base),
);
const statement = await timed(
  reader,
  Array.from({ length: REQUESTS }, () => `${base}/entries?member=${pick(memberIds)}`),
);
const firstPage = await timed(
  reader,
  Array.from({ length: REQUESTS }, () => `${base}/entries`),
);
const me = await timed(
  reader,
  Array.from({ length: REQUESTS }, () => '/api/auth/me'),
);
const totals = (await reader.get(base)).body as { balanceFen: number; entries: number };
if (totals.balanceFen !== t.balance || totals.entries !== ENTRIES)
  throw new Error(`totals: ${JSON.stringify(totals)}`);

// ---- the whole CSV statement, streamed; the server's memory while it streams ----
// a collection before each reading (V8's flag set at run time: the runner starts no flags), so
// the heap is what is live, not garbage not yet collected
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
gc();
const before = process.memoryUsage();
let peakRss = before.rss;
let peakHeap = before.heapUsed;
let sampling = true;
const sampler = (async () => {
  while (sampling) {
    gc();
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
    await new Promise((r) => setTimeout(r, 200));
  }
})();
const csvStarted = performance.now();
const res = await fetch(tp.baseUrl + `${base}/statement.csv`, {
  headers: { cookie: reader.cookieHeader() },
});
if (res.status !== 200) throw new Error(`statement.csv: ${res.status} ${await res.text()}`);
let bytes = 0;
let rows = -1; // the header
let firstByteMs = 0;
for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
  if (bytes === 0) firstByteMs = performance.now() - csvStarted;
  bytes += chunk.length;
  for (const b of chunk) if (b === 0x0a) rows++;
}
const csvSeconds = (performance.now() - csvStarted) / 1000;
sampling = false;
await sampler;
if (rows !== ENTRIES) throw new Error(`the CSV has ${rows} rows, not ${ENTRIES}`);
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

// ---- the PDF statement: the newest entries it holds ----
const pdfStarted = performance.now();
const pdf = await fetch(tp.baseUrl + `${base}/statement.pdf`, {
  headers: { cookie: reader.cookieHeader() },
});
if (pdf.status !== 200) throw new Error(`statement.pdf: ${pdf.status} ${await pdf.text()}`);
const pdfBytes = (await pdf.arrayBuffer()).byteLength;
const pdfSeconds = (performance.now() - pdfStarted) / 1000;

// ---- the chain and totals over the whole ledger ----
let verifyFigure = 'skipped (--verify false)';
if (VERIFY) {
  const v0 = performance.now();
  const check = (await reader.get(`${base}/verify`)).body as { ok: boolean; reason: string | null };
  if (!check.ok) throw new Error(`verify: ${JSON.stringify(check)}`);
  verifyFigure = `ok in ${((performance.now() - v0) / 1000).toFixed(1)} s`;
}

// ---- where a statement page's time goes ----
const plan = await sql<{ 'QUERY PLAN': string }>`
  explain (analyze, buffers, costs off)
  select x.state, x.approvals, e.seq, e.kind, e.member_id, m.name, e.amount_fen, e.refers_to,
    e.note, e.receipt_ids, e.recorded_by_name, e.recorded_at, e.balance_fen, e.hash
  from council_fund_entries e
  left join council_members m on m.id = e.member_id
  left join council_fund_expenses x on x.council_id = e.council_id
    and x.seq = case when e.kind = 'expense' then e.seq
      when e.kind in ('approval', 'refusal') then e.refers_to end
  where e.council_id = ${councilId} and e.member_id = ${memberIds[7]!}
    and e.member_id is not null
  order by e.seq desc limit 21`.execute(db);

const csvPlan = await sql<{ 'QUERY PLAN': string }>`
  explain (analyze, costs off)
  select x.state, x.approvals, e.seq, e.kind, e.member_id, m.name, e.amount_fen, e.refers_to,
    e.note, e.receipt_ids, e.recorded_by_name, e.recorded_at, e.balance_fen, e.hash
  from council_fund_entries e
  left join council_members m on m.id = e.member_id
  left join council_fund_expenses x on x.council_id = e.council_id
    and x.seq = case when e.kind = 'expense' then e.seq
      when e.kind in ('approval', 'refusal') then e.refers_to end
  where e.council_id = ${councilId} and e.seq > ${Math.floor(ENTRIES / 2)}
  order by e.seq limit 1000`.execute(db);

report(`council fund (${kind}, ${ENTRIES.toLocaleString('en')} entries)`, {
  database: kind,
  entries: ENTRIES,
  'members / entries of one member': `${MEMBERS} / ${perMember}`,
  'expenses (approved / refused / pending)': `${expenses.length} (${expenses.filter((x) => x.state === 'approved').length} / ${expenses.filter((x) => x.state === 'refused').length} / ${expenses.filter((x) => x.state === 'pending').length})`,
  'fill time': `${fillSeconds.toFixed(0)} s`,
  'balance GET …/fund p50 / p95 / p99': line(balance),
  "a member's statement page GET …/fund/entries?member= p50 / p95 / p99": line(statement),
  'the ledger’s first page GET …/fund/entries p50 / p95 / p99': line(firstPage),
  'baseline GET /api/auth/me p50 / p95 / p99': line(me),
  'balance ÷ baseline at p95': `${(balance.p95 / me.p95).toFixed(2)}×`,
  'statement page ÷ baseline at p95': `${(statement.p95 / me.p95).toFixed(2)}×`,
  'requests per series': REQUESTS,
  'bar: p95 < 20 ms': balance.p95 < 20 && statement.p95 < 20 ? 'met' : 'MISSED',
  'CSV statement: size / rows / time (first byte)': `${mb(bytes)} / ${rows} / ${csvSeconds.toFixed(1)} s (${f(firstByteMs)})`,
  'server RSS during the export: before → peak (growth)': `${mb(before.rss)} → ${mb(peakRss)} (+${mb(peakRss - before.rss)})`,
  'server live heap during the export (after GC): before → peak (growth)': `${mb(before.heapUsed)} → ${mb(peakHeap)} (+${mb(peakHeap - before.heapUsed)})`,
  'RSS growth ÷ export size': `${((peakRss - before.rss) / bytes).toFixed(3)}`,
  'PDF statement (newest 1,000 entries): size / time': `${mb(pdfBytes)} / ${pdfSeconds.toFixed(1)} s`,
  'verify (chain + totals, whole ledger)': verifyFigure,
});
console.log('\nstatement page query plan:');
for (const r of plan.rows) console.log(`  ${r['QUERY PLAN']}`);
console.log('\na CSV page query plan (1,000 entries from the middle):');
for (const r of csvPlan.rows) console.log(`  ${r['QUERY PLAN']}`);
await tp.close();
process.exit(0);
