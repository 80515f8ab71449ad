/**
 * Council elections and motions under concurrent ballots (issue 24):
 *  - fixtures: a street operator of 豫园街道 draws a block and sets up a merchant alliance;
 *    --shops (default 91) accounts (in bulk, sessions written directly) each register their
 *    shop inside the block (`POST /api/shops`), the street operator verifies it (`POST
 *    /api/shops/:id/verify`) and it joins the alliance (`POST /api/councils/:id/join`); a co-management committee of the same block gets --members (default 200) member
 *    organisations added by staff (`POST /api/councils/:id/members`), one representative each;
 *  - the election: --seats (default 17) among all the alliance's shops, tie rule `lot`; every
 *    shop casts its ballot at once (`POST /api/council-votes/:id/ballot`, all sent together),
 *    approving 1…seats candidates (a fixed pseudo-random pick per shop);
 *  - the motion: `simple_majority` among the committee's members, every member's choice sent
 *    at once;
 *  - exact tallies: every ballot 201 with a distinct receipt (seq 1…n); after the close the
 *    candidates' approvals, the motion's agree / disagree / abstain and the ballots equal what
 *    was sent, exactly `seats` elected (the lot fills every seat) none with fewer approvals
 *    than one not elected, the motion's pass as the rule says, and the ballot chain verifies
 *    (`GET …/chain`) with n entries;
 *  - latency: p50 / p95 / max of the ballots, against the baseline of as many `GET /api/auth/me`
 *    by the same clients, all at once, in the same run.
 *   node --import tsx bench/council-votes.bench.ts [--db pglite|postgres]
 *     [--shops 91] [--seats 17] [--members 200]
 * The server runs in this process (the fixtures are written to its database).
 */
import { Agent, request, setGlobalDispatcher } from 'undici';
import { startTestPlatform, type Client } from '../apps/server/src/testing.js';
import {
  createBlock,
  createCouncil,
  nextUsccNumber,
  testMobile,
  usccFor,
  yuyuanCentre,
  yuyuanOperator,
} from '../apps/server/src/testing-councils.js';
import { arg, percentile, report, signedInClients } from './bench-util.js';
import { pool } from './votes-fixtures.js';
import { bulkAccounts } from './volunteers-fixtures.js';

const kind = arg('db', process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite') as
  'pglite' | 'postgres';
const SHOPS = Number(arg('shops', '91'));
const SEATS = Number(arg('seats', '17'));
const MEMBERS = Number(arg('members', '200'));
const SETUP_CONCURRENCY = 16;

setGlobalDispatcher(new Agent({ connections: 512 }));
const tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 100_000 });
const { db, cipher } = tp.platform.deps;
const staff = await yuyuanOperator(tp, 'cv-bench-op');
const centre = await yuyuanCentre(tp);

const began = performance.now();
const note = (what: string) =>
  process.stderr.write(`${((performance.now() - began) / 1000).toFixed(0)} s: ${what}\n`);
const ms = (v: number) => `${v.toFixed(1)} ms`;

interface Outcome {
  status: number;
  body: string;
  ms: number;
}

const agent = new Agent({ connections: 512, pipelining: 1 });
async function send(
  c: Client,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<Omit<Outcome, 'ms'>> {
  const res = await request(tp.baseUrl + path, {
    dispatcher: agent,
    method,
    headers: {
      cookie: c.cookieHeader(),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.statusCode, body: await res.body.text() };
}

/** Everything sent at once; each one's latency from the common start. */
async function allAtOnce(
  n: number,
  one: (i: number) => Promise<Omit<Outcome, 'ms'>>,
): Promise<{ outcomes: Outcome[]; ms: number }> {
  const start = performance.now();
  const outcomes = await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const r = await one(i).catch((e: Error) => ({ status: 0, body: e.message }));
      return { ...r, ms: performance.now() - start };
    }),
  );
  return { outcomes, ms: performance.now() - start };
}

function latencies(outcomes: Outcome[]) {
  const l = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  return `${ms(percentile(l, 50))} / ${ms(percentile(l, 95))} / ${ms(l.at(-1)!)}`;
}
const byStatus = (outcomes: Outcome[]) => {
  const m = new Map<number, number>();
  for (const o of outcomes) m.set(o.status, (m.get(o.status) ?? 0) + 1);
  return [...m].map(([s, c]) => `${s}: ${c}`).join(', ');
};

/** A fixed pseudo-random number from i and j (the same every run). */
const mix = (i: number, j: number) => {
  let h = Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(j + 7, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0xc2b2ae3d);
  return (h ^ (h >>> 13)) >>> 0;
};

