import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type {
  AccountPick,
  Council,
  CouncilList,
  CouncilMember,
  CouncilMemberList,
} from '@cc/contracts';
import {
  accountPhone,
  addMember,
  createBlock,
  createCouncil,
  makeCouncilWithMembers,
  otherStreetOperator,
  registerShop,
  verifyShop,
  YUYUAN_STREET,
  yuyuanCentre,
  yuyuanOperator,
  type CouncilWithMembers,
  COUNCIL_TEST_CONFIG,
} from '../../testing-councils.js';
import {
  DATABASES,
  signedUpAccount,
  startTestPlatform,
  UNMASKED_PHONE,
  type Client,
  type TestPlatform,
} from '../../testing.js';

type Err = { field?: string; rule?: string; message: string };

for (const kind of DATABASES) {
  describe(`councils, members and representatives (${kind})`, () => {
    let tp: TestPlatform;
    let staff: Client; // 豫园街道 street operator
    let other: Client; // 南京东路街道 street operator
    let centre: { lat: number; lng: number };
    let alliance: CouncilWithMembers; // a merchant alliance of 4 shops: chair, 2 directors, member
    const db = () => tp.platform.database.db;
    const countMembers = async (councilId: string) =>
      Number(
        (
          await db()
            .selectFrom('council_members')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('council_id', '=', councilId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const countReps = async (councilId: string) =>
      Number(
        (
          await db()
            .selectFrom('council_representatives')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('council_id', '=', councilId)
            .executeTakeFirstOrThrow()
        ).n,
      );

    before(async () => {
      tp = await startTestPlatform(kind, COUNCIL_TEST_CONFIG);
      staff = await yuyuanOperator(tp, 'yy-councils');
      other = await otherStreetOperator(tp, 'nj-councils');
      centre = await yuyuanCentre(tp);
      alliance = await makeCouncilWithMembers(tp, { members: 4, staff });
    });
    after(() => tp.close());

    it('when street staff set up a council on their block, then it is stored with its rules and they run it', async () => {
      const block = await createBlock(tp, staff);
      const r = await staff.post<Council>('/api/councils', {
        blockId: block.id,
        kind: 'co_management',
        name: '黄金城道共管委员会',
        description: '设施、垃圾分类、非机动车、宠物与公共秩序',
        rules: { expenseApprovals: 2 },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.kind, 'co_management');
      assert.deepEqual(r.body.block, { id: block.id, name: block.name });
      assert.deepEqual(r.body.street, { code: YUYUAN_STREET, name: '豫园街道' });
      assert.deepEqual(r.body.rules, { expenseApprovals: 2 });
      assert.equal(r.body.memberCount, 0);
      assert.equal(r.body.me, null);
      assert.deepEqual(r.body.can, {
        manage: true,
        recordFund: true,
        approveExpenses: false,
        runVotes: true,
      });
      const dup = await staff.post<Err>('/api/councils', {
        blockId: block.id,
        kind: 'merchant_alliance',
        name: '黄金城道共管委员会',
        rules: { expenseApprovals: 1 },
      });
      assert.equal(dup.status, 409);
      assert.equal(dup.body.field, 'name');
      const bad = await staff.post<Err>('/api/councils', {
        blockId: block.id,
        kind: 'merchant_alliance',
        name: '规则错误',
        rules: { expenseApprovals: 0 },
      });
      assert.equal(bad.status, 400);
      const byOther = await other.post('/api/councils', {
        blockId: block.id,
        kind: 'merchant_alliance',
        name: '外街道',
        rules: { expenseApprovals: 1 },
      });
      assert.equal(byOther.status, 404);
      const stored = await db()
        .selectFrom('councils')
        .select('name')
        .where('block_id', '=', block.id)
        .execute();
      assert.deepEqual(
        stored.map((s) => s.name),
        ['黄金城道共管委员会'],
      );
    });

    it('when members of every kind are added, then the council counts them 1 + 3 + X', async () => {
      const block = await createBlock(tp, staff);
      const council = await createCouncil(staff, { blockId: block.id, kind: 'co_management' });
      const merchant = await signedUpAccount(tp);
      const shop = await registerShop(tp, merchant.client, { verifiedBy: staff });
      const kinds = [
        'party',
        'residents_committee',
        'owners_committee',
        'owners_committee',
        'property_company',
        'merchant',
        'lawyer',
      ] as const;
      for (const [i, k] of kinds.entries()) {
        const rep = k === 'merchant' ? merchant : await signedUpAccount(tp);
        const m = await addMember(staff, council.id, {
          kind: k,
          name: `成员 ${i}`,
          ...(k === 'merchant' ? { shopId: shop.id } : {}),
          representatives: [{ accountId: rep.accountId, role: i === 0 ? 'chair' : 'member' }],
        });
        assert.equal(m.kind, k);
        if (k === 'merchant') {
          assert.equal(m.name, shop.name, 'a merchant is named after its shop');
          assert.equal(m.shopId, shop.id);
          assert.equal(m.group, 'X');
        }
      }
      const read = await staff.get<Council>(`/api/councils/${council.id}`);
      assert.deepEqual(read.body.groups, { '1': 1, '3': 4, X: 2 });
      assert.equal(read.body.memberCount, 7);
      const list = await staff.get<CouncilMemberList>(`/api/councils/${council.id}/members`);
      assert.deepEqual(
        list.body.items.map((m) => m.group),
        ['1', '3', '3', '3', '3', 'X', 'X'],
      );
    });

    it('when a representative reads their council, then they see their place and what their role allows; others get 404', async () => {
      const [chair, director, , member] = alliance.members;
      const asChair = await chair!.client.get<Council>(`/api/councils/${alliance.councilId}`);
      assert.equal(asChair.status, 200);
      assert.deepEqual(asChair.body.me, { memberId: chair!.memberId, role: 'chair' });
      assert.deepEqual(asChair.body.can, {
        manage: true,
        recordFund: true,
        approveExpenses: true,
        runVotes: true,
      });
      const asDirector = await director!.client.get<Council>(`/api/councils/${alliance.councilId}`);
      assert.deepEqual(asDirector.body.can, {
        manage: false,
        recordFund: false,
        approveExpenses: true,
        runVotes: false,
      });
      const asMember = await member!.client.get<Council>(`/api/councils/${alliance.councilId}`);
      assert.deepEqual(asMember.body.me, { memberId: member!.memberId, role: 'member' });
      assert.equal(asMember.body.can.approveExpenses, false);
      assert.deepEqual(asMember.body.groups, { '1': 0, '3': 0, X: 4 });

      // the members list: names masked but the reader's own
      const members = await member!.client.get<CouncilMemberList>(
        `/api/councils/${alliance.councilId}/members`,
      );
      assert.equal(members.status, 200);
      assert.deepEqual(
        members.body.items.map((m) => m.id),
        alliance.members.map((m) => m.memberId),
      );
      const own = members.body.items.find((m) => m.id === member!.memberId)!;
      assert.equal(own.representatives[0]!.name, `张${member!.username}`);
      const chairs = members.body.items.find((m) => m.id === chair!.memberId)!;
      assert.equal(chairs.representatives[0]!.role, 'chair');
      assert.notEqual(chairs.representatives[0]!.name, `张${chair!.username}`);
      assert.match(chairs.representatives[0]!.name, /\*/);

      const stranger = await signedUpAccount(tp);
      for (const c of [stranger.client, other]) {
        assert.equal((await c.get(`/api/councils/${alliance.councilId}`)).status, 404);
        assert.equal((await c.get(`/api/councils/${alliance.councilId}/members`)).status, 404);
        assert.equal(
          (
            await c.post(`/api/councils/${alliance.councilId}/members`, {
              kind: 'lawyer',
              name: '律师',
              representatives: [{ accountId: stranger.accountId, role: 'member' }],
            })
          ).status,
          404,
        );
      }
      assert.equal((await tp.client().get(`/api/councils/${alliance.councilId}`)).status, 401);
    });

    it('when councils are listed, then staff see their street’s or block’s, a representative theirs, others nothing', async () => {
      const byStreet = await staff.get<CouncilList>(`/api/councils?street=${YUYUAN_STREET}`);
      assert.equal(byStreet.status, 200);
      assert.ok(byStreet.body.items.some((c) => c.id === alliance.councilId));
      const byBlock = await staff.get<CouncilList>(`/api/councils?block=${alliance.blockId}`);
      assert.deepEqual(
        byBlock.body.items.map((c) => c.id),
        [alliance.councilId],
      );
      assert.equal((await other.get(`/api/councils?street=${YUYUAN_STREET}`)).status, 404);
      assert.equal((await other.get(`/api/councils?block=${alliance.blockId}`)).status, 404);
      const rep = alliance.members[1]!;
      const mine = await rep.client.get<CouncilList>('/api/councils');
      assert.deepEqual(
        mine.body.items.map((c) => c.id),
        [alliance.councilId],
      );
      assert.equal(mine.body.items[0]!.me?.role, 'director');
      assert.equal((await rep.client.get(`/api/councils?street=${YUYUAN_STREET}`)).status, 404);
      const stranger = await signedUpAccount(tp);
      assert.deepEqual((await stranger.client.get<CouncilList>('/api/councils')).body.items, []);
      assert.deepEqual((await other.get<CouncilList>('/api/councils')).body.items, []);
    });

    it('when a member is added with bad input, then 400 or 409 naming the field and nothing is stored', async () => {
      const id = alliance.councilId;
      const membersBefore = await countMembers(id);
      const repsBefore = await countReps(id);
      const someone = await signedUpAccount(tp);
      const post = (body: Record<string, unknown>) =>
        staff.post<Err>(`/api/councils/${id}/members`, body);

      const noShop = await post({
        kind: 'merchant',
        name: '无店铺',
        representatives: [{ accountId: someone.accountId, role: 'member' }],
      });
      assert.equal(noShop.status, 400);
      assert.equal(noShop.body.field, 'shopId');
      assert.equal(noShop.body.rule, 'required');

      const farShop = await registerShop(tp, someone.client, {
        point: { lat: centre.lat + 0.004, lng: centre.lng },
      });
      const outside = await post({
        kind: 'merchant',
        name: '街区外',
        shopId: farShop.id,
        representatives: [{ accountId: someone.accountId, role: 'member' }],
      });
      assert.equal(outside.status, 400, JSON.stringify(outside.body));
      assert.equal(outside.body.field, 'shopId');
      assert.equal(outside.body.rule, 'outsideBlock');

      const nearShop = await registerShop(tp, someone.client, { verifiedBy: staff });
      const speaksAlready = await post({
        kind: 'merchant',
        name: '已代表',
        shopId: nearShop.id,
        representatives: [
          { accountId: someone.accountId, role: 'member' },
          { accountId: alliance.members[3]!.accountId, role: 'member' },
        ],
      });
      assert.equal(speaksAlready.status, 409, JSON.stringify(speaksAlready.body));
      assert.equal(speaksAlready.body.field, 'representatives.1.accountId');

      const shopTwice = await post({
        kind: 'merchant',
        name: '重复',
        shopId: alliance.members[0]!.shopId,
        representatives: [{ accountId: someone.accountId, role: 'member' }],
      });
      assert.equal(shopTwice.status, 409, JSON.stringify(shopTwice.body));
      assert.equal(shopTwice.body.field, 'shopId');

      const ghost = await post({
        kind: 'lawyer',
        name: '律师',
        representatives: [{ accountId: '00000000-0000-4000-8000-000000000002', role: 'member' }],
      });
      assert.equal(ghost.status, 400);
      assert.equal(ghost.body.field, 'representatives.0.accountId');

      const twice = await post({
        kind: 'lawyer',
        name: '律师',
        representatives: [
          { accountId: someone.accountId, role: 'member' },
          { accountId: someone.accountId, role: 'director' },
        ],
      });
      assert.equal(twice.status, 400);
      assert.equal(twice.body.field, 'representatives.1.accountId');

      // the same account in upper and lower case is the same account: 400, not a 500
      const twiceByCase = await post({
        kind: 'lawyer',
        name: '律师',
        representatives: [
          { accountId: someone.accountId.toUpperCase(), role: 'member' },
          { accountId: someone.accountId.toLowerCase(), role: 'member' },
        ],
      });
      assert.equal(twiceByCase.status, 400, JSON.stringify(twiceByCase.body));
      assert.equal(twiceByCase.body.field, 'representatives.1.accountId');
      assert.equal(twiceByCase.body.rule, 'duplicate');
      // a representative of another member, named in upper case: still 409
      const speaksByCase = await post({
        kind: 'lawyer',
        name: '律师',
        representatives: [
          { accountId: alliance.members[3]!.accountId.toUpperCase(), role: 'member' },
        ],
      });
      assert.equal(speaksByCase.status, 409, JSON.stringify(speaksByCase.body));
      assert.equal(speaksByCase.body.field, 'representatives.0.accountId');
      // a shop that is a member already, its id in upper case: 409 shopId
      const shopTwiceByCase = await post({
        kind: 'merchant',
        name: '重复',
        shopId: alliance.members[0]!.shopId!.toUpperCase(),
        representatives: [{ accountId: someone.accountId, role: 'member' }],
      });
      assert.equal(shopTwiceByCase.status, 409, JSON.stringify(shopTwiceByCase.body));
      assert.equal(shopTwiceByCase.body.field, 'shopId');

      const shopOnLawyer = await post({
        kind: 'lawyer',
        name: '律师',
        shopId: nearShop.id,
        representatives: [{ accountId: someone.accountId, role: 'member' }],
      });
      assert.equal(shopOnLawyer.status, 400);
      assert.equal(shopOnLawyer.body.field, 'shopId');

      const noReps = await post({ kind: 'lawyer', name: '律师', representatives: [] });
      assert.equal(noReps.status, 400);

      assert.equal(await countMembers(id), membersBefore);
      assert.equal(await countReps(id), repsBefore);
    });

    it('when a director adds a member, then 403; the chair may', async () => {
      const someone = await signedUpAccount(tp);
      const body = {
        kind: 'planner',
        name: '社区规划师',
        representatives: [{ accountId: someone.accountId, role: 'member' }],
      };
      const byDirector = await alliance.directors[0]!.client.post(
        `/api/councils/${alliance.councilId}/members`,
        body,
      );
      assert.equal(byDirector.status, 403);
      const byChair = await alliance.chair!.client.post<CouncilMember>(
        `/api/councils/${alliance.councilId}/members`,
        body,
      );
      assert.equal(byChair.status, 201, JSON.stringify(byChair.body));
      assert.equal(byChair.body.group, 'X');
      // the chair adds members, but makes no director, chair or secretary (staff do, or an election)
      const before = await countMembers(alliance.councilId);
      for (const role of ['director', 'chair', 'secretary'] as const) {
        const helper = await signedUpAccount(tp);
        const r = await alliance.chair!.client.post<Err>(
          `/api/councils/${alliance.councilId}/members`,
          {
            kind: 'planner',
            name: '规划师',
            representatives: [
              { accountId: helper.accountId, role: 'member' },
              { accountId: (await signedUpAccount(tp)).accountId, role },
            ],
          },
        );
        assert.equal(r.status, 403, `${role}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.field, 'representatives.1.role');
      }
      assert.equal(await countMembers(alliance.councilId), before);
      // leave it as it was for the other tests
      assert.equal(
        (await staff.delete(`/api/councils/${alliance.councilId}/members/${byChair.body.id}`))
          .status,
        204,
      );
    });

    it('when a shop’s own account joins the alliance of its block, then it is a merchant member; outside the block, not its shop or twice, it is refused', async () => {
      const merchant = await signedUpAccount(tp);
      const shop = await registerShop(tp, merchant.client, {
        point: { lat: centre.lat + 0.0003, lng: centre.lng - 0.0003 },
      });
      const farShop = await registerShop(tp, merchant.client, {
        point: { lat: centre.lat + 0.004, lng: centre.lng },
      });
      const id = alliance.councilId;
      const before = await countMembers(id);

      // before joining it cannot read the alliance
      assert.equal((await merchant.client.get(`/api/councils/${id}`)).status, 404);
      // a shop outside the block: the alliance stays unseen
      const outside = await merchant.client.post<Err>(`/api/councils/${id}/join`, {
        shopId: farShop.id,
      });
      assert.equal(outside.status, 404, JSON.stringify(outside.body));
      // a stranger (no shop in the block) naming someone else's shop: an existing council and a
      // missing one answer alike (404), so council ids cannot be probed
      const stranger = await signedUpAccount(tp);
      for (const council of [id, crypto.randomUUID()]) {
        const probe = await stranger.client.post<Err>(`/api/councils/${council}/join`, {
          shopId: shop.id,
        });
        assert.equal(probe.status, 404, `${council}: ${JSON.stringify(probe.body)}`);
      }
      // someone whose own shop lies in the block (they may join) naming another's shop: 403
      const thief = await signedUpAccount(tp);
      await registerShop(tp, thief.client, {
        point: { lat: centre.lat - 0.0003, lng: centre.lng + 0.0003 },
      });
      const notYours = await thief.client.post<Err>(`/api/councils/${id}/join`, {
        shopId: shop.id,
      });
      assert.equal(notYours.status, 403, JSON.stringify(notYours.body));
      assert.equal(notYours.body.field, 'shopId');
      // a council that is no alliance (co-management on the same block): unseen
      const coMgmt = await createCouncil(staff, {
        blockId: alliance.blockId,
        kind: 'co_management',
      });
      assert.equal(
        (await merchant.client.post(`/api/councils/${coMgmt.id}/join`, { shopId: shop.id })).status,
        404,
      );
      assert.equal(
        (
          await merchant.client.post(`/api/councils/00000000-0000-4000-8000-000000000003/join`, {
            shopId: shop.id,
          })
        ).status,
        404,
      );
      // its own shop in the block, but the street has not verified it: 409, nothing written
      const early = await merchant.client.post<Err>(`/api/councils/${id}/join`, {
        shopId: shop.id,
      });
      assert.equal(early.status, 409, JSON.stringify(early.body));
      assert.deepEqual([early.body.field, early.body.rule], ['shopId', 'unverified']);
      assert.equal(await countMembers(id), before);

      await verifyShop(staff, shop.id);
      const joined = await merchant.client.post<CouncilMember>(`/api/councils/${id}/join`, {
        shopId: shop.id,
      });
      assert.equal(joined.status, 201, JSON.stringify(joined.body));
      assert.equal(joined.body.kind, 'merchant');
      assert.equal(joined.body.name, shop.name);
      assert.equal(joined.body.shopId, shop.id);
      assert.deepEqual(
        joined.body.representatives.map((r) => [r.accountId, r.role]),
        [[merchant.accountId, 'member']],
      );
      const now = await merchant.client.get<Council>(`/api/councils/${id}`);
      assert.equal(now.status, 200);
      assert.deepEqual(now.body.me, { memberId: joined.body.id, role: 'member' });
      const again = await merchant.client.post<Err>(`/api/councils/${id}/join`, {
        shopId: shop.id,
      });
      assert.equal(again.status, 409);
      assert.equal(again.body.field, 'shopId');
      // now a reader: the shop outside the block is a 400 naming it
      const outsideNow = await merchant.client.post<Err>(`/api/councils/${id}/join`, {
        shopId: farShop.id,
      });
      assert.equal(outsideNow.status, 400);
      assert.equal(outsideNow.body.rule, 'outsideBlock');
      assert.equal(await countMembers(id), before + 1);

      // it leaves (staff remove it) and joins again: the same member row comes back
      assert.equal(
        (await staff.delete(`/api/councils/${id}/members/${joined.body.id}`)).status,
        204,
      );
      const back = await merchant.client.post<CouncilMember>(`/api/councils/${id}/join`, {
        shopId: shop.id,
      });
      assert.equal(back.status, 201, JSON.stringify(back.body));
      assert.equal(back.body.id, joined.body.id);
      assert.equal(
        (await staff.delete(`/api/councils/${id}/members/${joined.body.id}`)).status,
        204,
      );
    });

    it('when staff put a representative’s role, then it changes; the chair may not give or take an office, a director nothing; an unknown account is 404', async () => {
      const member = alliance.members[3]!;
      const url = `/api/councils/${alliance.councilId}/representatives/${member.accountId}`;
      const byDirector = await alliance.directors[0]!.client.request('PUT', url, {
        role: 'secretary',
      });
      assert.equal(byDirector.status, 403);
      // the chair may not make a director (which would defeat the N-director expense approval)
      for (const role of ['director', 'secretary', 'chair']) {
        const byChair = await alliance.chair!.client.request<Err>('PUT', url, { role });
        assert.equal(byChair.status, 403, `${role}: ${JSON.stringify(byChair.body)}`);
        assert.equal(byChair.body.field, 'role');
      }
      // nor take a director's office away
      const director = alliance.directors[1]!;
      const demote = await alliance.chair!.client.request<Err>(
        'PUT',
        `/api/councils/${alliance.councilId}/representatives/${director.accountId}`,
        { role: 'member' },
      );
      assert.equal(demote.status, 403, JSON.stringify(demote.body));
      assert.equal(demote.body.field, 'role');
      const unchanged = await director.client.get<Council>(`/api/councils/${alliance.councilId}`);
      assert.equal(unchanged.body.me?.role, 'director');
      // a member stays a member: the chair may say so
      const same = await alliance.chair!.client.request<CouncilMember>('PUT', url, {
        role: 'member',
      });
      assert.equal(same.status, 200, JSON.stringify(same.body));
      // staff appoint (the account id in upper case is the same representative)
      const r = await staff.request<CouncilMember>(
        'PUT',
        `/api/councils/${alliance.councilId}/representatives/${member.accountId.toUpperCase()}`,
        { role: 'secretary' },
      );
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.representatives[0]!.role, 'secretary');
      const seen = await member.client.get<Council>(`/api/councils/${alliance.councilId}`);
      assert.equal(seen.body.me?.role, 'secretary');
      assert.equal(seen.body.can.manage, true);
      const back = await staff.request<CouncilMember>('PUT', url, { role: 'member' });
      assert.equal(back.body.representatives[0]!.role, 'member');
      const stranger = await signedUpAccount(tp);
      assert.equal(
        (
          await staff.request(
            'PUT',
            `/api/councils/${alliance.councilId}/representatives/${stranger.accountId}`,
            { role: 'director' },
          )
        ).status,
        404,
      );
      const bad = await staff.request<Err>('PUT', url, { role: 'king' });
      assert.equal(bad.status, 400);
    });

    it('when staff remove a member, then it leaves with its representatives, who lose the council', async () => {
      const c = await makeCouncilWithMembers(tp, { members: 3, kind: 'joint_building', staff });
      const gone = c.members[2]!;
      const r = await staff.delete(`/api/councils/${c.councilId}/members/${gone.memberId}`);
      assert.equal(r.status, 204);
      const row = await db()
        .selectFrom('council_members')
        .select('left_at')
        .where('id', '=', gone.memberId)
        .executeTakeFirstOrThrow();
      assert.ok(row.left_at);
      assert.equal(await countReps(c.councilId), 2);
      assert.equal((await gone.client.get(`/api/councils/${c.councilId}`)).status, 404);
      const council = await staff.get<Council>(`/api/councils/${c.councilId}`);
      assert.equal(council.body.memberCount, 2);
      const list = await staff.get<CouncilMemberList>(`/api/councils/${c.councilId}/members`);
      assert.ok(!list.body.items.some((m) => m.id === gone.memberId));
      assert.equal(
        (await staff.delete(`/api/councils/${c.councilId}/members/${gone.memberId}`)).status,
        404,
      );
      // their account may speak for a member again
      const again = await addMember(staff, c.councilId, {
        kind: 'enterprise',
        name: '企业',
        representatives: [{ accountId: gone.accountId, role: 'member' }],
      });
      assert.equal(again.kind, 'enterprise');
      // a director may not remove
      assert.equal(
        (await c.directors[0]!.client.delete(`/api/councils/${c.councilId}/members/${again.id}`))
          .status,
        403,
      );
    });

    it('when those who run the council pick an account by mobile, then they get it masked; none is 404, a bad number 400, others 403/404', async () => {
      const person = await signedUpAccount(tp);
      const phone = await accountPhone(tp, person.accountId);
      const url = (p: string) =>
        `/api/councils/${alliance.councilId}/account-pick?phone=${encodeURIComponent(p)}`;
      const r = await staff.get<AccountPick>(url(phone));
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.accountId, person.accountId);
      assert.match(r.body.name, /^张\*+$/);
      assert.equal(r.body.phone, `${phone.slice(0, 3)}****${phone.slice(-4)}`);
      assert.doesNotMatch(JSON.stringify(r.body), UNMASKED_PHONE);
      const byChair = await alliance.chair!.client.get<AccountPick>(url(`+86 ${phone}`));
      assert.equal(byChair.status, 200);
      assert.equal(byChair.body.accountId, person.accountId);
      const audited = await db()
        .selectFrom('audit_log')
        .select('action')
        .where('action', '=', 'councils.account_pick')
        .execute();
      assert.ok(audited.length >= 2);

      assert.equal((await staff.get(url('13000000000'))).status, 404);
      const bad = await staff.get<Err>(url('12345678901'));
      assert.equal(bad.status, 400);
      assert.equal(bad.body.field, 'phone');
      assert.equal(bad.body.rule, 'mobile');
      assert.equal((await alliance.directors[0]!.client.get(url(phone))).status, 403);
      assert.equal((await other.get(url(phone))).status, 404);
      assert.equal((await person.client.get(url(phone))).status, 404);
    });
  });
}
