import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FundChainCheck, FundEntry, FundTotals } from '@cc/contracts';
import fc from 'fast-check';
import { sql } from 'kysely';
import {
  DATABASES,
  startTestPlatform,
  type Client,
  type HttpResponse,
  type TestPlatform,
} from '../../testing.js';
import {
  addMember,
  createCouncil,
  makeCouncilWithMembers,
  uploadCouncilFile,
  type CouncilWithMembers,
} from '../../testing-councils.js';
import { findCouncil } from './councils.repo.js';
import { verifyFundChain } from './fund-verify.js';

/**
 * The fund's invariants under any sequence of pledges, contributions, expenses, approvals,
 * refusals, corrections and bad amounts, recorded and decided by any of the council's people
 * through HTTP (decision 022). Each run is a fresh council (1 to 3 approvals required) whose
 * five members are the same five accounts: [0] chair, [1] [2] directors, [3] [4] members; the
 * street staff records too. A model says what each request must answer (201, or the 4xx and
 * why) and the fund after it; then:
 * - the balance is the contributions minus the approved expenses, each as corrected, over HTTP
 *   and on every stored entry (balance = contributed − spent, never below 0);
 * - what waits is the pending expenses' sum, never more than the balance allowed when asked;
 * - the chain and the running totals verify; and altering any one stored entry's amount or note
 *   with SQL makes the check fail at that entry. The check is `GET …/verify`'s own
 *   (`verifyFundChain`), called directly: the route allows an account a few a minute, and the
 *   route itself is tested in fund.test.ts.
 */

type Who = 0 | 1 | 2 | 3 | 4 | 'staff';
type Op =
  | { op: 'pledge' | 'contribution'; member: number; fen: number; by: 0 | 'staff' }
  | { op: 'expense'; fen: number; payee: number | null; by: 0 | 'staff' }
  | { op: 'approve' | 'refuse'; who: Who; k: number }
  | { op: 'correct'; k: number; fen: number }
  | { op: 'bad'; amount: number };

