import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Application, Guideline, Offer, PublicMap } from '@cc/contracts';
import { sql } from 'kysely';
import { shanghaiMinute } from '../../platform/shanghai-time.js';
import {
  DATABASES,
  signedUpAccount,
  startTestPlatform,
  UNMASKED_PHONE,
  type Client,
  type TestAccount,
  type TestPlatform,
} from '../../testing.js';
import {
  addMember,
  makeCouncilWithMembers,
  uploadCouncilFile,
  yuyuanCentre,
  type CouncilWithMembers,
} from '../../testing-councils.js';
import { isOpenAt, parseOpeningHours } from './offers.js';
import { restAreasQuery } from './public-map.js';

/**
 * The public map of a block (issue 24), through HTTP on a real database: anyone, without
 * signing in, sees the block's outline, the rest areas (爱心休息区) its shops offer with their
 * opening hours and whether they are open now in Shanghai, the sign projects the experts let
 * through and the guideline's progress — organisations' names only, never a person's name or
 * phone. Someone signed in who is no member sees the same map and nothing of the council.
 */
const DAY = 86_400_000;
const MAP = '/api/public/councils-map';

/** "HH:mm" of a minute of the day. */
const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

interface ErrorAnswer {
  field?: string;
  rule?: string;
}

for (const kind of DATABASES) {
  describe(`the public map of rest areas and projects (${kind})`, () => {
    let tp: TestPlatform;
    let c: CouncilWithMembers;
    let expert: TestAccount;
    let anonymous: Client;
    let outsider: Client;
    let centre: { lat: number; lng: number };
    let openArea: Offer;
    let closedNowArea: Offer;
    let withdrawn: Offer;
    let guideline: Guideline;
    let approved: Application;
    let pending: Application;

    before(async () => {
      tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 1000 });
      c = await makeCouncilWithMembers(tp, { members: 3 });
      expert = await signedUpAccount(tp, { displayName: '赵专家' });
      anonymous = tp.client();
      outsider = (await signedUpAccount(tp)).client;
      centre = await yuyuanCentre(tp);
      const [shopA, shopB] = [c.members[1]!, c.members[2]!];

      const rest = async (who: typeof shopA, title: string, openingHours: string, d: number) => {
        const r = await who.client.post<Offer>(`/api/councils/${c.councilId}/offers`, {
          side: 'offer',
          memberId: who.memberId,
          category: 'rest_area',
          title,
          lat: centre.lat + d,
          lng: centre.lng + d,
          openingHours,
        });
        assert.equal(r.status, 201, JSON.stringify(r.body));
        return r.body;
      };
      // open all day; and one whose hours start two hours from now (closed now)
      const now = shanghaiMinute(new Date()).slice(11);
      const m = Number(now.slice(0, 2)) * 60 + Number(now.slice(3, 5));
      openArea = await rest(shopA, '爱心休息区（全天）', '00:00-24:00', 0.0003);
      closedNowArea = await rest(
        shopB,
        '爱心休息区（限时）',
        `${hhmm((m + 120) % 1440)}-${hhmm((m + 180) % 1440)}`,
        -0.0003,
      );
      withdrawn = await rest(shopB, '已撤下的休息点', '08:00-18:00', 0.0001);
      assert.equal(
        (await shopB.client.post(`/api/council-offers/${withdrawn.id}/close`)).status,
        200,
      );

      // a sign guideline: one approved application, one still under review
      const g = await c.staff.post<Guideline>(`/api/councils/${c.councilId}/guidelines`, {
        title: '店招店牌导则',
        body: '与街区风貌协调',
        reviewers: [{ accountId: expert.accountId, organisation: '黄浦区绿化市容局' }],
        approvalsRequired: 1,
        closesAt: new Date(Date.now() + 30 * DAY).toISOString(),
      });
      assert.equal(g.status, 201, JSON.stringify(g.body));
      guideline = g.body;
      const apply = async (who: typeof shopA, title: string) => {
        const r = await who.client.post<Application>(
          `/api/guidelines/${guideline.id}/applications`,
          {
            memberId: who.memberId,
            title,
            description: '木质牌匾',
            lat: centre.lat,
            lng: centre.lng,
            photoIds: [await uploadCouncilFile(who.client, 'png')],
            designId: await uploadCouncilFile(who.client, 'pdf'),
          },
        );
        assert.equal(r.status, 201, JSON.stringify(r.body));
        return r.body;
      };
      approved = await apply(shopA, '店招更新 A');
      pending = await apply(shopB, '店招更新 B');
      const ok = await expert.client.post(`/api/applications/${approved.id}/reviews`, {
        decision: 'approve',
      });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
    });
    after(() => tp.close());

    it('when anyone opens the map of a block without signing in, then they see its outline, rest areas with openNow, approved projects and progress', async () => {
      const r = await anonymous.get<PublicMap>(`${MAP}?block=${c.blockId}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(
        r.body.blocks.map((b) => b.id),
        [c.blockId],
      );
      assert.equal(r.body.blocks[0]!.boundary.type, 'Polygon');
      const byId = new Map(r.body.restAreas.map((a) => [a.id, a]));
      assert.equal(byId.get(openArea.id)?.openNow, true);
      assert.equal(byId.get(openArea.id)?.openingHours, '00:00-24:00');
      assert.equal(byId.get(openArea.id)?.offeredBy, openArea.member.name);
      assert.equal(byId.get(closedNowArea.id)?.openNow, false);
      assert.ok(!byId.has(withdrawn.id), 'a closed offer is off the map');
      assert.deepEqual(
        r.body.projects.map((p) => [p.id, p.state, p.guideline]),
        [[approved.id, 'approved', '店招店牌导则']],
      );
      assert.ok(!r.body.projects.some((p) => p.id === pending.id), 'under review: not shown');
      assert.deepEqual(r.body.progress, [
        { guidelineId: guideline.id, title: '店招店牌导则', applications: 2, approved: 1, done: 0 },
      ]);
    });

    it("when the map is read, then it holds no person's name or phone", async () => {
      const r = await anonymous.get<PublicMap>(`${MAP}?block=${c.blockId}`);
      const text = JSON.stringify(r.body);
      // representatives are 张<username>, the shops' contact 张三, the expert 赵专家
      assert.ok(!text.includes('张'), text);
      assert.ok(!text.includes('赵'), text);
      for (const m of c.members) assert.ok(!text.includes(m.username));
      assert.ok(!UNMASKED_PHONE.test(text), text);
      assert.ok(!/\d{3}\*{4}\d{4}/.test(text), 'not even a masked phone');
    });

    it("when a lawyer member offers a rest area with a phone number in its title, then the map shows '律师', not the name, and the number masked", async () => {
      // a council of its own block, so the other tests' map keeps no masked phone
      const law = await makeCouncilWithMembers(tp, {
        members: 0,
        kind: 'co_management',
        staff: c.staff,
      });
      const lawyer = await signedUpAccount(tp);
      const member = await addMember(c.staff, law.councilId, {
        kind: 'lawyer',
        name: '李明律师',
        representatives: [{ accountId: lawyer.accountId, role: 'member' }],
      });
      const r = await lawyer.client.post<Offer>(`/api/councils/${law.councilId}/offers`, {
        side: 'offer',
        memberId: member.id.toUpperCase(),
        category: 'rest_area',
        title: '律所门口爱心休息区 电话 13812345678',
        description: '急事请拨 138-1234-5678',
        lat: centre.lat,
        lng: centre.lng,
        openingHours: '09:00-18:00',
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.title, '律所门口爱心休息区 电话 138****5678', 'stored masked');
      assert.ok(!UNMASKED_PHONE.test(r.body.description), r.body.description);

      const map = await anonymous.get<PublicMap>(`${MAP}?block=${law.blockId}`);
      assert.equal(map.status, 200, JSON.stringify(map.body));
      const area = map.body.restAreas.find((a) => a.id === r.body.id);
      assert.ok(area, JSON.stringify(map.body.restAreas));
      assert.equal(area.offeredBy, '律师');
      assert.equal(area.title, '律所门口爱心休息区 电话 138****5678');
      const text = JSON.stringify(map.body);
      assert.ok(!text.includes('李明'), text);
      assert.ok(!UNMASKED_PHONE.test(text), text);
    });

    it('when the map is asked for a box, then it finds the rest areas and blocks in it; a box over 0.2° a side, a bad box or no block is a 400', async () => {
      const box = [centre.lng - 0.01, centre.lat - 0.01, centre.lng + 0.01, centre.lat + 0.01];
      const r = await anonymous.get<PublicMap>(`${MAP}?bbox=${box.join(',')}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.ok(r.body.blocks.some((b) => b.id === c.blockId));
      assert.ok(r.body.restAreas.some((a) => a.id === openArea.id));
      assert.ok(!r.body.restAreas.some((a) => a.id === withdrawn.id));
      assert.ok(r.body.projects.some((p) => p.id === approved.id));
      // a box elsewhere (西郊): none of them
      const far = await anonymous.get<PublicMap>(`${MAP}?bbox=121.30,31.10,121.35,31.15`);
      assert.equal(far.status, 200);
      assert.ok(!far.body.restAreas.some((a) => a.id === openArea.id));
      assert.ok(!far.body.blocks.some((b) => b.id === c.blockId));

      const bad: [string, string, string | undefined][] = [
        [
          `bbox=${centre.lng - 0.15},${centre.lat - 0.1},${centre.lng + 0.15},${centre.lat + 0.1}`,
          'bbox',
          'tooLarge',
        ],
        [
          `bbox=${centre.lng + 0.01},${centre.lat},${centre.lng},${centre.lat + 0.01}`,
          'bbox',
          'format',
        ],
        ['bbox=1,2,3', 'bbox', undefined],
        ['', 'block', 'required'],
        [`block=${c.blockId}&bbox=${box.join(',')}`, 'bbox', 'exclusive'],
      ];
      for (const [q, field, rule] of bad) {
        const e = await anonymous.get<ErrorAnswer>(`${MAP}?${q}`);
        assert.equal(e.status, 400, `${q}: ${JSON.stringify(e.body)}`);
        assert.equal(e.body.field, field, JSON.stringify(e.body));
        if (rule) assert.equal(e.body.rule, rule);
      }
      assert.equal((await anonymous.get(`${MAP}?block=${crypto.randomUUID()}`)).status, 404);
    });

    it('when someone signed in is no member, then they see the public map and nothing of the council (404)', async () => {
      assert.equal((await outsider.get(`${MAP}?block=${c.blockId}`)).status, 200);
      for (const path of [
        `/api/councils/${c.councilId}`,
        `/api/councils/${c.councilId}/members`,
        `/api/councils/${c.councilId}/fund`,
        `/api/councils/${c.councilId}/fund/entries`,
        `/api/councils/${c.councilId}/guidelines`,
        `/api/councils/${c.councilId}/offers`,
        `/api/councils/${c.councilId}/projects`,
        `/api/guidelines/${guideline.id}`,
        `/api/applications/${approved.id}`,
      ]) {
        const r = await outsider.get(path);
        assert.equal(r.status, 404, `${path}: ${JSON.stringify(r.body)}`);
      }
      // and a member does see it
      assert.equal(
        (await c.members[2]!.client.get(`/api/councils/${c.councilId}/offers`)).status,
        200,
      );
    });

    it('when rest areas are looked up in a box, then the partial index council_offers_rest_idx answers', async () => {
      const db = tp.platform.database.db;
      const plan = await db.connection().execute(async (conn) => {
        await sql`set enable_seqscan = off`.execute(conn);
        try {
          const rows = await restAreasQuery(conn, {
            box: {
              minLng: centre.lng - 0.01,
              minLat: centre.lat - 0.01,
              maxLng: centre.lng + 0.01,
              maxLat: centre.lat + 0.01,
            },
          }).explain();
          return rows.map((row) => Object.values(row).join(' ')).join('\n');
        } finally {
          await sql`reset enable_seqscan`.execute(conn);
        }
      });
      assert.match(plan, /council_offers_rest_idx/, plan);
    });

    it('when opening hours are read, then a place is open inside its ranges, over midnight too, and closed at a range’s end', () => {
      const day = parseOpeningHours('07:00-11:30,13:00-19:00')!;
      assert.equal(isOpenAt(day, 7 * 60), true);
      assert.equal(isOpenAt(day, 12 * 60), false);
      assert.equal(isOpenAt(day, 13 * 60), true);
      assert.equal(isOpenAt(day, 19 * 60), false);
      const night = parseOpeningHours('22:00-06:00')!;
      assert.equal(isOpenAt(night, 23 * 60), true);
      assert.equal(isOpenAt(night, 5 * 60 + 59), true);
      assert.equal(isOpenAt(night, 6 * 60), false);
      assert.equal(isOpenAt(night, 12 * 60), false);
      assert.equal(isOpenAt(parseOpeningHours('00:00-24:00')!, 23 * 60 + 59), true);
      assert.equal(parseOpeningHours('24:00-08:00'), null);
      assert.equal(parseOpeningHours('08:60-09:00'), null);
    });
  });
}
