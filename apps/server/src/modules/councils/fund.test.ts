import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { FundChainCheck, FundEntry, FundEntryList, FundTotals } from '@cc/contracts';
import { sql } from 'kysely';
import {
  DATABASES,
  signedUpAccount,
  startTestPlatform,
  type Client,
  type TestPlatform,
} from '../../testing.js';
import {
  addMember,
  makeCouncilWithMembers,
  otherStreetOperator,
  uploadCouncilFile,
  type CouncilWithMembers,
} from '../../testing-councils.js';
import { VERIFIES_PER_MINUTE } from './fund.routes.js';

/**
 * The shared fund through HTTP on a real database (decision 022): pledges, contributions and
 * expenses with receipts recorded by the chair or the street staff; expenses approved by the
 * number of directors the council's rules require, never by the one who asked; corrections as
 * new entries; the balance from running totals; statements as CSV and PDF; the chain verified.
 * Every bad input is a 4xx and stores nothing; a non-member learns nothing of the fund (404).
 */
interface ErrorAnswer {
  field?: string;
  rule?: string;
  message: string;
}

for (const kind of DATABASES) {
  describe(`the shared fund (${kind})`, () => {
    let tp: TestPlatform;
    /** 2 approvals required; [0] chair, [1] [2] directors, [3] [4] members */
    let c: CouncilWithMembers;
    /** another council of the same street, with one member */
    let other: CouncilWithMembers;
    let outsider: Client;
    const db = () => tp.platform.database.db;
    const base = () => `/api/councils/${c.councilId}/fund`;
    const chair = () => c.members[0]!.client;
    const director = (i: 0 | 1) => c.directors[i]!.client;
    const member = (i: number) => c.members[i]!;

    const record = (who: Client, body: Record<string, unknown>) =>
      who.post<FundEntry & ErrorAnswer>(`${base()}/entries`, body);
    async function recorded(who: Client, body: Record<string, unknown>): Promise<FundEntry> {
      const r = await record(who, body);
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body;
    }
    const decide = (who: Client, seq: number, decision: 'approve' | 'refuse', note?: string) =>
      who.post<FundEntry & ErrorAnswer>(`${base()}/expenses/${seq}/decision`, {
        decision,
        ...(note ? { note } : {}),
      });
    const correct = (who: Client, body: Record<string, unknown>) =>
      who.post<FundEntry & ErrorAnswer>(`${base()}/corrections`, body);
    const totals = async (who: Client = chair()) => {
      const r = await who.get<FundTotals>(base());
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body;
    };
    const entryCount = async () =>
      Number(
        (
          await db()
            .selectFrom('council_fund_entries')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('council_id', '=', c.councilId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    /** a receipt the chair uploaded (loose until an expense takes it) */
    const receipt = (who: Client = chair()) => uploadCouncilFile(who, 'png');
    /** Contribute `fen` from member [3] (recorded by the chair). */
    const contribute = (fen: number, memberIndex = 3) =>
      recorded(chair(), {
        kind: 'contribution',
        memberId: member(memberIndex).memberId,
        amountFen: fen,
        note: '会费',
      });
    async function expense(fen: number, who: Client = chair()): Promise<FundEntry> {
      return recorded(who, {
        kind: 'expense',
        amountFen: fen,
        note: '绿化补种',
        receiptIds: [await receipt(who)],
      });
    }

    before(async () => {
      tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 1000 });
      c = await makeCouncilWithMembers(tp, {
        members: 5,
        kind: 'co_management',
        expenseApprovals: 2,
      });
      other = await makeCouncilWithMembers(tp, {
        members: 1,
        kind: 'co_management',
        staff: c.staff,
        blockId: c.blockId,
      });
      outsider = (await signedUpAccount(tp)).client;
    });
    after(() => tp.close());

    it('when a pledge and a contribution are recorded, then the totals move, each entry carries the running balance and the recording is audited', async () => {
      const before = await totals();
      const pledge = await recorded(chair(), {
        kind: 'pledge',
        memberId: member(3).memberId,
        amountFen: 50_000,
        note: '认捐绿化经费',
      });
      assert.equal(pledge.kind, 'pledge');
      assert.equal(pledge.member?.id, member(3).memberId);
      assert.equal(pledge.balanceFen, before.balanceFen, 'a pledge holds no money yet');
      const paid = await recorded(c.staff, {
        kind: 'contribution',
        memberId: member(3).memberId,
        amountFen: 30_000,
        note: '第一期实缴',
      });
      assert.equal(paid.seq, pledge.seq + 1);
      assert.equal(paid.balanceFen, before.balanceFen + 30_000);
      assert.match(paid.hash, /^[0-9a-f]{64}$/);
      const after = await totals();
      assert.equal(after.pledgedFen, before.pledgedFen + 50_000);
      assert.equal(after.contributedFen, before.contributedFen + 30_000);
      assert.equal(after.balanceFen, before.balanceFen + 30_000);
      assert.equal(after.entries, before.entries + 2);
      assert.equal(after.chainHead, paid.hash);
      // every member reads it, the plain member [4] too
      assert.deepEqual(await totals(member(4).client), after);
      const audit = await db()
        .selectFrom('audit_log')
        .select(['action'])
        .where('object_id', '=', c.councilId)
        .where('action', 'in', ['council.fund.pledge', 'council.fund.contribution'])
        .execute();
      assert.equal(audit.length, 2);
    });

    it('when an amount is negative, zero, fractional or not a number, then 400 naming amountFen and nothing is stored', async () => {
      const n = await entryCount();
      for (const amountFen of [-100, 0, 12.5, 0.01, '100', null, 1_000_000_000_001]) {
        const r = await record(chair(), {
          kind: 'contribution',
          memberId: member(3).memberId,
          amountFen,
          note: '会费',
        });
        assert.equal(r.status, 400, `${String(amountFen)}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.field, 'amountFen', String(amountFen));
      }
      for (const amountFen of [-1, 3.3]) {
        const r = await correct(chair(), { corrects: 1, amountFen, note: '更正' });
        assert.equal(r.status, 400, JSON.stringify(r.body));
        assert.equal(r.body.field, 'amountFen');
      }
      assert.equal(await entryCount(), n);
    });

    it('when a contribution names no member, a member of another council, a made-up one or one who left, then 400 memberId and nothing is stored', async () => {
      const n = await entryCount();
      const missing = await record(chair(), { kind: 'contribution', amountFen: 100, note: '会费' });
      assert.equal(missing.status, 400);
      assert.equal(missing.body.field, 'memberId');
      assert.equal(missing.body.rule, 'required');
      for (const memberId of [other.members[0]!.memberId, crypto.randomUUID()]) {
        const r = await record(chair(), {
          kind: 'contribution',
          memberId,
          amountFen: 100,
          note: '会费',
        });
        assert.equal(r.status, 400, JSON.stringify(r.body));
        assert.equal(r.body.field, 'memberId');
        assert.equal(r.body.rule, 'notMember');
      }
      // a member that left the council gives no more
      const leaving = await makeCouncilWithMembers(tp, {
        members: 2,
        kind: 'co_management',
        staff: c.staff,
        blockId: c.blockId,
      });
      const gone = await c.staff.delete(
        `/api/councils/${leaving.councilId}/members/${leaving.members[1]!.memberId}`,
      );
      assert.equal(gone.status, 204, JSON.stringify(gone.body));
      const late = await c.staff.post<ErrorAnswer>(
        `/api/councils/${leaving.councilId}/fund/entries`,
        { kind: 'pledge', memberId: leaving.members[1]!.memberId, amountFen: 100, note: '认捐' },
      );
      assert.equal(late.status, 400, JSON.stringify(late.body));
      assert.equal(late.body.rule, 'notMember');
      assert.equal(await entryCount(), n);
    });

    it('when a director or a plain member records an entry, then 403; an outsider or the staff of another street, then 404', async () => {
      const body = {
        kind: 'contribution',
        memberId: member(3).memberId,
        amountFen: 100,
        note: '会费',
      };
      assert.equal((await record(director(0), body)).status, 403);
      assert.equal((await record(member(3).client, body)).status, 403);
      assert.equal((await record(outsider, body)).status, 404);
      assert.equal((await record(await otherStreetOperator(tp), body)).status, 404);
    });

    it('when an expense has no receipt, someone else’s receipt or goes above the balance less what waits for approval, then 400 / 409 naming the balance and nothing is stored', async () => {
      const n = await entryCount();
      const t = await totals();
      const noReceipt = await record(chair(), { kind: 'expense', amountFen: 100, note: '买花' });
      assert.equal(noReceipt.status, 400);
      assert.equal(noReceipt.body.field, 'receiptIds');
      assert.equal(noReceipt.body.rule, 'required');
      const empty = await record(chair(), {
        kind: 'expense',
        amountFen: 100,
        note: '买花',
        receiptIds: [],
      });
      assert.equal(empty.status, 400);
      assert.equal(empty.body.field, 'receiptIds');
      // a file someone else uploaded
      const theirs = await uploadCouncilFile(member(3).client);
      const foreign = await record(chair(), {
        kind: 'expense',
        amountFen: 100,
        note: '买花',
        receiptIds: [theirs],
      });
      assert.equal(foreign.status, 400, JSON.stringify(foreign.body));
      assert.equal(foreign.body.field, 'receiptIds');
      const above = await record(chair(), {
        kind: 'expense',
        amountFen: t.balanceFen - t.pendingFen + 1,
        note: '买花',
        receiptIds: [await receipt()],
      });
      assert.equal(above.status, 409, JSON.stringify(above.body));
      assert.equal(above.body.field, 'amountFen');
      const yuan = (t.balanceFen / 100).toLocaleString('en', { minimumFractionDigits: 2 });
      assert.ok(above.body.message.includes(`¥${yuan}`), above.body.message);
      assert.equal(await entryCount(), n);
      const again = await totals();
      assert.equal(again.pendingFen, t.pendingFen);
    });

    it('when an expense needs two directors, then a member is refused (403), the one who asked cannot approve it (403 own), a director approves once (409 twice), and the second approval spends it', async () => {
      await contribute(20_000);
      const t0 = await totals();
      const x = await expense(12_000);
      assert.equal(x.kind, 'expense');
      assert.deepEqual(x.expense, { state: 'pending', approvals: 0, required: 2 });
      assert.equal(x.receipts.length, 1);
      assert.equal((await totals()).pendingFen, t0.pendingFen + 12_000);

      const plain = await decide(member(3).client, x.seq, 'approve');
      assert.equal(plain.status, 403, JSON.stringify(plain.body));
      const own = await decide(chair(), x.seq, 'approve');
      assert.equal(own.status, 403, JSON.stringify(own.body));
      assert.equal(own.body.rule, 'own');
      assert.equal((await decide(outsider, x.seq, 'approve')).status, 404);

      const first = await decide(director(0), x.seq, 'approve', '已现场查看');
      assert.equal(first.status, 201, JSON.stringify(first.body));
      assert.equal(first.body.kind, 'approval');
      assert.equal(first.body.refersTo, x.seq);
      assert.equal(first.body.amountFen, 0);
      assert.deepEqual(first.body.expense, { state: 'pending', approvals: 1, required: 2 });
      assert.equal(
        (await totals()).balanceFen,
        t0.balanceFen,
        'one approval of two spends nothing',
      );

      const twice = await decide(director(0), x.seq, 'approve');
      assert.equal(twice.status, 409, JSON.stringify(twice.body));

      const second = await decide(director(1), x.seq, 'approve');
      assert.equal(second.status, 201, JSON.stringify(second.body));
      assert.equal(second.body.amountFen, 12_000);
      assert.deepEqual(second.body.expense, { state: 'approved', approvals: 2, required: 2 });
      const t1 = await totals();
      assert.equal(t1.balanceFen, t0.balanceFen - 12_000);
      assert.equal(t1.spentFen, t0.spentFen + 12_000);
      assert.equal(t1.pendingFen, t0.pendingFen);
      assert.equal(second.body.balanceFen, t1.balanceFen);

      // decided: no more decisions; an unknown expense is a 404
      assert.equal((await decide(director(1), x.seq, 'refuse')).status, 409);
      assert.equal((await decide(director(0), 999_999, 'approve')).status, 404);
      // a contribution is no expense
      assert.equal((await decide(director(0), 1, 'approve')).status, 404);
    });

    it('when two directors of one member approve, then their member counts once (409) and a director of another member is still needed', async () => {
      const [a, b] = [await signedUpAccount(tp), await signedUpAccount(tp)];
      const firm = await addMember(c.staff, c.councilId, {
        kind: 'property_company',
        name: '双理事物业',
        representatives: [
          { accountId: a.accountId, role: 'director' },
          { accountId: b.accountId, role: 'director' },
        ],
      });
      await contribute(6_000);
      const x = await expense(5_000);
      const first = await decide(a.client, x.seq, 'approve');
      assert.equal(first.status, 201, JSON.stringify(first.body));
      const n = await entryCount();
      const same = await decide(b.client, x.seq, 'approve');
      assert.equal(same.status, 409, JSON.stringify(same.body));
      assert.equal(same.body.field, 'decision');
      assert.match(same.body.message, /每个成员单位只计一次/);
      assert.equal(await entryCount(), n, 'nothing written');
      const other = await decide(director(0), x.seq, 'approve');
      assert.equal(other.status, 201, JSON.stringify(other.body));
      assert.deepEqual(other.body.expense, { state: 'approved', approvals: 2, required: 2 });
      const stored = await db()
        .selectFrom('council_fund_approvals')
        .select('member_id')
        .where('council_id', '=', c.councilId)
        .where('expense_seq', '=', x.seq)
        .orderBy('member_id')
        .execute();
      assert.deepEqual(
        stored.map((r) => r.member_id),
        [firm.id, c.directors[0]!.memberId].sort(),
      );
      // leave the council as it was for the other tests
      assert.equal(
        (await c.staff.delete(`/api/councils/${c.councilId}/members/${firm.id}`)).status,
        204,
      );
    });

    it('when a director refuses an expense, then it is refused at once and what waited is free again', async () => {
      await contribute(5_000);
      const t0 = await totals();
      const x = await expense(4_000);
      assert.equal((await totals()).pendingFen, t0.pendingFen + 4_000);
      const no = await decide(director(1), x.seq, 'refuse', '报价过高');
      assert.equal(no.status, 201, JSON.stringify(no.body));
      assert.equal(no.body.kind, 'refusal');
      assert.equal(no.body.expense?.state, 'refused');
      const t1 = await totals();
      assert.equal(t1.pendingFen, t0.pendingFen);
      assert.equal(t1.balanceFen, t0.balanceFen);
      assert.equal((await decide(director(0), x.seq, 'approve')).status, 409);
    });

    it('when an expense is paid to a director’s own member, then that director cannot decide it (403 own)', async () => {
      await contribute(3_000);
      const x = await recorded(chair(), {
        kind: 'expense',
        memberId: c.directors[0]!.memberId,
        amountFen: 1_000,
        note: '理事单位垫付的清扫费',
        receiptIds: [await receipt()],
      });
      const r = await decide(director(0), x.seq, 'approve');
      assert.equal(r.status, 403, JSON.stringify(r.body));
      assert.equal(r.body.rule, 'own');
      assert.equal((await decide(director(1), x.seq, 'refuse')).status, 201);
    });

    it('when approvals reach the rule but corrections took the balance below the expense, then 409 with the balance and nothing is stored', async () => {
      const gift = await contribute(7_000);
      const x = await expense((await totals()).balanceFen - (await totals()).pendingFen);
      // the contribution was wrongly recorded: it was nothing at all
      const fixed = await correct(chair(), { corrects: gift.seq, amountFen: 0, note: '录入错误' });
      assert.equal(fixed.status, 201, JSON.stringify(fixed.body));
      assert.equal(fixed.body.amountFen, -7_000);
      assert.equal(fixed.body.refersTo, gift.seq);
      assert.equal((await decide(director(0), x.seq, 'approve')).status, 201);
      const n = await entryCount();
      const t = await totals();
      const r = await decide(director(1), x.seq, 'approve');
      assert.equal(r.status, 409, JSON.stringify(r.body));
      assert.equal(r.body.field, 'amountFen');
      assert.ok(r.body.message.includes('¥'), r.body.message);
      assert.equal(await entryCount(), n);
      assert.deepEqual(await totals(), t);
      assert.equal((await decide(director(1), x.seq, 'refuse')).status, 201);
    });

    it('when entries are corrected, then the change is a new entry; below zero is a 409, a decision or a pending expense a 400 corrects, an unchanged amount a 400', async () => {
      const paid = await contribute(9_000);
      const t0 = await totals();
      const up = await correct(c.staff, {
        corrects: paid.seq,
        amountFen: 9_900,
        note: '少记 9 元',
      });
      assert.equal(up.status, 201, JSON.stringify(up.body));
      assert.equal(up.body.kind, 'correction');
      assert.equal(up.body.amountFen, 900);
      assert.equal(up.body.member?.id, member(3).memberId);
      assert.equal((await totals()).balanceFen, t0.balanceFen + 900);
      // its amount as corrected is 9,900 now: the same again changes nothing
      const same = await correct(chair(), { corrects: paid.seq, amountFen: 9_900, note: '重复' });
      assert.equal(same.status, 400);
      assert.equal(same.body.field, 'amountFen');

      // an approved expense corrected down gives money back, up takes more
      const x = await expense(2_000);
      await decide(director(0), x.seq, 'approve');
      const done = await decide(director(1), x.seq, 'approve');
      assert.equal(done.body.expense?.state, 'approved');
      const t1 = await totals();
      const less = await correct(chair(), { corrects: x.seq, amountFen: 1_500, note: '实付金额' });
      assert.equal(less.status, 201, JSON.stringify(less.body));
      assert.equal(less.body.amountFen, -500);
      const t2 = await totals();
      assert.equal(t2.balanceFen, t1.balanceFen + 500);
      assert.equal(t2.spentFen, t1.spentFen - 500);

      // more than the balance holds
      const tooMuch = await correct(chair(), {
        corrects: x.seq,
        amountFen: 1_500 + t2.balanceFen + 1,
        note: '补记',
      });
      assert.equal(tooMuch.status, 409, JSON.stringify(tooMuch.body));
      assert.equal(tooMuch.body.field, 'amountFen');
      // a contribution down below what the fund still holds
      const drop = await correct(chair(), { corrects: paid.seq, amountFen: 0, note: '撤销' });
      if (t2.balanceFen < 9_900) assert.equal(drop.status, 409);
      else {
        assert.equal(drop.status, 201);
        assert.equal(
          (await correct(chair(), { corrects: paid.seq, amountFen: 9_900, note: '恢复' })).status,
          201,
        );
      }
      const m = await entryCount();
      for (const corrects of [done.body.seq, up.body.seq]) {
        const r = await correct(chair(), { corrects, amountFen: 100, note: '更正' });
        assert.equal(r.status, 400, JSON.stringify(r.body));
        assert.equal(r.body.field, 'corrects');
        assert.equal(r.body.rule, 'kind');
      }
      const pending = await expense(100);
      const p = await correct(chair(), { corrects: pending.seq, amountFen: 50, note: '更正' });
      assert.equal(p.status, 400);
      assert.equal(p.body.rule, 'kind');
      const none = await correct(chair(), { corrects: 9_999_999, amountFen: 50, note: '更正' });
      assert.equal(none.status, 400);
      assert.equal(none.body.field, 'corrects');
      assert.equal(await entryCount(), m + 1, 'only the pending expense was stored');
      assert.equal(
        (await correct(director(0), { corrects: paid.seq, amountFen: 1, note: 'x' })).status,
        403,
      );
    });

    it('when expenses come at once, then no more is waiting than the fund holds', async () => {
      const t0 = await totals();
      const free = t0.balanceFen - t0.pendingFen;
      const each = Math.floor(free / 3) + 1; // two fit, the third does not
      const ids = await Promise.all([0, 1, 2, 3].map(() => receipt()));
      const rs = await Promise.all(
        ids.map((id) =>
          record(chair(), { kind: 'expense', amountFen: each, note: '并发', receiptIds: [id] }),
        ),
      );
      const ok = rs.filter((r) => r.status === 201).length;
      assert.equal(ok, 2, rs.map((r) => r.status).join(','));
      assert.ok(rs.every((r) => r.status === 201 || r.status === 409));
      const t1 = await totals();
      assert.equal(t1.pendingFen, t0.pendingFen + 2 * each);
      assert.ok(t1.pendingFen <= t1.balanceFen);
      const seqs = rs.filter((r) => r.status === 201).map((r) => r.body.seq);
      for (const seq of seqs) assert.equal((await decide(director(0), seq, 'refuse')).status, 201);
    });

    it('when the entries are listed, then newest first with the totals, page by page, by member and by kind', async () => {
      const all: FundEntry[] = [];
      let cursor: string | null = null;
      let t: FundTotals | undefined;
      do {
        const r: { status: number; body: FundEntryList } = await member(
          4,
        ).client.get<FundEntryList>(
          `${base()}/entries?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        assert.equal(r.status, 200, JSON.stringify(r.body));
        t ??= r.body.totals;
        all.push(...r.body.items);
        cursor = r.body.nextCursor;
      } while (cursor);
      assert.equal(all.length, t!.entries);
      assert.deepEqual(
        all.map((e) => e.seq),
        Array.from({ length: t!.entries }, (_, i) => t!.entries - i),
      );
      const mine = await member(4).client.get<FundEntryList>(
        `${base()}/entries?member=${member(3).memberId}&limit=100`,
      );
      assert.equal(mine.status, 200);
      assert.ok(mine.body.items.length > 0);
      assert.ok(mine.body.items.every((e) => e.member?.id === member(3).memberId));
      assert.equal(
        mine.body.items.length,
        all.filter((e) => e.member?.id === member(3).memberId).length,
      );
      const approvals = await chair().get<FundEntryList>(
        `${base()}/entries?kind=approval&limit=100`,
      );
      assert.ok(approvals.body.items.length > 0);
      assert.ok(approvals.body.items.every((e) => e.kind === 'approval'));
      const stranger = await chair().get<ErrorAnswer>(
        `${base()}/entries?member=${other.members[0]!.memberId}`,
      );
      assert.equal(stranger.status, 400);
      assert.equal(stranger.body.field, 'member');
      const forged = await chair().get<ErrorAnswer>(`${base()}/entries?cursor=abc`);
      assert.equal(forged.status, 400);
      assert.equal(forged.body.field, 'cursor');
    });

    it('when a receipt is read, then members and the staff read it and an outsider gets 404', async () => {
      const list = await chair().get<FundEntryList>(`${base()}/entries?kind=expense&limit=1`);
      const file = list.body.items[0]!.receipts[0]!;
      assert.ok(file, 'an expense shows its receipt');
      assert.equal((await member(4).client.get(file.url)).status, 200);
      assert.equal((await c.staff.get(file.url)).status, 200);
      assert.equal((await outsider.get(file.url)).status, 404);
      assert.equal((await other.members[0]!.client.get(file.url)).status, 404);
    });

    it('when someone outside the council asks for anything of the fund, then 404 and nothing tells it exists', async () => {
      const elsewhere = await otherStreetOperator(tp);
      for (const who of [outsider, elsewhere, other.members[0]!.client]) {
        for (const path of [
          '',
          '/entries',
          `/entries?member=${member(3).memberId}`,
          '/statement.csv',
          '/statement.pdf',
          '/verify',
        ]) {
          const r = await who.get(`${base()}${path}`);
          assert.equal(r.status, 404, `${path}: ${r.status}`);
          assert.ok(!JSON.stringify(r.body).includes('余额'), path);
        }
        assert.equal((await correct(who, { corrects: 1, amountFen: 1, note: 'x' })).status, 404);
      }
      assert.equal((await tp.client().get(base())).status, 401);
    });

    it('when a statement is downloaded, then the CSV is UTF-8 with a BOM and zh headers, one row per entry, and the PDF a PDF', async () => {
      const t = await totals();
      const res = await fetch(tp.baseUrl + `${base()}/statement.csv`, {
        headers: { cookie: member(4).client.cookieHeader() },
      });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/csv/);
      assert.match(
        res.headers.get('content-disposition') ?? '',
        /attachment; filename="fund-.*\.csv"/,
      );
      const bytes = Buffer.from(await res.arrayBuffer());
      assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
      const lines = bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
      assert.match(lines[0]!, /^"序号","记录时间","类型","成员单位","金额（元）"/);
      assert.equal(lines.length, 1 + t.entries);
      assert.match(lines[1]!, /^"1",/);
      assert.ok(lines.some((l) => l.includes('"实缴"') && l.includes('"300.00"')));

      const one = await member(4).client.get<string>(
        `${base()}/statement.csv?member=${member(3).memberId}`,
      );
      assert.equal(one.status, 200);
      const rows = one.body
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n')
        .slice(1);
      const listed = await chair().get<FundEntryList>(
        `${base()}/entries?member=${member(3).memberId}&limit=100`,
      );
      assert.equal(rows.length, listed.body.items.length);

      const pdf = await fetch(tp.baseUrl + `${base()}/statement.pdf`, {
        headers: { cookie: chair().cookieHeader() },
      });
      assert.equal(pdf.status, 200);
      assert.equal(pdf.headers.get('content-type'), 'application/pdf');
      const pdfBytes = Buffer.from(await pdf.arrayBuffer());
      assert.equal(pdfBytes.subarray(0, 5).toString('latin1'), '%PDF-');
      assert.ok(pdfBytes.length > 2000);
      const memberPdf = await fetch(
        tp.baseUrl + `${base()}/statement.pdf?member=${member(3).memberId}`,
        { headers: { cookie: member(3).client.cookieHeader() } },
      );
      assert.equal(memberPdf.status, 200);
      const bad = await chair().get<ErrorAnswer>(
        `${base()}/statement.csv?member=${other.members[0]!.memberId}`,
      );
      assert.equal(bad.status, 400);
      assert.equal(bad.body.field, 'member');
    });

    it('when a receipt already backs an expense, then a second expense with it is a 409 naming receiptIds.N (in any case of the id) and nothing is stored', async () => {
      await contribute(6_000);
      const used = await receipt();
      const first = await recorded(chair(), {
        kind: 'expense',
        amountFen: 1_000,
        note: '门头清洗',
        receiptIds: [used],
      });
      const n = await entryCount();
      const t = await totals();
      const fresh = await receipt();
      for (const again of [used, used.toUpperCase()]) {
        const r = await record(chair(), {
          kind: 'expense',
          amountFen: 1_000,
          note: '门头清洗（重复报销）',
          receiptIds: [fresh, again],
        });
        assert.equal(r.status, 409, JSON.stringify(r.body));
        assert.equal(r.body.field, 'receiptIds.1');
        assert.ok(r.body.message.includes(`no. ${first.seq}`), r.body.message);
      }
      // the staff record for the same council: the receipt is the council's either way
      const staffAgain = await record(c.staff, {
        kind: 'expense',
        amountFen: 1_000,
        note: '门头清洗',
        receiptIds: [used],
      });
      assert.equal(staffAgain.status, 409, JSON.stringify(staffAgain.body));
      assert.equal(staffAgain.body.field, 'receiptIds.0');
      assert.equal(await entryCount(), n);
      assert.deepEqual(await totals(), t);
      // the fresh receipt was not taken by the refused request: it backs the next expense
      const next = await recorded(chair(), {
        kind: 'expense',
        amountFen: 1_000,
        note: '门头清洗（补票）',
        receiptIds: [fresh],
      });
      assert.deepEqual(
        next.receipts.map((f) => f.id),
        [fresh],
      );
      for (const x of [first, next])
        assert.equal((await decide(director(0), x.seq, 'refuse')).status, 201);
    });

    it('when an expense was asked for by a representative of a director’s own member, then that director cannot approve or refuse it (403 own); another director can', async () => {
      const [asker, peer] = [await signedUpAccount(tp), await signedUpAccount(tp)];
      const r = await c.staff.post<{ id: string }>(`/api/councils/${c.councilId}/members`, {
        kind: 'enterprise',
        name: `物业公司 ${crypto.randomBytes(3).toString('hex')}`,
        representatives: [
          { accountId: asker.accountId, role: 'secretary' },
          { accountId: peer.accountId, role: 'director' },
        ],
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      await contribute(2_000);
      const x = await expense(1_500, asker.client);
      const n = await entryCount();
      for (const decision of ['approve', 'refuse'] as const) {
        const own = await decide(peer.client, x.seq, decision);
        assert.equal(own.status, 403, JSON.stringify(own.body));
        assert.equal(own.body.rule, 'own');
      }
      assert.equal(await entryCount(), n);
      const ok = await decide(director(0), x.seq, 'approve');
      assert.equal(ok.status, 201, JSON.stringify(ok.body));
      assert.deepEqual(ok.body.expense, { state: 'pending', approvals: 1, required: 2 });
      assert.equal((await decide(director(1), x.seq, 'refuse')).status, 201);
    });

    it('when an expense seq or a corrected entry is beyond a 32-bit integer, then 400, not a database error', async () => {
      const n = await entryCount();
      const big = await decide(director(0), 2_147_483_648, 'approve');
      assert.equal(big.status, 400, JSON.stringify(big.body));
      // the largest that fits is simply no expense
      assert.equal((await decide(director(0), 2_147_483_647, 'approve')).status, 404);
      const beyond = await correct(chair(), {
        corrects: 2_147_483_648,
        amountFen: 1,
        note: '更正',
      });
      assert.equal(beyond.status, 400, JSON.stringify(beyond.body));
      const largest = await correct(chair(), {
        corrects: 2_147_483_647,
        amountFen: 1,
        note: '更正',
      });
      assert.equal(largest.status, 400, JSON.stringify(largest.body));
      assert.equal(largest.body.field, 'corrects');
      assert.equal(await entryCount(), n);
    });

    it('when the chain is verified, then it holds; when a stored amount or note is altered, then it names the entry', async () => {
      const ok = await member(4).client.get<FundChainCheck>(`${base()}/verify`);
      assert.equal(ok.status, 200);
      const t = await totals();
      assert.deepEqual(ok.body, {
        ok: true,
        length: t.entries,
        head: t.chainHead,
        brokenAt: null,
        reason: null,
      });
      // a fresh council's empty fund verifies too
      const empty = await other.members[0]!.client.get<FundChainCheck>(
        `/api/councils/${other.councilId}/fund/verify`,
      );
      assert.deepEqual(empty.body, {
        ok: true,
        length: 0,
        head: null,
        brokenAt: null,
        reason: null,
      });

      await sql`update council_fund_entries set note = note || '!' where council_id = ${c.councilId} and seq = 3`.execute(
        db(),
      );
      const broken = await chair().get<FundChainCheck>(`${base()}/verify`);
      assert.equal(broken.body.ok, false);
      assert.equal(broken.body.brokenAt, 3);
      await sql`update council_fund_entries set note = left(note, length(note) - 1) where council_id = ${c.councilId} and seq = 3`.execute(
        db(),
      );
      assert.equal((await chair().get<FundChainCheck>(`${base()}/verify`)).body.ok, true);
      // the running balance of an entry altered: the hash holds, the totals do not add up
      await sql`update council_fund_entries set balance_fen = balance_fen + 1 where council_id = ${c.councilId} and seq = 2`.execute(
        db(),
      );
      const totalsOff = await chair().get<FundChainCheck>(`${base()}/verify`);
      assert.equal(totalsOff.body.ok, false);
      assert.equal(totalsOff.body.brokenAt, 2);
      assert.match(totalsOff.body.reason ?? '', /totals/);
    });

    it('when an account asks for the chain check in a burst, then it is refused with 429 past the limit', async () => {
      const statuses: number[] = [];
      // a window may roll over on a slow machine: ask until refused, at most two windows' worth
      for (let i = 0; i <= 2 * VERIFIES_PER_MINUTE; i++) {
        const r = await member(3).client.get(`${base()}/verify`);
        statuses.push(r.status);
        if (r.status === 429) break;
      }
      assert.equal(statuses.at(-1), 429, statuses.join(','));
      assert.ok(
        statuses.slice(0, VERIFIES_PER_MINUTE).every((s) => s === 200),
        statuses.join(','),
      );
      // another account's budget is its own
      assert.equal((await director(1).get(`${base()}/verify`)).status, 200);
    });
  });
}
