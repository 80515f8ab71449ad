import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type {
  BuildingGroupList,
  BuildingLeaderView,
  BuildingMemberList,
  Comment,
  CommentList,
  ModerationList,
  MyBuildingGroup,
} from '@cc/contracts';
import { residentVerified } from '../residents/index.js';
import {
  DATABASES,
  generateRegistry,
  signedUpAccount,
  startTestPlatform,
  type Client,
  type TestPlatform,
  verifiedResident,
  staffAccount,
} from '../../testing.js';

const COMMITTEE = '310101002001'; // 云南中路居委会
const OTHER = '310101002002'; // 龙泉园路居委会

for (const kind of DATABASES) {
  describe(`building groups (${kind})`, () => {
    let tp: TestPlatform;
    let staff: Client; // 云南中路 committee staff (yunnan)
    let other: Client; // 龙泉园路 committee staff
    // verified residents of building A: alice, bob, erin, frank; of building B: carol
    let alice: Client;
    let bob: Client;
    let erin: Client;
    let frank: Client;
    let carol: Client;
    let dan: Client; // signed up, not verified
    let buildingA = '';
    let buildingB = '';
    const ids = new Map<string, string>();

    /** An account as phone sign-up makes it; `building` verifies it as living there (testing.ts). */
    async function resident(username: string, building: string | null): Promise<Client> {
      const r = building
        ? await verifiedResident(tp, { username, building })
        : await signedUpAccount(tp, { username });
      ids.set(username, r.accountId);
      return r.client;
    }

    const board = (id: string) => `/api/discussions/building/${id}`;
    const put = (c: Client, url: string, body: unknown) => c.request('PUT', url, body);
    const leaderRows = async () =>
      (await tp.platform.database.db.selectFrom('building_leaders').selectAll().execute()).length;
    const post = (c: Client, id: string, body: string, parentId?: string) =>
      c.post<Comment & { message?: string }>(`${board(id)}/comments`, {
        body,
        ...(parentId ? { parentId } : {}),
      });

    before(async () => {
      tp = await startTestPlatform(kind);
      const db = tp.platform.database.db;
      await generateRegistry(tp.platform.deps.db, tp.platform.deps.cipher, {
        scale: 0.1,
        within: [COMMITTEE],
        seed: 24,
      });
      // its two buildings with the most residents: A for four verified residents, B for one
      const big = await db
        .selectFrom('residents as p')
        .innerJoin('rooms as r', 'r.id', 'p.room_id')
        .select(['r.building_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('p.committee_code', '=', COMMITTEE)
        .where('p.status', '=', 'present')
        .groupBy('r.building_id')
        .orderBy('n', 'desc')
        .orderBy('r.building_id')
        .limit(2)
        .execute();
      assert.ok(big.length === 2 && Number(big[0]!.n) >= 4, 'buildings with residents');
      [buildingA, buildingB] = big.map((b) => b.building_id) as [string, string];
      staff = await tp.login('yunnan');
      other = await staffAccount(tp, {
        username: 'longquan-groups',
        role: 'committee_staff',
        areaCode: OTHER,
      });
      alice = await resident('r-alice-bg01', buildingA);
      bob = await resident('r-bob-bg0001', buildingA);
      erin = await resident('r-erin-bg001', buildingA);
      frank = await resident('r-frank-bg01', buildingA);
      carol = await resident('r-carol-bg01', buildingB);
      dan = await resident('r-dan-bg0001', null);
    });
    after(() => tp?.close());

    it('when a verified resident opens their building group, then it names the building and counts its members', async () => {
      const r = await alice.get<MyBuildingGroup>('/api/building-groups/mine');
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.buildingId, buildingA);
      assert.equal(r.body.memberCount, 4);
      assert.equal(r.body.leaderName, null);
      assert.equal(r.body.isLeader, false);
      assert.ok(r.body.buildingName && r.body.compoundName);
      const s = await alice.get(board(buildingA));
      assert.equal(s.status, 200, JSON.stringify(s.body));
      assert.equal(s.body.canWrite, true);
      assert.equal(s.body.isModerator, false);
    });

    it('when an unverified account opens a building group, then 403 says to verify the home first', async () => {
      const mine = await dan.get<{ message: string }>('/api/building-groups/mine');
      assert.equal(mine.status, 403);
      assert.match(mine.body.message, /认证/);
      assert.match(mine.body.message, /[Vv]erify/);
      const read = await dan.get<{ message: string }>(`${board(buildingA)}/comments`);
      assert.equal(read.status, 403);
      assert.match(read.body.message, /[Vv]erify/);
      assert.equal((await post(dan, buildingA, '我也想说两句')).status, 403);
    });

    it("when a resident of another building or another committee's staff asks for a board, then 404", async () => {
      for (const c of [carol, other]) {
        assert.equal((await c.get(board(buildingA))).status, 404);
        assert.equal((await c.get(`${board(buildingA)}/comments`)).status, 404);
        assert.equal((await post(c, buildingA, '路过看看')).status, 404);
      }
      // a building that does not exist is the same 404
      assert.equal((await alice.get(board(crypto.randomUUID()))).status, 404);
    });

    it('when members post and reply, then the board shows both, and staff post as 居委', async () => {
      const top = await post(alice, buildingA, '楼道灯坏了，谁知道找谁修？');
      assert.equal(top.status, 201, JSON.stringify(top.body));
      const reply = await post(bob, buildingA, '找居委会报修，我上次就是这样', top.body.id);
      assert.equal(reply.status, 201, JSON.stringify(reply.body));
      const byStaff = await post(staff, buildingA, '已登记，明天派人来修');
      assert.equal(byStaff.status, 201, JSON.stringify(byStaff.body));
      assert.equal(byStaff.body.authorBadge, '居委');
      const list = await erin.get<CommentList>(`${board(buildingA)}/comments`);
      assert.equal(list.status, 200);
      const mine = list.body.items.find((c) => c.id === top.body.id)!;
      assert.equal(mine.body, '楼道灯坏了，谁知道找谁修？');
      assert.equal(mine.replyCount, 1);
      assert.equal(mine.replies?.[0]?.body, '找居委会报修，我上次就是这样');
      assert.ok(list.body.items.some((c) => c.authorBadge === '居委'));
      // carol's building keeps its own board
      const theirs = await carol.get<CommentList>(`${board(buildingB)}/comments`);
      assert.equal(theirs.status, 200);
      assert.equal(theirs.body.items.length, 0);
    });

    it('when staff appoint a leader who is not a verified resident of the building, then 400 and nothing stored', async () => {
      for (const who of ['r-carol-bg01', 'r-dan-bg0001']) {
        const r = await put(staff, `/api/building-groups/${buildingA}/leader`, {
          accountId: ids.get(who),
        });
        assert.equal(r.status, 400, who);
        assert.equal(r.body.field, 'accountId');
      }
      for (const body of [
        { accountId: 'x' },
        {},
        { accountId: ids.get('r-bob-bg0001'), role: 'x' },
      ]) {
        const bad = await put(staff, `/api/building-groups/${buildingA}/leader`, body);
        assert.equal(bad.status, 400, JSON.stringify(body));
      }
      assert.equal(await leaderRows(), 0);
    });

    it("when another committee's staff or a resident appoint a leader or list members, then 404 and nothing stored", async () => {
      for (const c of [other, alice]) {
        const r = await put(c, `/api/building-groups/${buildingA}/leader`, {
          accountId: ids.get('r-bob-bg0001'),
        });
        assert.equal(r.status, 404);
        assert.equal((await c.get(`/api/building-groups/${buildingA}/members`)).status, 404);
        assert.equal((await c.delete(`/api/building-groups/${buildingA}/leader`)).status, 404);
      }
      assert.equal((await other.get(`/api/building-groups?committee=${COMMITTEE}`)).status, 404);
      assert.equal((await alice.get('/api/building-groups')).status, 403);
      assert.equal(await leaderRows(), 0);
    });

    it('when staff appoint a member as leader, then the group shows the 楼组长 and the leader moderates', async () => {
      const members = await staff.get<BuildingMemberList>(
        `/api/building-groups/${buildingA}/members`,
      );
      assert.equal(members.status, 200);
      assert.equal(members.body.items.length, 4);
      assert.ok(members.body.items.every((m) => /^张\*+$/.test(m.name) && m.room));
      const r = await put(staff, `/api/building-groups/${buildingA}/leader`, {
        accountId: ids.get('r-bob-bg0001'),
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const view = r.body as BuildingLeaderView;
      assert.equal(view.leader?.accountId, ids.get('r-bob-bg0001'));
      assert.match(view.leader!.name, /^张\*+$/);
      const hers = await alice.get<MyBuildingGroup>('/api/building-groups/mine');
      assert.equal(hers.body.leaderName, view.leader!.name);
      assert.equal(hers.body.isLeader, false);
      const his = await bob.get<MyBuildingGroup>('/api/building-groups/mine');
      assert.equal(his.body.isLeader, true);
      assert.equal((await bob.get(board(buildingA))).body.isModerator, true);
      // appointing again changes nothing; the audit holds one appointment
      assert.equal(
        (
          await put(staff, `/api/building-groups/${buildingA}/leader`, {
            accountId: ids.get('r-bob-bg0001'),
          })
        ).status,
        200,
      );
      const audits = await tp.platform.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', '=', 'building-groups.leader.appoint')
        .execute();
      assert.equal(audits.length, 1);
      // the leader's posts carry the badge
      const p = await post(bob, buildingA, '大家好，我是本楼楼组长');
      assert.equal(p.status, 201);
      assert.equal(p.body.authorBadge, '楼组长');
    });

    it('when a post is hidden by reports, then a plain member cannot restore it and the leader can', async () => {
      const p = await post(frank, buildingA, '这条会被举报');
      assert.equal(p.status, 201);
      for (const c of [alice, erin, bob]) {
        const r = await c.post('/api/reports', {
          targetType: 'comment',
          targetId: p.body.id,
          reason: 'spam',
        });
        assert.equal(r.status, 200, JSON.stringify(r.body));
      }
      const seen = async (c: Client) =>
        (await c.get<CommentList>(`${board(buildingA)}/comments?limit=50`)).body.items.find(
          (c) => c.id === p.body.id,
        )!;
      assert.equal((await seen(alice)).state, 'hidden');
      assert.equal((await seen(alice)).body, '');
      // the leader sees the hidden body
      assert.equal((await seen(bob)).body, '这条会被举报');
      // another building's resident may not report it (nor see it)
      const outsider = await carol.post('/api/reports', {
        targetType: 'comment',
        targetId: p.body.id,
        reason: 'spam',
      });
      assert.equal(outsider.status, 404);
      // the leader is told, and finds it in their building's queue; a plain member has none
      const told = await tp.platform.database.db
        .selectFrom('notifications')
        .select('body')
        .where('recipient_id', '=', ids.get('r-bob-bg0001')!)
        .where('body', 'like', '%内容审核%')
        .execute();
      assert.equal(told.length, 1, 'the leader is told in-app');
      const queue = await bob.get<ModerationList>('/api/moderation/items?state=hidden');
      assert.equal(queue.status, 200, JSON.stringify(queue.body));
      assert.deepEqual(
        queue.body.items.map((i) => [i.targetId, i.canDecide]),
        [[p.body.id, true]],
      );
      assert.equal((await alice.get('/api/moderation/items?state=hidden')).status, 403);
      const decide = (c: Client) =>
        c.post(`/api/moderation/comment/${p.body.id}/decision`, {
          action: 'restore',
          reason: '误报，内容无害',
        });
      const refused = await decide(erin);
      assert.ok([403, 404].includes(refused.status), String(refused.status));
      assert.equal((await seen(alice)).state, 'hidden');
      const done = await decide(bob);
      assert.equal(done.status, 200, JSON.stringify(done.body));
      const back = await seen(alice);
      assert.equal(back.state, 'visible');
      assert.equal(back.body, '这条会被举报');
    });

    it("when staff list the committee's building groups, then members, leader and posts come in pages", async () => {
      const first = await staff.get<BuildingGroupList>(
        `/api/building-groups?committee=${COMMITTEE}&limit=1`,
      );
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.equal(first.body.items.length, 1);
      assert.ok(first.body.nextCursor);
      const all = await staff.get<BuildingGroupList>('/api/building-groups');
      assert.equal(all.body.committeeCode, COMMITTEE);
      const a = all.body.items.find((i) => i.buildingId === buildingA)!;
      assert.equal(a.memberCount, 4);
      assert.equal(a.leader?.accountId, ids.get('r-bob-bg0001'));
      assert.ok(a.postCount >= 4, String(a.postCount));
      const b = all.body.items.find((i) => i.buildingId === buildingB)!;
      assert.equal(b.memberCount, 1);
      assert.equal(b.leader, null);
      const second = await staff.get<BuildingGroupList>(
        `/api/building-groups?committee=${COMMITTEE}&limit=1&cursor=${first.body.nextCursor}`,
      );
      assert.equal(second.status, 200);
      assert.notEqual(second.body.items[0]?.buildingId, first.body.items[0]!.buildingId);
      assert.equal((await staff.get(`/api/building-groups?cursor=forged`)).status, 400);
    });

    it('when staff remove the leader, then the leader no longer moderates', async () => {
      const wrong = await staff.request('DELETE', `/api/building-groups/${buildingA}/leader`, {
        accountId: ids.get('r-alice-bg01'),
      });
      assert.equal(wrong.status, 409, JSON.stringify(wrong.body));
      const r = await staff.request('DELETE', `/api/building-groups/${buildingA}/leader`, {
        accountId: ids.get('r-bob-bg0001'),
      });
      assert.equal(r.status, 204);
      assert.equal(await leaderRows(), 0);
      assert.equal((await bob.get(board(buildingA))).body.isModerator, false);
      assert.equal(
        (await bob.get<MyBuildingGroup>('/api/building-groups/mine')).body.isLeader,
        false,
      );
      // once more: no leader, no change
      assert.equal((await staff.delete(`/api/building-groups/${buildingA}/leader`)).status, 204);
    });

    it("when a leader's verified link ends, then they lead no more", async () => {
      assert.equal(
        (
          await put(staff, `/api/building-groups/${buildingA}/leader`, {
            accountId: ids.get('r-erin-bg001'),
          })
        ).status,
        200,
      );
      const r = await staff.post(`/api/residents/links/${ids.get('r-erin-bg001')}/revoke`, {
        reason: '已搬离',
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(await leaderRows(), 0);
    });

    it('when a leader moves to another building, then they lead no more; a move within it changes nothing', async () => {
      const aliceId = ids.get('r-alice-bg01')!;
      assert.equal(
        (await put(staff, `/api/building-groups/${buildingA}/leader`, { accountId: aliceId }))
          .status,
        200,
      );
      const { events } = tp.platform.deps;
      const db = tp.platform.database.db;
      const move = (buildingId: string) =>
        db
          .transaction()
          .execute((trx) =>
            events.publish(trx, residentVerified, { accountId: aliceId, areaPath: '', buildingId }),
          );
      await move(buildingA);
      assert.equal(await leaderRows(), 1);
      await move(buildingB);
      assert.equal(await leaderRows(), 0);
    });
  });
}
