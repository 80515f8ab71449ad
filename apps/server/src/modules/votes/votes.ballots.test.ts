import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BallotReceipt } from '@cc/contracts';
import {
  DATABASES,
  staffAccount,
  startTestPlatform,
  type Client,
  type TestPlatform,
} from '../../testing.js';
import { readChain, verifyChain } from './vote-chain.js';
import {
  COMMITTEE,
  freshRooms,
  openVote,
  pastClose,
  person,
  setOwners,
  takeRoom,
  uploadSheet,
  type Person,
} from '../../testing-votes.js';

/** Ballots online and on paper, one hash chain per vote: through HTTP on both databases. */

type Err = { message?: string; field?: string; code?: string };
const OTHER = '310101002002'; // 龙泉园路居委会

for (const kind of DATABASES) {
  describe(`vote ballots (${kind})`, () => {
    let tp: TestPlatform;
    let staff: Client;
    let otherStaff: Client;
    /** every receipt given, by vote */
    const receipts = new Map<string, BallotReceipt[]>();

    const cast = async (p: Person, voteId: string, body: Record<string, unknown>) => {
      const r = await p.client.post<BallotReceipt & Err>(`/api/votes/${voteId}/ballots`, body);
      if (r.status === 201) receipts.set(voteId, [...(receipts.get(voteId) ?? []), r.body]);
      return r;
    };
    const paper = async (c: Client, voteId: string, body: Record<string, unknown>) => {
      const r = await c.post<BallotReceipt & Err>(`/api/votes/${voteId}/paper-ballots`, body);
      if (r.status === 201) receipts.set(voteId, [...(receipts.get(voteId) ?? []), r.body]);
      return r;
    };
    const voteRow = (id: string) =>
      tp.platform.database.db
        .selectFrom('votes')
        .select(['ballots', 'chain_seq', 'chain_head', 'heads'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    const labelOf = async (voteId: string, roomId: string) =>
      (
        await tp.platform.database.db
          .selectFrom('vote_units')
          .select('label')
          .where('vote_id', '=', voteId)
          .where('room_id', '=', roomId)
          .executeTakeFirstOrThrow()
      ).label;

    /** `n` owners, each the sole owner on record of a fresh room. */
    async function owners(n: number): Promise<{ people: Person[]; rooms: string[] }> {
      const people: Person[] = [];
      for (let i = 0; i < n; i++) people.push(await person(tp));
      const rooms = await freshRooms(tp, n);
      for (const [i, p] of people.entries()) await setOwners(staff, rooms[i]!, [p], 60 + i + 0.25);
      return { people, rooms };
    }

    before(async () => {
      tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 1000 });
      staff = await tp.login('yunnan');
      otherStaff = await staffAccount(tp, {
        username: 'longquan-votes',
        role: 'committee_staff',
        areaCode: OTHER,
      });
    });
    after(() => tp.close());

    it('when an owner votes twice, then the second is 409; where changes are allowed, it replaces the first and the chain grows', async () => {
      const { people, rooms } = await owners(2);
      const [a, b] = people as [Person, Person];
      const fixed = await openVote(staff, rooms);
      const first = await cast(a, fixed.id, { choice: 'agree' });
      assert.equal(first.status, 201, JSON.stringify(first.body));
      assert.deepEqual(first.body.units, [await labelOf(fixed.id, rooms[0]!)]);
      assert.equal(first.body.seq, 1);
      assert.equal(first.body.channel, 'online');
      assert.equal(first.body.replaces, null);
      assert.match(first.body.hash, /^[0-9a-f]{64}$/);
      const again = await cast(a, fixed.id, { choice: 'disagree' });
      assert.equal(again.status, 409, JSON.stringify(again.body));
      assert.match(again.body.message!, /does not allow changing/);
      assert.deepEqual(await voteRow(fixed.id), {
        ballots: 1,
        chain_seq: 1,
        chain_head: first.body.hash,
        heads: 2,
      });

      const open = await openVote(staff, rooms, { allowChange: true });
      const one = await cast(a, open.id, { choice: 'agree' });
      assert.equal(one.status, 201, JSON.stringify(one.body));
      const two = await cast(a, open.id, { choice: 'disagree' });
      assert.equal(two.status, 201, JSON.stringify(two.body));
      assert.equal(two.body.seq, 2);
      assert.equal(two.body.replaces, 1);
      const three = await cast(b, open.id, { choice: 'abstain' });
      assert.equal(three.status, 201, JSON.stringify(three.body));
      const row = await voteRow(open.id);
      assert.equal(row.ballots, 2, 'standing ballots: one per owner');
      assert.equal(row.chain_seq, 3, 'every ballot cast is in the chain');
      const standing = await tp.platform.database.db
        .selectFrom('vote_ballots')
        .select(['head_no', 'choice', 'seq'])
        .where('vote_id', '=', open.id)
        .orderBy('seq')
        .execute();
      assert.deepEqual(
        standing.map((s) => [s.choice, s.seq]),
        [
          ['disagree', 2],
          ['abstain', 3],
        ],
      );

      await pastClose(tp, open.id);
      const late = await cast(b, open.id, { choice: 'agree' });
      assert.equal(late.status, 409, JSON.stringify(late.body));
      assert.match(late.body.message!, /表决已截止/);
      assert.equal((await voteRow(open.id)).chain_seq, 3, 'nothing stored');
    });

    it('when a tenant, staff or another committee votes, then 403 says why, or 404', async () => {
      // a tenant of a unit in the vote (its owner on record, a landlord, lives elsewhere)
      const tenant = await person(tp, { relation: 'tenant' });
      await takeRoom(tp, tenant.roomId);
      const { rooms } = await owners(2);
      await setOwners(staff, tenant.roomId, [await person(tp)], 58.5);
      const v = await openVote(staff, [...rooms, tenant.roomId]);
      const r = await cast(tenant, v.id, { choice: 'agree' });
      assert.equal(r.status, 403, JSON.stringify(r.body));
      assert.match(r.body.message!, /owners register/);
      assert.match(r.body.message!, /租户/);
      const s = await staff.post<Err>(`/api/votes/${v.id}/ballots`, { choice: 'agree' });
      assert.equal(s.status, 403, JSON.stringify(s.body));
      assert.match(s.body.message!, /paper ballots/);
      const o = await otherStaff.post<Err>(`/api/votes/${v.id}/ballots`, { choice: 'agree' });
      assert.equal(o.status, 404, JSON.stringify(o.body));
      const op = await otherStaff.post<Err>(`/api/votes/${v.id}/paper-ballots`, {
        roomId: rooms[0],
        choice: 'agree',
        attachmentId: await uploadSheet(otherStaff),
      });
      assert.equal(op.status, 404, JSON.stringify(op.body));
      assert.equal((await voteRow(v.id)).chain_seq, 0);
    });

    it('when a unit voted online, then no paper ballot for it, and the reverse (409); paper needs a signed sheet (400)', async () => {
      const { people, rooms } = await owners(2);
      const [c, d] = people as [Person, Person];
      const v = await openVote(staff, rooms, { allowChange: true });
      assert.equal((await cast(c, v.id, { choice: 'agree' })).status, 201);
      const onPaper = await paper(staff, v.id, {
        roomId: rooms[0],
        choice: 'disagree',
        attachmentId: await uploadSheet(staff),
      });
      assert.equal(onPaper.status, 409, JSON.stringify(onPaper.body));
      assert.match(onPaper.body.message!, /该户已网上表决/);

      const noSheet = await paper(staff, v.id, { roomId: rooms[1], choice: 'disagree' });
      assert.equal(noSheet.status, 400, JSON.stringify(noSheet.body));
      const notHere = await paper(staff, v.id, {
        roomId: (await freshRooms(tp, 1))[0],
        choice: 'disagree',
        attachmentId: await uploadSheet(staff),
      });
      assert.equal(notHere.status, 400, JSON.stringify(notHere.body));
      assert.equal(notHere.body.field, 'roomId');
      const byResident = await paper(c.client, v.id, {
        roomId: rooms[1],
        choice: 'disagree',
        attachmentId: await uploadSheet(c.client),
      });
      assert.equal(byResident.status, 403, JSON.stringify(byResident.body));
      const notMine = await paper(staff, v.id, {
        roomId: rooms[1],
        choice: 'disagree',
        attachmentId: await uploadSheet(c.client),
      });
      assert.equal(notMine.status, 400, 'the sheet is an upload of the staff member entering it');
      assert.equal(notMine.body.field, 'attachmentId');
      assert.equal((await voteRow(v.id)).chain_seq, 1, 'nothing stored by the refusals');

      const sheet = await uploadSheet(staff);
      const entered = await paper(staff, v.id, {
        roomId: rooms[1],
        choice: 'disagree',
        attachmentId: sheet,
        note: '业主本人签字，电话 13812345678',
      });
      assert.equal(entered.status, 201, JSON.stringify(entered.body));
      assert.equal(entered.body.channel, 'paper');
      assert.deepEqual(entered.body.units, [await labelOf(v.id, rooms[1]!)]);
      const online = await cast(d, v.id, { choice: 'agree' });
      assert.equal(online.status, 409, JSON.stringify(online.body));
      assert.match(online.body.message!, /书面表决/);
      const reused = await paper(staff, v.id, {
        roomId: rooms[1],
        choice: 'agree',
        attachmentId: sheet,
      });
      assert.equal(reused.status, 400, 'a sheet already taken is not taken again');

      const db = tp.platform.database.db;
      const stored = await db
        .selectFrom('vote_ballots')
        .select(['channel', 'attachment_id', 'note'])
        .where('vote_id', '=', v.id)
        .where('channel', '=', 'paper')
        .executeTakeFirstOrThrow();
      assert.equal(stored.attachment_id, sheet);
      assert.ok(!stored.note!.includes('13812345678'), 'the note is masked');
      const audit = await db
        .selectFrom('audit_log')
        .select(['action', 'detail'])
        .where('object_id', '=', v.id)
        .where('action', '=', 'votes.ballot.paper')
        .execute();
      assert.equal(audit.length, 1);
      assert.equal((audit[0]!.detail as { choice: string }).choice, 'disagree');
      // the signed sheet is not one of the vote's documents
      const docs = await db
        .selectFrom('attachments')
        .select('owner_type')
        .where('id', '=', sheet)
        .executeTakeFirstOrThrow();
      assert.notEqual(docs.owner_type, 'vote');
      const colleague = await staffAccount(tp, {
        username: 'yunnan-votes-2',
        role: 'committee_staff',
        areaCode: COMMITTEE,
      });
      assert.equal((await colleague.get(`/api/attachments/${sheet}`)).status, 200);
      assert.equal((await d.client.get(`/api/attachments/${sheet}`)).status, 404);
    });

    it('when an owner holds two units under the same owners, then one ballot covers both; two groups need roomId', async () => {
      const [e, f, g, h] = [await person(tp), await person(tp), await person(tp), await person(tp)];
      const rooms = await freshRooms(tp, 5);
      await setOwners(staff, rooms[0]!, [e], 88.5);
      await setOwners(staff, rooms[1]!, [e], 12.3);
      await setOwners(staff, rooms[2]!, [f], 75);
      await setOwners(staff, rooms[3]!, [g], 60);
      await setOwners(staff, rooms[4]!, [g, h], 90);
      const v = await openVote(staff, rooms);
      assert.equal((await voteRow(v.id)).heads, 4, 'e once, f, g alone, g with h');
      const both = await cast(e, v.id, { choice: 'agree' });
      assert.equal(both.status, 201, JSON.stringify(both.body));
      assert.deepEqual(
        [...both.body.units].sort(),
        [await labelOf(v.id, rooms[0]!), await labelOf(v.id, rooms[1]!)].sort(),
      );
      const twice = await cast(e, v.id, { choice: 'agree', roomId: rooms[1] });
      assert.equal(twice.status, 409, 'the second unit is covered by the first ballot');

      const which = await cast(g, v.id, { choice: 'agree' });
      assert.equal(which.status, 400, JSON.stringify(which.body));
      assert.equal(which.body.field, 'roomId');
      assert.ok(which.body.message!.includes(rooms[3]!) && which.body.message!.includes(rooms[4]!));
      const notTheirs = await cast(g, v.id, { choice: 'agree', roomId: rooms[2] });
      assert.equal(notTheirs.status, 400);
      assert.equal(notTheirs.body.field, 'roomId');
      const alone = await cast(g, v.id, { choice: 'agree', roomId: rooms[3] });
      assert.equal(alone.status, 201, JSON.stringify(alone.body));
      assert.deepEqual(alone.body.units, [await labelOf(v.id, rooms[3]!)]);
      const shared = await cast(h, v.id, { choice: 'disagree' });
      assert.equal(shared.status, 201, 'a co-owner casts the ballot of the group');
      const gShared = await cast(g, v.id, { choice: 'agree', roomId: rooms[4] });
      assert.equal(gShared.status, 409, 'the group with h has voted');
      assert.equal((await voteRow(v.id)).ballots, 3);
    });

    it('when 50 owners vote at once, then every ballot counts once and the chain runs 1..50', async () => {
      const { people, rooms } = await owners(50);
      const v = await openVote(staff, rooms);
      const results = await Promise.all(
        people.map((p, i) =>
          cast(p, v.id, { choice: i % 3 === 0 ? 'disagree' : i % 5 === 0 ? 'abstain' : 'agree' }),
        ),
      );
      assert.deepEqual(
        results.map((r) => r.status),
        people.map(() => 201),
        JSON.stringify(results.find((r) => r.status !== 201)?.body),
      );
      assert.deepEqual(
        results.map((r) => r.body.seq).sort((x, y) => x - y),
        Array.from({ length: 50 }, (_, i) => i + 1),
      );
      const row = await voteRow(v.id);
      assert.equal(row.ballots, 50);
      assert.equal(row.chain_seq, 50);
      const n = await tp.platform.database.db
        .selectFrom('vote_ballots')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('vote_id', '=', v.id)
        .executeTakeFirstOrThrow();
      assert.equal(Number(n.n), 50);
    });

    it('when the chains are read back, then they verify and every receipt is in them', async () => {
      assert.ok(receipts.size >= 4);
      for (const [voteId, given] of receipts) {
        const chain = await readChain(tp.platform.database.db, voteId);
        const check = verifyChain(voteId, chain);
        assert.ok(check.ok, `${voteId}: ${check.reason}`);
        assert.equal(check.head, (await voteRow(voteId)).chain_head);
        const bySeq = new Map(chain.map((e) => [e.seq, e]));
        for (const r of given) {
          const e = bySeq.get(r.seq);
          assert.ok(e, `receipt ${r.seq} is in the chain`);
          assert.equal(e.hash, r.hash);
          assert.equal(e.choice, r.choice);
          assert.equal(new Date(e.castAt).toISOString(), r.castAt);
        }
        // a changed entry, or one left out, is found
        if (chain.length >= 2) {
          const changed = chain.map((e, i) =>
            i === 0 ? { ...e, choice: 'abstain' === e.choice ? 'agree' : 'abstain' } : e,
          );
          assert.equal(verifyChain(voteId, changed).ok, false);
          assert.equal(verifyChain(voteId, chain.slice(1)).ok, false);
        }
      }
    });
  });
}
