import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import type {
  BallotReceipt,
  CampaignList,
  CompoundPropertyList,
  ElectoratePreview,
  ElevatorBoard,
  ElevatorList,
  VoteDetail,
  VoteList,
  VoteResult,
} from '@cc/contracts';
import {
  DATABASES,
  DEMO_COMMITTEE,
  generateRegistry,
  startTestPlatform,
  verifiedResident,
  type Client,
  type TestPlatform,
} from '../testing.js';
import { seedDemoResidents } from './seed-residents.js';
import { DEMO_ELEVATOR_TARGET } from './seed-elevators.js';
import {
  findVoteStaircase,
  seedVotes,
  seedVoteStaircase,
  type VoteStaircase,
} from './seed-votes.js';

/**
 * The demo staircase of owners' votes (seed-votes.ts) through HTTP: its electorate is six heads
 * over 360 m², and the demo's story — 301, 401, 501 agree online, 101 disagrees on paper —
 * passes by head count, not by area (66.6 % < 75 %), with 201 and 601 left to visit.
 */
for (const kind of DATABASES) {
  describe(`demo data: the owners' vote staircase of 云南中路 (${kind})`, () => {
    let tp: TestPlatform;
    let staff: Client;
    let staircase: VoteStaircase;
    let voteId = '';
    let homesBefore: { username: string; room_id: string }[] = [];

    const db = () => tp.platform.deps.db;
    const homes = () =>
      db()
        .selectFrom('resident_links as l')
        .innerJoin('accounts as a', 'a.id', 'l.account_id')
        .select(['a.username', 'l.room_id'])
        .orderBy('a.username')
        .execute();

    before(async () => {
      tp = await startTestPlatform(kind);
      const deps = tp.platform.deps;
      await generateRegistry(deps.db, deps.cipher, {
        scale: 0.1,
        within: [DEMO_COMMITTEE],
        seed: 20261127,
      });
      assert.ok(await seedDemoResidents(deps));
      homesBefore = await homes();
      const made = await seedVoteStaircase(deps);
      assert.ok(made?.created, 'the staircase is made');
      staircase = made.staircase;
      staff = await tp.login('yunnan');
    });
    after(() => tp?.close());

    it('when the seed runs again, then it finds the staircase and adds nothing; the demo residents keep their homes', async () => {
      const again = await seedVoteStaircase(tp.platform.deps);
      assert.deepEqual(again, { staircase, created: false });
      assert.deepEqual(await findVoteStaircase(tp.platform.deps), staircase);
      const rooms = await db()
        .selectFrom('rooms')
        .select(['number', 'floor'])
        .where('building_id', '=', staircase.buildingId)
        .orderBy('floor')
        .execute();
      assert.deepEqual(
        rooms.map((r) => `${r.floor}:${r.number}`),
        ['1:101', '2:201', '3:301', '4:401', '5:501', '6:601'],
      );
      assert.deepEqual(await homes(), homesBefore);
      assert.match(staircase.buildingName, /^\d+号楼$/);
    });

    it('when yunnan previews the staircase, then it is 6 heads over 360.00 m² with nothing to fix', async () => {
      const r = await staff.post<ElectoratePreview>('/api/votes/electorate-preview', {
        electorate: { kind: 'unit', buildingId: staircase.buildingId, unit: staircase.unit },
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(r.body.electorate, { heads: 6, units: 6, area: 36_000 });
      assert.deepEqual(r.body.problems, []);
    });

    it('when 301, 401, 501 agree online and 101 disagrees on paper, then it passes by head count, not by area', async () => {
      const now = Date.now();
      const created = await staff.post<VoteDetail>('/api/votes', {
        title: `${staircase.buildingName}加装电梯`,
        body: '本楼道拟加装电梯，请各位业主表决。',
        electorate: { kind: 'unit', buildingId: staircase.buildingId, unit: staircase.unit },
        rule: { preset: 'civil_code_major' },
        opensAt: new Date(now - 60_000).toISOString(),
        closesAt: new Date(now + 3_600_000).toISOString(),
        allowChange: false,
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      voteId = created.body.id;
      const opened = await staff.post<VoteDetail>(`/api/votes/${voteId}/open`);
      assert.equal(opened.status, 200, JSON.stringify(opened.body));

      for (const [username, label] of [
        ['chenyu', '301'],
        ['wangqiang', '401'],
        ['liuyang', '501'],
      ] as const) {
        const owner = await tp.login(username);
        const r = await owner.post<BallotReceipt>(`/api/votes/${voteId}/ballots`, {
          choice: 'agree',
        });
        assert.equal(r.status, 201, `${username}: ${JSON.stringify(r.body)}`);
        assert.deepEqual(
          r.body.units.map((u) => u.split(' ').pop()),
          [label],
        );
      }
      // zhouli co-owns 401 with wangqiang: their one ballot stands
      const zhouli = await tp.login('zhouli');
      const second = await zhouli.post(`/api/votes/${voteId}/ballots`, { choice: 'disagree' });
      assert.equal(second.status, 409, JSON.stringify(second.body));
      // 201's tenant is told why not; zhaolei, a tenant elsewhere, is not told the vote exists
      const tenant = await verifiedResident(tp, {
        building: staircase.buildingId,
        relation: 'tenant',
      });
      const refused = await tenant.client.post(`/api/votes/${voteId}/ballots`, {
        choice: 'agree',
      });
      assert.equal(refused.status, 403, JSON.stringify(refused.body));
      const elsewhere = await tp.login('zhaolei');
      const unseen = await elsewhere.post(`/api/votes/${voteId}/ballots`, { choice: 'agree' });
      assert.equal(unseen.status, 404, JSON.stringify(unseen.body));

      const campaign = await staff.get<CampaignList>(`/api/votes/${voteId}/campaign?filter=all`);
      assert.equal(campaign.status, 200, JSON.stringify(campaign.body));
      const room101 = campaign.body.items.find((e) => e.units.some((u) => u.endsWith(' 101')))!;
      const jpeg = await sharp({
        create: { width: 40, height: 30, channels: 3, background: '#dddddd' },
      })
        .jpeg()
        .toBuffer();
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(jpeg)]), 'ballot-101.jpg');
      const sheet = await staff.post<{ id: string }>('/api/attachments', form);
      assert.equal(sheet.status, 201, JSON.stringify(sheet.body));
      const paper = await staff.post<BallotReceipt>(`/api/votes/${voteId}/paper-ballots`, {
        roomId: room101.roomId,
        choice: 'disagree',
        attachmentId: sheet.body.id,
      });
      assert.equal(paper.status, 201, JSON.stringify(paper.body));

      const vote = await staff.get<VoteDetail>(`/api/votes/${voteId}`);
      const tally = vote.body.tally!;
      assert.deepEqual(tally.participating, { heads: 4, units: 4, area: 27_000 });
      assert.deepEqual(tally.agree, { heads: 3, units: 3, area: 18_000 });
      assert.equal(tally.passed, false);
      assert.match(tally.summary.en, /passed by head count, not by area: 66\.6 % < 75 %/);
      const failed = tally.checks.filter((c) => !c.met);
      assert.deepEqual(
        failed.map((c) => `${c.stage}:${c.measure}`),
        ['consent:area'],
      );
    });

    it('when yunnan reads the campaign list, then 201 and 601 are left', async () => {
      const r = await staff.get<CampaignList>(`/api/votes/${voteId}/campaign?filter=not_voted`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(
        r.body.items.map((e) => e.units.map((u) => u.split(' ').pop()).join()).sort(),
        ['201', '601'],
      );
      assert.equal(r.body.counts.notVoted, 2);
      assert.equal(r.body.counts.disagree, 1);
    });

    it('when the whole votes seed runs, then elevator projects stand at every kind of stage, one in service after a published vote that passed, and the compounds have their "1 + 3"', async () => {
      assert.equal(await seedVotes(tp.platform.deps), true);
      assert.equal(await seedVotes(tp.platform.deps), false, 'a second run adds nothing');

      const list = await staff.get<ElevatorList>('/api/elevators?limit=100');
      assert.equal(list.status, 200, JSON.stringify(list.body));
      const mine = list.body.items.find((p) => p.buildingId === staircase.buildingId);
      assert.equal(mine?.stage, 'consultation');
      const stages = new Set(list.body.items.map((p) => p.stage));
      assert.ok(stages.has('owners_vote'), [...stages].join());
      const done = list.body.items.find((p) => p.stage === 'in_service');
      assert.ok(done, `one project in service: ${[...stages].join()}`);
      assert.equal(done.votePassed, true);

      const votes = await staff.get<VoteList>('/api/votes?state=published');
      assert.equal(votes.status, 200, JSON.stringify(votes.body));
      const published = votes.body.items.find((v) => v.id === done.voteId);
      assert.equal(published?.passed, true);
      const result = await staff.get<VoteResult>(`/api/votes/${done.voteId}/result`);
      assert.equal(result.status, 200, JSON.stringify(result.body));
      assert.equal(result.body.tally.passed, true);
      assert.equal(result.body.chain.length, result.body.tally.ballots);

      const street = await tp.login('nanjingdong');
      const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
      const board = await street.get<ElevatorBoard>(
        `/api/elevators/board?area=310101002000&year=${year}`,
      );
      assert.equal(board.status, 200, JSON.stringify(board.body));
      assert.equal(board.body.totals.target, DEMO_ELEVATOR_TARGET);
      assert.equal(board.body.totals.projects, list.body.items.length);
      assert.equal(board.body.totals.inServiceThisYear, 1);

      const property = await staff.get<CompoundPropertyList>(
        `/api/property/compounds?area=${DEMO_COMMITTEE}`,
      );
      assert.equal(property.status, 200, JSON.stringify(property.body));
      assert.ok(property.body.items.length >= 2, JSON.stringify(property.body));
      for (const c of property.body.items) {
        assert.ok(c.company, `${c.compoundName} has its property company`);
        assert.ok(
          c.fees.some((f) => f.use === 'residential'),
          `${c.compoundName} has its fee`,
        );
      }
      assert.ok(property.body.items.some((c) => c.ownersCommittee.length === 5));
      assert.equal(new Set(property.body.items.map((c) => c.company!.uscc)).size, 3);
    });
  });
}