// ---- fixtures ----
const t0 = performance.now();
const block = await createBlock(tp, staff);
const alliance = await createCouncil(staff, { blockId: block.id, kind: 'merchant_alliance' });
const committee = await createCouncil(staff, { blockId: block.id, kind: 'co_management' });
const shopAccounts = await bulkAccounts(db, cipher, SHOPS, 'cvb-shop', 0);
const shops = await signedInClients(tp, shopAccounts);
const shopMembers: string[] = Array<string>(SHOPS);
note(`${SHOPS} shops register, are verified and join`);
await pool(shops, SETUP_CONCURRENCY, async (c, i) => {
  // points spread over the block's inner square (the block is ±0.001° around the centre)
  const point = {
    lat: centre.lat + (((i % 10) - 4.5) * 0.0009) / 5,
    lng: centre.lng + (((Math.floor(i / 10) % 10) - 4.5) * 0.0009) / 5,
  };
  const shop = await c.post('/api/shops', {
    name: `豫园路商户 ${i + 1}`,
    uscc: usccFor(nextUsccNumber()),
    address: `豫园路 ${i + 1} 号`,
    lat: point.lat,
    lng: point.lng,
    category: 'retail',
    contactName: '王店长',
    contactPhone: testMobile(),
  });
  if (shop.status !== 201)
    throw new Error(`shop ${i}: ${shop.status} ${JSON.stringify(shop.body)}`);
  const verified = await staff.post(`/api/shops/${shop.body.id}/verify`, {});
  if (verified.status !== 200)
    throw new Error(`verify ${i}: ${verified.status} ${JSON.stringify(verified.body)}`);
  const joined = await c.post(`/api/councils/${alliance.id}/join`, { shopId: shop.body.id });
  if (joined.status !== 201)
    throw new Error(`join ${i}: ${joined.status} ${JSON.stringify(joined.body)}`);
  shopMembers[i] = joined.body.id as string;
});
note(`${MEMBERS} committee members added`);
const memberAccounts = await bulkAccounts(db, cipher, MEMBERS, 'cvb-member', 10_000);
const members = await signedInClients(tp, memberAccounts);
const KINDS = [
  'owners_committee',
  'residents_committee',
  'property_company',
  'enterprise',
  'merchant',
];
await pool(memberAccounts, SETUP_CONCURRENCY, async (accountId, i) => {
  const k = KINDS[i % KINDS.length] === 'merchant' ? 'enterprise' : KINDS[i % KINDS.length]!;
  const r = await staff.post(`/api/councils/${committee.id}/members`, {
    kind: k,
    name: `成员单位 ${i + 1}`,
    representatives: [{ accountId, role: 'member' }],
  });
  if (r.status !== 201) throw new Error(`member ${i}: ${r.status} ${JSON.stringify(r.body)}`);
});
const fixturesMs = performance.now() - t0;

const problems: string[] = [];
const need = (ok: boolean, what: string) => {
  if (!ok) problems.push(what);
};
const mustOk = (r: { status: number; body: unknown }, what: string) => {
  if (r.status !== 200 && r.status !== 201)
    throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as Record<string, any>;
};
const closesAt = new Date(Date.now() + 3_600_000).toISOString();

// ---- the election: SEATS among SHOPS, every ballot at once ----
note('the election');
const electionId = mustOk(
  await staff.post(`/api/councils/${alliance.id}/votes`, {
    kind: 'election',
    title: '豫园路商户联盟理事会选举',
    closesAt,
    candidates: shopMembers,
    seats: SEATS,
    tieRule: 'lot',
  }),
  'draft the election',
).id as string;
mustOk(await staff.post(`/api/council-votes/${electionId}/open`), 'open the election');
const approvals = shops.map((_, i) => {
  const size = 1 + (mix(i, 0) % SEATS);
  const picked = new Set<number>();
  for (let j = 1; picked.size < size; j++) picked.add(1 + (mix(i, j) % SHOPS));
  return [...picked];
});
const election = await allAtOnce(SHOPS, (i) =>
  send(shops[i]!, 'POST', `/api/council-votes/${electionId}/ballot`, { approve: approvals[i] }),
);
const electionFloor = await allAtOnce(SHOPS, (i) => send(shops[i]!, 'GET', '/api/auth/me'));
const electionClosed = mustOk(
  await staff.post(`/api/council-votes/${electionId}/close`),
  'close the election',
);
const electionChain = mustOk(
  await shops[0]!.get(`/api/council-votes/${electionId}/chain`),
  'the election chain',
);

// ---- the motion: MEMBERS, every ballot at once ----
note('the motion');
const motionId = mustOk(
  await staff.post(`/api/councils/${committee.id}/votes`, {
    kind: 'motion',
    title: '设立共治基金：各小区与商户按月出资用于绿化和安保',
    closesAt,
    rule: 'simple_majority',
  }),
  'draft the motion',
).id as string;
mustOk(await staff.post(`/api/council-votes/${motionId}/open`), 'open the motion');
const CHOICES = ['agree', 'agree', 'disagree', 'abstain', 'agree'] as const;
const choices = members.map((_, i) => CHOICES[mix(i, 99) % CHOICES.length]!);
const motion = await allAtOnce(MEMBERS, (i) =>
  send(members[i]!, 'POST', `/api/council-votes/${motionId}/ballot`, { choice: choices[i] }),
);
const motionFloor = await allAtOnce(MEMBERS, (i) => send(members[i]!, 'GET', '/api/auth/me'));
const motionClosed = mustOk(
  await staff.post(`/api/council-votes/${motionId}/close`),
  'close the motion',
);
const motionChain = mustOk(
  await members[0]!.get(`/api/council-votes/${motionId}/chain`),
  'the motion chain',
);

