import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CampaignList, MyVisit, VoteAssignee } from '@cc/contracts';
import {
  accountId,
  DATABASES,
  signedUpAccount,
  staffAccount,
  startTestPlatform,
  type Client,
  type TestPlatform,
} from '../../testing.js';
import {
  freshRooms,
  openVote,
  pastClose,
  person,
  setOwners,
  type Person,
} from '../../testing-votes.js';

/** The campaign: who is left, visits handed to volunteers and their outcomes, on both databases. */

type Err = { message?: string; field?: string };
const OTHER = '310101002002'; // 龙泉园路居委会

for (const kind of DATABASES) {
  describe(`vote campaign (${kind})`, () => {
    let tp: TestPlatform;
    let staff: Client;
    let otherStaff: Client;
    let people: Person[];
    let rooms: string[];
    let voteId: string;
    let volunteer: Person;
    /** head number by room */
    const headOf = new Map<string, number>();

    const campaign = (c: Client, query = '') =>
      c.get<CampaignList & Err>(`/api/votes/${voteId}/campaign${query}`);

    before(async () => {
      tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 1000 });
      staff = await tp.login('yunnan');
      otherStaff = await staffAccount(tp, {
        username: 'longquan-campaign',
        role: 'committee_staff',
        areaCode: OTHER,
      });
      people = [];
      for (let i = 0; i < 5; i++) people.push(await person(tp));
      volunteer = await person(tp, { relation: 'family' });
      rooms = await freshRooms(tp, 5);
      for (const [i, p] of people.entries()) await setOwners(staff, rooms[i]!, [p], 50 + i);
      const v = await openVote(staff, rooms, { title: '三号楼加装电梯' });
      voteId = v.id;
      const units = await tp.platform.database.db
        .selectFrom('vote_units')
        .select(['room_id', 'head_no'])
        .where('vote_id', '=', voteId)
        .execute();
      for (const u of units) headOf.set(u.room_id, u.head_no);
      const votes = ['agree', 'disagree', 'disagree'];
      for (const [i, choice] of votes.entries()) {
        const r = await people[i]!.client.post(`/api/votes/${voteId}/ballots`, { choice });
        assert.equal(r.status, 201, JSON.stringify(r.body));
      }
    });
    after(() => tp.close());

    it('when staff read the campaign, then it lists who has not voted or disagrees, by head, with the counts', async () => {
      const left = await campaign(staff);
      assert.equal(left.status, 200, JSON.stringify(left.body));
      assert.deepEqual(left.body.counts, { notVoted: 2, disagree: 2 });
      assert.deepEqual(left.body.items.map((i) => i.roomId).sort(), [rooms[3]!, rooms[4]!].sort());
      assert.ok(left.body.items.every((i) => i.choice === null && i.units.length === 1));
      assert.equal(left.body.items.find((i) => i.roomId === rooms[3])!.area, 5300);
      const against = await campaign(staff, '?filter=disagree');
      assert.deepEqual(
        against.body.items.map((i) => [i.roomId, i.choice]).sort(),
        [
          [rooms[1]!, 'disagree'],
          [rooms[2]!, 'disagree'],
        ].sort(),
      );
      const first = await campaign(staff, '?filter=all&limit=3');
      assert.equal(first.body.items.length, 3);
      assert.ok(first.body.nextCursor);
      const second = await campaign(
        staff,
        `?filter=all&limit=3&cursor=${encodeURIComponent(first.body.nextCursor!)}`,
      );
      assert.equal(second.body.items.length, 2);
      assert.equal(second.body.nextCursor, null);
      assert.deepEqual(
        [...first.body.items, ...second.body.items].map((i) => i.headNo),
        [1, 2, 3, 4, 5],
      );
      const wrongList = await campaign(
        staff,
        `?filter=disagree&cursor=${encodeURIComponent(first.body.nextCursor!)}`,
      );
      assert.equal(wrongList.status, 400);
      assert.equal(wrongList.body.field, 'cursor');

      assert.equal((await campaign(people[0]!.client)).status, 403, 'owners do not read it');
      assert.equal((await campaign(otherStaff)).status, 404, "another committee's vote");
    });

    it('when staff hand visits to a verified resident, then they are told, see them and record the outcome; nobody else may', async () => {
      const found = await staff.get<{ items: VoteAssignee[] }>(
        `/api/votes/${voteId}/assignees?q=${volunteer.username.slice(0, 6)}`,
      );
      assert.equal(found.status, 200, JSON.stringify(found.body));
      const me = found.body.items.find((a) => a.id === volunteer.accountId);
      assert.ok(me, 'the volunteer is found by user name');
      assert.equal(me.kind, 'resident');
      assert.ok(me.name.includes('*'), `a resident's name is masked: ${me.name}`);
      const staffFound = await staff.get<{ items: VoteAssignee[] }>(
        `/api/votes/${voteId}/assignees?q=yunnan`,
      );
      assert.ok(staffFound.body.items.some((a) => a.kind === 'staff'));
      const outside = await staff.get<{ items: VoteAssignee[] }>(
        `/api/votes/${voteId}/assignees?q=longquan`,
      );
      assert.deepEqual(outside.body.items, [], "another committee's staff are not offered");

      const heads = [headOf.get(rooms[3]!)!, headOf.get(rooms[1]!)!];
      const assigned = await staff.post<{ assigned: number } & Err>(`/api/votes/${voteId}/visits`, {
        assigneeId: volunteer.accountId,
        headNos: heads,
      });
      assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
      assert.equal(assigned.body.assigned, 2);
      const notices = await volunteer.client.get<{ items: unknown[] }>('/api/notices');
      assert.ok(JSON.stringify(notices.body).includes('三号楼加装电梯'), 'told in the app');

      const mine = await volunteer.client.get<{ items: MyVisit[] }>('/api/my/vote-visits');
      assert.equal(mine.status, 200, JSON.stringify(mine.body));
      assert.equal(mine.body.items.length, 2);
      // a neighbour learns whether the group voted, never how, before the result is published
      assert.ok(
        mine.body.items.every((x) => x.choice === null),
        JSON.stringify(mine.body),
      );
      const visit = mine.body.items.find((x) => x.voted)!;
      assert.ok(visit, JSON.stringify(mine.body));
      assert.equal(mine.body.items.filter((x) => x.voted).length, 1);
      assert.equal(visit.voteTitle, '三号楼加装电梯');
      assert.equal(visit.units.length, 1);
      assert.equal(visit.outcome, null);

      const list = await campaign(staff, '?filter=disagree');
      const entry = list.body.items.find((i) => i.roomId === rooms[1])!;
      assert.equal(entry.visit?.id, visit.id);
      assert.equal(entry.visit?.assigneeName, `张${volunteer.username}`);

      const stranger = await person(tp);
      for (const c of [stranger.client, staff]) {
        const r = await c.post<Err>(`/api/vote-visits/${visit.id}/outcome`, { outcome: 'refused' });
        assert.equal(r.status, 404, 'only the assignee records it');
      }
      const done = await volunteer.client.post<MyVisit & Err>(
        `/api/vote-visits/${visit.id}/outcome`,
        { outcome: 'still_against', note: '业主说电梯挡光，可联系 13812345678' },
      );
      assert.equal(done.status, 200, JSON.stringify(done.body));
      assert.equal(done.body.outcome, 'still_against');
      assert.ok(done.body.note && !done.body.note.includes('13812345678'), 'the note is masked');
      const after = await campaign(staff, '?filter=disagree');
      assert.equal(
        after.body.items.find((i) => i.roomId === rooms[1])!.visit?.outcome,
        'still_against',
      );
      const audits = await tp.platform.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', 'in', ['votes.visits.assign', 'votes.visits.outcome'])
        .execute();
      assert.equal(audits.length, 2);

      await pastClose(tp, voteId);
      const late = await volunteer.client.post<Err>(`/api/vote-visits/${visit.id}/outcome`, {
        outcome: 'will_vote',
      });
      assert.equal(late.status, 409, JSON.stringify(late.body));
      await tp.platform.database.db
        .updateTable('votes')
        .set({ closes_at: new Date(Date.now() + 3_600_000) })
        .where('id', '=', voteId)
        .execute();
    });

    it('when a visit goes to someone outside the committee or to a head not in the vote, then 400 names the field', async () => {
      const count = async () =>
        Number(
          (
            await tp.platform.database.db
              .selectFrom('vote_visits')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await count();
      const outsider = await accountId(tp, 'longquan-campaign');
      const unverified = await signedUpAccount(tp);
      for (const assigneeId of [outsider, unverified.accountId]) {
        const r = await staff.post<Err>(`/api/votes/${voteId}/visits`, {
          assigneeId,
          headNos: [1],
        });
        assert.equal(r.status, 400, JSON.stringify(r.body));
        assert.equal(r.body.field, 'assigneeId');
      }
      const noHead = await staff.post<Err>(`/api/votes/${voteId}/visits`, {
        assigneeId: volunteer.accountId,
        headNos: [1, 99],
      });
      assert.equal(noHead.status, 400);
      assert.equal(noHead.body.field, 'headNos');
      const byOther = await otherStaff.post<Err>(`/api/votes/${voteId}/visits`, {
        assigneeId: volunteer.accountId,
        headNos: [1],
      });
      assert.equal(byOther.status, 404);
      const byResident = await volunteer.client.post<Err>(`/api/votes/${voteId}/visits`, {
        assigneeId: volunteer.accountId,
        headNos: [1],
      });
      assert.equal(byResident.status, 404, 'a resident outside the electorate does not see it');
      const byOwner = await people[0]!.client.post<Err>(`/api/votes/${voteId}/visits`, {
        assigneeId: volunteer.accountId,
        headNos: [1],
      });
      assert.equal(byOwner.status, 403, 'an owner of the vote reads it, does not run it');
      assert.equal(await count(), before, 'nothing stored');
    });

    it('when a visit goes to staff, then they see the choice; a volunteer sees it once published', async () => {
      const staffId = await accountId(tp, 'yunnan');
      const head = headOf.get(rooms[1]!)!;
      const r = await staff.post<Err>(`/api/votes/${voteId}/visits`, {
        assigneeId: staffId,
        headNos: [head],
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const mine = await staff.get<{ items: MyVisit[] }>('/api/my/vote-visits');
      const visit = mine.body.items.find((x) => x.voteId === voteId)!;
      assert.equal(visit.voted, true);
      assert.equal(visit.choice, 'disagree');
      await pastClose(tp, voteId);
      const p = await staff.post<Err>(`/api/votes/${voteId}/publish`);
      assert.equal(p.status, 200, JSON.stringify(p.body));
      const theirs = await volunteer.client.get<{ items: MyVisit[] }>('/api/my/vote-visits');
      assert.ok(
        theirs.body.items.some((x) => x.voteId === voteId && x.choice === 'disagree'),
        JSON.stringify(theirs.body),
      );
    });
  });
}
