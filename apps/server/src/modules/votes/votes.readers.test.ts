import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BallotReceipt, VoteDetail, VoteList, VoteResult } from '@cc/contracts';
import {
  freshRooms,
  openVote,
  pastClose,
  person,
  setOwners,
  takeRoom,
  uploadSheet,
  type Person,
} from '../../testing-votes.js';
import { DATABASES, startTestPlatform, type Client, type TestPlatform } from '../../testing.js';
import { closeVote, registerVoteSubject } from './index.js';

/**
 * Who reads a vote (owners on record — a landlord living elsewhere too — and, for the detail
 * only, those living in its units), owners of two groups, ballots racing each other, publishing
 * racing the close, and one undecided vote per subject: through HTTP on both databases.
 */

type Err = { message?: string; field?: string };
const SUBJECT = '7c2f4a10-1b2c-4d3e-8f4a-0b1c2d3e4f51';
/** whether the test subject may be put to the owners now (flipped by a test) */
let subjectReady = true;

for (const kind of DATABASES) {
  describe(`vote readers (${kind})`, () => {
    let tp: TestPlatform;
    let staff: Client;
    /** a tenant of a unit in the vote, its landlord, an owner of two groups and the co-owner */
    let tenant: Person, landlord: Person, two: Person, spouse: Person, outsider: Person;
    let rooms: string[];
    let v: VoteDetail;

    const read = (p: Person, path = '') =>
      p.client.get<VoteDetail & Err>(`/api/votes/${v.id}${path}`);
    const cast = (p: Person, body: Record<string, unknown>) =>
      p.client.post<BallotReceipt & Err>(`/api/votes/${v.id}/ballots`, body);
    const audits = async (id: string, action: string) =>
      (
        await tp.platform.database.db
          .selectFrom('audit_log')
          .select('action')
          .where('object_id', '=', id)
          .where('action', '=', action)
          .execute()
      ).length;

    before(async () => {
      tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 1000 });
      staff = await tp.login('yunnan');
      registerVoteSubject('reader_subject', {
        mayPutToVote: async (_db, id) =>
          id !== SUBJECT ? null : subjectReady || 'The subject is on hold / 该事项已暂停',
      });
      tenant = await person(tp, { relation: 'tenant' });
      // a resident of the same compound whose home is not in the vote (not the tenant's housemate)
      outsider = await person(tp, { compound: tenant.compoundCode, notInRooms: [tenant.roomId] });
      [landlord, two, spouse] = [await person(tp), await person(tp), await person(tp)];
      for (const p of [tenant, outsider, landlord, two, spouse]) await takeRoom(tp, p.roomId);
      rooms = await freshRooms(tp, 2);
      await setOwners(staff, tenant.roomId, [landlord], 61.5);
      await setOwners(staff, rooms[0]!, [two], 70);
      await setOwners(staff, rooms[1]!, [two, spouse], 80);
      v = await openVote(staff, [tenant.roomId, ...rooms], { allowChange: true });
      assert.notEqual(landlord.roomId, tenant.roomId, 'the landlord lives elsewhere');
    });
    after(() => tp.close());

    it('when a resident outside the electorate asks, then 404 for the vote, its ballots and the list', async () => {
      assert.equal((await read(outsider)).status, 404);
      assert.equal((await cast(outsider, { choice: 'agree' })).status, 404);
      const list = await outsider.client.get<VoteList>('/api/votes');
      assert.equal(list.status, 200);
      assert.ok(!list.body.items.some((x) => x.id === v.id));
    });

    it('when a landlord living elsewhere reads the vote, then they may vote', async () => {
      const r = await read(landlord);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.me?.canVote, true);
      assert.deepEqual(
        r.body.me?.groups.map((g) => g.units.map((u) => u.roomId)),
        [[tenant.roomId]],
      );
      const list = await landlord.client.get<VoteList>('/api/votes');
      assert.ok(list.body.items.some((x) => x.id === v.id));
      const b = await cast(landlord, { choice: 'agree' });
      assert.equal(b.status, 201, JSON.stringify(b.body));
    });

    it('when a tenant of a unit reads the vote, then they see it and why they cannot vote (403)', async () => {
      const r = await read(tenant);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.me?.canVote, false);
      assert.match(r.body.me?.reason ?? '', /owners register/);
      assert.deepEqual(r.body.me?.groups, []);
      const list = await tenant.client.get<VoteList>('/api/votes');
      assert.ok(list.body.items.some((x) => x.id === v.id));
      const b = await cast(tenant, { choice: 'agree' });
      assert.equal(b.status, 403, JSON.stringify(b.body));
      assert.match(b.body.message!, /租户/);
    });

    it('when an owner holds units of two groups, then each group has its own standing and ballot', async () => {
      const before = await read(two);
      assert.equal(before.body.me?.groups.length, 2, JSON.stringify(before.body.me));
      assert.ok(before.body.me!.groups.every((g) => g.ballot === null && g.mayCast));
      const which = await cast(two, { choice: 'agree' });
      assert.equal(which.status, 400, JSON.stringify(which.body));
      assert.equal(which.body.field, 'roomId');
      assert.match(which.body.message!, /roomId/);
      const alone = await cast(two, { choice: 'agree', roomId: rooms[0] });
      assert.equal(alone.status, 201, JSON.stringify(alone.body));
      const shared = await cast(two, { choice: 'disagree', roomId: rooms[1] });
      assert.equal(shared.status, 201, JSON.stringify(shared.body));
      const after = await read(two);
      const groups = after.body.me!.groups;
      const of = (roomId: string) => groups.find((g) => g.units.some((u) => u.roomId === roomId))!;
      assert.deepEqual(of(rooms[0]!).ballot?.receipt, {
        seq: alone.body.seq,
        hash: alone.body.hash,
      });
      assert.equal(of(rooms[0]!).ballot?.choice, 'agree');
      assert.deepEqual(of(rooms[1]!).ballot?.receipt, {
        seq: shared.body.seq,
        hash: shared.body.hash,
      });
      assert.equal(of(rooms[1]!).ballot?.choice, 'disagree');
      const co = await read(spouse);
      assert.equal(co.body.me?.groups.length, 1, 'the co-owner votes for the shared group only');
      assert.equal(co.body.me?.groups[0]?.ballot?.choice, 'disagree');
    });

    it('when a paper and an online ballot come for one group at once, then one is taken, one is 409', async () => {
      const [p] = [await person(tp)];
      const [room] = await freshRooms(tp, 1);
      await setOwners(staff, room!, [p], 66);
      const w = await openVote(staff, [room!]);
      const sheet = await uploadSheet(staff);
      const [online, paper] = await Promise.all([
        p.client.post<Err>(`/api/votes/${w.id}/ballots`, { choice: 'agree' }),
        staff.post<Err>(`/api/votes/${w.id}/paper-ballots`, {
          roomId: room,
          choice: 'disagree',
          attachmentId: sheet,
        }),
      ]);
      assert.deepEqual(
        [online.status, paper.status].sort(),
        [201, 409],
        JSON.stringify([online.body, paper.body]),
      );
      const row = await tp.platform.database.db
        .selectFrom('votes')
        .select(['ballots', 'chain_seq'])
        .where('id', '=', w.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(row, { ballots: 1, chain_seq: 1 });
    });

    it('when publishing races the close, then the vote is closed and published once', async () => {
      await pastClose(tp, v.id);
      const [a, , b] = await Promise.all([
        staff.post<VoteDetail & Err>(`/api/votes/${v.id}/publish`),
        closeVote(tp.platform.deps, v.id),
        staff.post<VoteDetail & Err>(`/api/votes/${v.id}/publish`),
      ]);
      assert.deepEqual([a.status, b.status].sort(), [200, 409], JSON.stringify([a.body, b.body]));
      assert.equal(await audits(v.id, 'votes.close'), 1);
      assert.equal(await audits(v.id, 'votes.publish'), 1);
      const done = await staff.get<VoteDetail>(`/api/votes/${v.id}`);
      assert.equal(done.body.state, 'published');
      assert.equal(done.body.tally?.ballots, 3, 'the landlord, and two groups of one owner');
    });

    it('when the result is published, then owners read it; a tenant and an outsider get 404', async () => {
      const owner = await landlord.client.get<VoteResult>(`/api/votes/${v.id}/result`);
      assert.equal(owner.status, 200, JSON.stringify(owner.body));
      assert.equal(owner.body.chain.length, 3);
      assert.equal((await read(tenant, '/result')).status, 404);
      assert.equal((await read(outsider, '/result')).status, 404);
      assert.equal((await read(outsider)).status, 404);
      assert.equal((await read(tenant)).body.tally, null, 'the figures are the owners’');
    });

    it('when a vote on a subject is undecided, then another is 409; opening asks the subject again', async () => {
      const [room] = await freshRooms(tp, 1);
      await setOwners(staff, room!, [await person(tp)], 55);
      const draft = (title: string) =>
        staff.post<VoteDetail & Err>('/api/votes', {
          title,
          body: '事项表决',
          electorate: { kind: 'list', roomIds: [room] },
          rule: { preset: 'civil_code_major' },
          opensAt: new Date(Date.now() - 60_000).toISOString(),
          closesAt: new Date(Date.now() + 3_600_000).toISOString(),
          allowChange: false,
          subject: { type: 'reader_subject', id: SUBJECT },
        });
      const first = await draft('第一次表决');
      assert.equal(first.status, 201, JSON.stringify(first.body));
      const second = await draft('第二次表决');
      assert.equal(second.status, 409, JSON.stringify(second.body));
      assert.equal(second.body.field, 'subject');
      assert.ok(second.body.message!.includes(first.body.id));
      const cancelled = await staff.post(`/api/votes/${first.body.id}/cancel`, { reason: '重来' });
      assert.equal(cancelled.status, 200);
      const again = await draft('第二次表决');
      assert.equal(again.status, 201, JSON.stringify(again.body));

      subjectReady = false;
      const refused = await staff.post<Err>(`/api/votes/${again.body.id}/open`);
      assert.equal(refused.status, 409, JSON.stringify(refused.body));
      assert.match(refused.body.message!, /on hold/);
      const still = await staff.get<VoteDetail>(`/api/votes/${again.body.id}`);
      assert.equal(still.body.state, 'draft', 'nothing stored');
      subjectReady = true;
      const opened = await staff.post<VoteDetail & Err>(`/api/votes/${again.body.id}/open`);
      assert.equal(opened.status, 200, JSON.stringify(opened.body));
      assert.equal((await draft('第三次表决')).status, 409, 'while it is open');
    });
  });
}