// ---- exact tallies ----
const receipts = (outcomes: Outcome[]) =>
  outcomes.filter((o) => o.status === 201).map((o) => JSON.parse(o.body).seq as number);
for (const [what, outcomes, n] of [
  ['election', election.outcomes, SHOPS],
  ['motion', motion.outcomes, MEMBERS],
] as const) {
  const seqs = receipts(outcomes).sort((a, b) => a - b);
  need(
    seqs.length === n && seqs.every((s, i) => s === i + 1),
    `${what}: ${seqs.length} of ${n} ballots 201 with receipts 1…n (${byStatus(outcomes)}): ${outcomes.find((o) => o.status !== 201)?.body.slice(0, 200)}`,
  );
}
const expectedApprovals = shopMembers.map(
  (_, c) => approvals.filter((a) => a.includes(c + 1)).length,
);
const cands = electionClosed.candidates as { no: number; approvals: number; elected: boolean }[];
need(
  JSON.stringify(cands.map((c) => c.approvals)) === JSON.stringify(expectedApprovals),
  'election: the candidates’ approvals differ from the ballots sent',
);
need(electionClosed.ballots === SHOPS, `election: ${electionClosed.ballots} ballots counted`);
need(electionClosed.electorate === SHOPS, `election: electorate ${electionClosed.electorate}`);
const elected = cands.filter((c) => c.elected);
const lowestElected = Math.min(...elected.map((c) => c.approvals));
need(
  elected.length === SEATS && electionClosed.passed === true,
  `election: ${elected.length} elected`,
);
need(
  cands.every((c) => c.elected || c.approvals <= lowestElected),
  'election: a candidate not elected has more approvals than one elected',
);
need(
  electionChain.check.ok === true && electionChain.entries.length === SHOPS,
  `election chain: ${JSON.stringify(electionChain.check)}`,
);
const sent = {
  agree: choices.filter((c) => c === 'agree').length,
  disagree: choices.filter((c) => c === 'disagree').length,
  abstain: choices.filter((c) => c === 'abstain').length,
};
need(
  JSON.stringify(motionClosed.counts) === JSON.stringify(sent),
  `motion: counted ${JSON.stringify(motionClosed.counts)}, sent ${JSON.stringify(sent)}`,
);
need(motionClosed.ballots === MEMBERS, `motion: ${motionClosed.ballots} ballots counted`);
need(
  motionClosed.passed === sent.agree * 2 > MEMBERS,
  `motion: passed ${motionClosed.passed} with ${sent.agree} of ${MEMBERS} agreeing`,
);
need(
  motionChain.check.ok === true && motionChain.entries.length === MEMBERS,
  `motion chain: ${JSON.stringify(motionChain.check)}`,
);
for (const [what, floor] of [
  ['election', electionFloor],
  ['motion', motionFloor],
] as const)
  need(
    floor.outcomes.every((o) => o.status === 200),
    `${what} baseline: a GET /api/auth/me failed`,
  );

const ok = problems.length === 0;
const totalApprovals = approvals.reduce((s, a) => s + a.length, 0);
report(`council votes (${kind}, an election of ${SEATS} among ${SHOPS}, a motion of ${MEMBERS})`, {
  'fixtures (shops registered, verified and joined, members added)': ms(fixturesMs),
  [`election: ${SHOPS} ballots sent at once (${totalApprovals} approvals), all answered in`]: ms(
    election.ms,
  ),
  'election: ballots by status': byStatus(election.outcomes),
  'election: ballot latency p50 / p95 / max': latencies(election.outcomes),
  [`election baseline: ${SHOPS} GET /api/auth/me at once, p50 / p95 / max`]: latencies(
    electionFloor.outcomes,
  ),
  [`motion: ${MEMBERS} ballots sent at once, all answered in`]: ms(motion.ms),
  'motion: ballots by status': byStatus(motion.outcomes),
  'motion: ballot latency p50 / p95 / max': latencies(motion.outcomes),
  [`motion baseline: ${MEMBERS} GET /api/auth/me at once, p50 / p95 / max`]: latencies(
    motionFloor.outcomes,
  ),
  result: ok
    ? `exact: ${SHOPS} election ballots (approvals per candidate, ${SEATS} elected) and ${MEMBERS} motion ballots (${sent.agree} / ${sent.disagree} / ${sent.abstain}, ${motionClosed.passed ? 'passed' : 'not passed'}) counted once each; both chains verify`
    : `WRONG: ${problems.slice(0, 8).join('; ')}`,
});
await agent.close();
await tp.close();
process.exit(ok ? 0 : 1);