const recorder = fc.constantFrom(0 as const, 'staff' as const);
const fen = fc.integer({ min: 1, max: 6_000 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('pledge' as const),
      member: fc.nat({ max: 4 }),
      fen,
      by: recorder,
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('contribution' as const),
      member: fc.nat({ max: 4 }),
      fen,
      by: recorder,
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('expense' as const),
      fen,
      payee: fc.option(fc.nat({ max: 4 }), { nil: null }),
      by: recorder,
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('approve' as const),
      who: fc.constantFrom<Who>(0, 1, 2, 1, 2, 3, 'staff'),
      k: fc.nat(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('refuse' as const),
      who: fc.constantFrom<Who>(0, 1, 2, 4),
      k: fc.nat(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('correct' as const),
      k: fc.nat(),
      fen: fc.integer({ min: 0, max: 6_000 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('bad' as const),
      amount: fc.constantFrom(-1, 0, 0.5, 12.34, -500),
    }),
  },
);

/** The model's entry: what it is and its amount as corrected. */
interface Modelled {
  seq: number;
  kind: FundEntry['kind'];
  amount: number;
  member: number | null;
  /** expense: who asked (member index or 'staff'), its state and approving accounts */
  by?: 0 | 'staff';
  state?: 'pending' | 'approved' | 'refused';
  approvedBy?: Set<Who>;
}

for (const kind of DATABASES) {
  describe(`the fund ledger under any sequence of entries and decisions (${kind})`, () => {
    let tp: TestPlatform;
    /** the five accounts, the staff and the block */
    let people: CouncilWithMembers;
    const db = () => tp.platform.database.db;

    before(async () => {
      tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 1000 });
      people = await makeCouncilWithMembers(tp, { members: 5, kind: 'co_management' });
    });
    after(() => tp.close());

    /** A fresh council of the same five accounts, in their roles. */
    async function freshCouncil(approvals: number): Promise<{ id: string; members: string[] }> {
      const council = await createCouncil(people.staff, {
        blockId: people.blockId,
        kind: 'co_management',
        expenseApprovals: approvals,
      });
      const members: string[] = [];
      for (const [i, p] of people.members.entries())
        members.push(
          (
            await addMember(people.staff, council.id, {
              kind: 'enterprise',
              name: `成员 ${i}`,
              representatives: [{ accountId: p.accountId, role: p.role }],
            })
          ).id,
        );
      return { id: council.id, members };
    }

    it('when any sequence is recorded and decided, then the balance is contributions less approved expenses, never below 0, and the chain verifies until an entry is altered', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 3 }),
          fc.array(opArb, { minLength: 1, maxLength: 14 }),
          fc.nat(),
          fc.boolean(),
          async (required, ops, alterK, alterNote) => {
            const council = await freshCouncil(required);
            const base = `/api/councils/${council.id}/fund`;
            const client = (w: Who): Client =>
              w === 'staff' ? people.staff : people.members[w]!.client;
            const entries: Modelled[] = [];
            const t = { balance: 0, pledged: 0, contributed: 0, spent: 0, pending: 0 };
            const expect = (
              r: HttpResponse,
              status: number,
              what: string,
              field?: string,
              rule?: string,
            ) => {
              assert.equal(r.status, status, `${what}: ${JSON.stringify(r.body)}`);
              if (field) assert.equal(r.body.field, field, what);
              if (rule) assert.equal(r.body.rule, rule, what);
            };
            const appended = (r: HttpResponse<FundEntry>, m: Omit<Modelled, 'seq'>) => {
              const seq = entries.length + 1;
              assert.equal(r.body.seq, seq);
              assert.equal(r.body.balanceFen, t.balance, 'the running balance');
              entries.push({ seq, ...m });
            };

            for (const o of ops) {
              const what = JSON.stringify(o);
              if (o.op === 'pledge' || o.op === 'contribution') {
                const r = await client(o.by).post<FundEntry>(`${base}/entries`, {
                  kind: o.op,
                  memberId: council.members[o.member],
                  amountFen: o.fen,
                  note: o.op === 'pledge' ? '认捐' : '实缴',
                });
                expect(r, 201, what);
                if (o.op === 'pledge') t.pledged += o.fen;
                else {
                  t.contributed += o.fen;
                  t.balance += o.fen;
                }
                appended(r, { kind: o.op, amount: o.fen, member: o.member });
              } else if (o.op === 'expense') {
                const receipt = await uploadCouncilFile(client(o.by), 'png');
                const r = await client(o.by).post<FundEntry>(`${base}/entries`, {
                  kind: 'expense',
                  ...(o.payee === null ? {} : { memberId: council.members[o.payee] }),
                  amountFen: o.fen,
                  note: '支出',
                  receiptIds: [receipt],
                });
                if (o.fen > t.balance - t.pending) {
                  expect(r, 409, what, 'amountFen');
                  continue;
                }
                expect(r, 201, what);
                t.pending += o.fen;
                appended(r, {
                  kind: 'expense',
                  amount: o.fen,
                  member: o.payee,
                  by: o.by,
                  state: 'pending',
                  approvedBy: new Set(),
                });
                assert.deepEqual(r.body.expense, { state: 'pending', approvals: 0, required });
              } else if (o.op === 'approve' || o.op === 'refuse') {
                const expenses = entries.filter((e) => e.kind === 'expense');
                // now and then an entry that is no expense (404)
                const x = expenses.length && o.k % 5 ? expenses[o.k % expenses.length]! : null;
                const seq = x ? x.seq : entries.length + 1 + (o.k % 3);
                const r = await client(o.who).post<FundEntry>(`${base}/expenses/${seq}/decision`, {
                  decision: o.op,
                });
                if (o.who === 'staff' || o.who === 3 || o.who === 4) {
                  expect(r, 403, what);
                  continue;
                }
                if (!x) {
                  expect(r, 404, what);
                  continue;
                }
                if (x.by === o.who || x.member === o.who) {
                  expect(r, 403, what, 'decision', 'own');
                  continue;
                }
                if (x.state !== 'pending' || x.approvedBy!.has(o.who)) {
                  expect(r, 409, what);
                  continue;
                }
                let moved = 0;
                if (o.op === 'refuse') {
                  x.state = 'refused';
                  t.pending -= x.amount;
                } else if (x.approvedBy!.size + 1 >= required) {
                  if (x.amount > t.balance) {
                    expect(r, 409, what, 'amountFen');
                    continue;
                  }
                  x.state = 'approved';
                  x.approvedBy!.add(o.who);
                  t.pending -= x.amount;
                  t.spent += x.amount;
                  t.balance -= x.amount;
                  moved = x.amount;
                } else x.approvedBy!.add(o.who);
                expect(r, 201, what);
                assert.equal(r.body.amountFen, moved);
                assert.deepEqual(r.body.expense, {
                  state: x.state,
                  approvals: x.approvedBy!.size,
                  required,
                });
                appended(r, {
                  kind: o.op === 'approve' ? 'approval' : 'refusal',
                  amount: moved,
                  member: null,
                });
              } else if (o.op === 'correct') {
                if (entries.length === 0) continue;
                const target = entries[o.k % entries.length]!;
                const r = await people.staff.post<FundEntry>(`${base}/corrections`, {
                  corrects: target.seq,
                  amountFen: o.fen,
                  note: '更正',
                });
                const correctable =
                  target.kind === 'pledge' ||
                  target.kind === 'contribution' ||
                  (target.kind === 'expense' && target.state === 'approved');
                if (!correctable) {
                  expect(r, 400, what, 'corrects', 'kind');
                  continue;
                }
                const delta = o.fen - target.amount;
                if (delta === 0) {
                  expect(r, 400, what, 'amountFen', 'unchanged');
                  continue;
                }
                const moved = { ...t };
                if (target.kind === 'pledge') moved.pledged += delta;
                else if (target.kind === 'contribution') {
                  moved.contributed += delta;
                  moved.balance += delta;
                } else {
                  moved.spent += delta;
                  moved.balance -= delta;
                }
                if (moved.balance < 0) {
                  expect(r, 409, what, 'amountFen');
                  continue;
                }
                expect(r, 201, what);
                assert.equal(r.body.amountFen, delta);
                Object.assign(t, moved);
                target.amount = o.fen;
                appended(r, { kind: 'correction', amount: delta, member: target.member });
              } else if (o.op === 'bad') {
                const r = await people.staff.post(`${base}/entries`, {
                  kind: 'contribution',
                  memberId: council.members[0],
                  amountFen: o.amount,
                  note: '坏金额',
                });
                expect(r, 400, what, 'amountFen');
              }
            }

            // the balance: contributions less approved expenses, each as corrected
            const contributions = entries
              .filter((e) => e.kind === 'contribution')
              .reduce((s, e) => s + e.amount, 0);
            const approved = entries
              .filter((e) => e.kind === 'expense' && e.state === 'approved')
              .reduce((s, e) => s + e.amount, 0);
            const pending = entries
              .filter((e) => e.kind === 'expense' && e.state === 'pending')
              .reduce((s, e) => s + e.amount, 0);
            const pledges = entries
              .filter((e) => e.kind === 'pledge')
              .reduce((s, e) => s + e.amount, 0);
            const totals = await people.members[4]!.client.get<FundTotals>(base);
            assert.equal(totals.status, 200);
            assert.deepEqual(
              { ...totals.body, chainHead: null },
              {
                balanceFen: contributions - approved,
                pledgedFen: pledges,
                contributedFen: contributions,
                spentFen: approved,
                pendingFen: pending,
                entries: entries.length,
                chainHead: null,
              },
            );
            assert.ok(totals.body.balanceFen >= 0);
            const stored = await sql<{ bad: string; n: string }>`
              select count(*) filter (where balance_fen < 0
                  or balance_fen <> contributed_fen - spent_fen)::text as bad,
                count(*)::text as n
              from council_fund_entries where council_id = ${council.id}`.execute(db());
            assert.deepEqual(stored.rows[0], { bad: '0', n: String(entries.length) });

            const verify = async (): Promise<FundChainCheck> =>
              verifyFundChain(db(), (await findCouncil(db(), council.id))!);
            assert.deepEqual(await verify(), {
              ok: true,
              length: entries.length,
              head: totals.body.chainHead,
              brokenAt: null,
              reason: null,
            });
            if (entries.length === 0) return;

            // alter one stored entry as someone with the database could: the check names it
            const seq = (alterK % entries.length) + 1;
            if (alterNote)
              await sql`update council_fund_entries set note = note || '（改）'
                where council_id = ${council.id} and seq = ${seq}`.execute(db());
            else
              await sql`update council_fund_entries set amount_fen = amount_fen + 1
                where council_id = ${council.id} and seq = ${seq}`.execute(db());
            const altered = await verify();
            assert.equal(altered.ok, false);
            assert.equal(altered.brokenAt, seq);
            assert.equal(altered.reason, 'the hash does not match the entry');
          },
        ),
        { numRuns: 25 },
      );
    });
  });
}
