import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { CouncilProject, Offer, OfferList } from '@cc/contracts';
import {
  DATABASES,
  signedUpAccount,
  startTestPlatform,
  type Client,
  type TestPlatform,
} from '../../testing.js';
import {
  makeCouncilWithMembers,
  yuyuanCentre,
  type CouncilWithMembers,
} from '../../testing-councils.js';

/**
 * What each party offers and needs (资源清单 / 需求清单), matched into projects (项目清单),
 * through HTTP on a real database: a shop offers a rest area for street cleaners and couriers
 * (爱心休息区) inside the block with its opening hours; a compound needs greenery; the chair
 * matches the need with a shop's money and a planner's hours.
 */
interface ErrorAnswer {
  field?: string;
  rule?: string;
  message: string;
}

for (const kind of DATABASES) {
  describe(`offers, needs and projects (${kind})`, () => {
    let tp: TestPlatform;
    let c: CouncilWithMembers;
    /** another council (another block) of the same street */
    let other: CouncilWithMembers;
    let outsider: Client;
    let centre: { lat: number; lng: number };
    const db = () => tp.platform.database.db;

    const restArea = (o: Record<string, unknown> = {}) => ({
      side: 'offer',
      memberId: c.members[1]!.memberId,
      category: 'rest_area',
      title: '爱心休息区：热水、充电、歇脚',
      description: '环卫工人、快递小哥随时进来坐坐',
      lat: centre.lat + 0.0002,
      lng: centre.lng - 0.0002,
      openingHours: '07:00-11:30,13:00-19:00',
      ...o,
    });
    const offer = (who: Client, councilId: string, body: Record<string, unknown>) =>
      who.post<Offer & ErrorAnswer>(`/api/councils/${councilId}/offers`, body);
    async function listed(
      who: Client,
      councilId: string,
      body: Record<string, unknown>,
    ): Promise<Offer> {
      const r = await offer(who, councilId, body);
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body;
    }
    const countOffers = async () =>
      (
        await db()
          .selectFrom('council_offers')
          .select('id')
          .where('council_id', '=', c.councilId)
          .execute()
      ).length;

    before(async () => {
      tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 1000 });
      c = await makeCouncilWithMembers(tp, { members: 3, kind: 'co_management' });
      other = await makeCouncilWithMembers(tp, {
        members: 1,
        kind: 'co_management',
        staff: c.staff,
      });
      outsider = (await signedUpAccount(tp)).client;
      centre = await yuyuanCentre(tp);
    });
    after(() => tp.close());

    it('when a rest area lacks its place or hours, lies outside the block or has no such hours, then 400 naming the field and nothing is stored', async () => {
      const rep = c.members[1]!.client;
      const before = await countOffers();
      const cases: [Record<string, unknown>, string, string][] = [
        [restArea({ openingHours: undefined }), 'openingHours', 'required'],
        [restArea({ lat: undefined }), 'lat', 'required'],
        [restArea({ lng: undefined }), 'lng', 'required'],
        [restArea({ lat: centre.lat + 0.01 }), 'lat', 'outsideBlock'],
        [restArea({ openingHours: '25:00-26:00' }), 'openingHours', 'format'],
        [restArea({ openingHours: '09:00-09:00' }), 'openingHours', 'format'],
        [restArea({ openingHours: '7:00-19:00' }), 'openingHours', 'pattern'],
      ];
      for (const [body, field, rule] of cases) {
        const r = await offer(rep, c.councilId, JSON.parse(JSON.stringify(body)));
        assert.equal(r.status, 400, `${field} ${rule}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.field, field, JSON.stringify(r.body));
        if (rule !== 'pattern') assert.equal(r.body.rule, rule);
      }
      // staff for an organisation that is not a member
      const notMember = await offer(
        c.staff,
        c.councilId,
        restArea({ memberId: other.members[0]!.memberId }),
      );
      assert.equal(notMember.status, 400, JSON.stringify(notMember.body));
      assert.equal(notMember.body.field, 'memberId');
      assert.equal(notMember.body.rule, 'notMember');
      assert.equal(await countOffers(), before);
    });

    it("when a representative lists an offer for another member, then 403; when an outsider does, then 404; the member's own rest area is listed", async () => {
      const forOther = await offer(
        c.members[1]!.client,
        c.councilId,
        restArea({ memberId: c.members[2]!.memberId }),
      );
      assert.equal(forOther.status, 403, JSON.stringify(forOther.body));
      const stranger = await offer(outsider, c.councilId, restArea());
      assert.equal(stranger.status, 404, JSON.stringify(stranger.body));
      assert.equal((await outsider.get(`/api/councils/${c.councilId}/offers`)).status, 404);

      const r = await listed(c.members[1]!.client, c.councilId, restArea());
      assert.equal(r.status, 'open');
      assert.equal(r.openingHours, '07:00-11:30,13:00-19:00');
      assert.equal(r.member.id, c.members[1]!.memberId);
      // every member sees it; the need side does not hold it
      const offers = await c.members[2]!.client.get<OfferList>(
        `/api/councils/${c.councilId}/offers?side=offer`,
      );
      assert.equal(offers.status, 200);
      assert.ok(offers.body.items.some((o) => o.id === r.id));
      const needs = await c.members[2]!.client.get<OfferList>(
        `/api/councils/${c.councilId}/offers?side=need`,
      );
      assert.ok(!needs.body.items.some((o) => o.id === r.id));
      // a need has no place or hours to give
      const need = await listed(c.members[2]!.client, c.councilId, {
        side: 'need',
        memberId: c.members[2]!.memberId,
        category: 'greenery',
        title: '小区门口补种绿化',
      });
      assert.equal(need.lat, null);
    });

    it('when the chair matches a need with offers, then a project holds them and they are matched; matching them again, a wrong side or another council’s offer is a 400', async () => {
      const need = await listed(c.members[2]!.client, c.councilId, {
        side: 'need',
        memberId: c.members[2]!.memberId,
        category: 'guards',
        title: '夜间巡逻',
      });
      const money = await listed(c.members[1]!.client, c.councilId, {
        side: 'offer',
        memberId: c.members[1]!.memberId,
        category: 'money',
        title: '出资 2000 元',
      });
      const hours = await listed(c.chair!.client, c.councilId, {
        side: 'offer',
        memberId: c.chair!.memberId,
        category: 'legal_hour',
        title: '每月一次法律咨询',
      });
      const foreign = await listed(other.staff, other.councilId, {
        side: 'offer',
        memberId: other.members[0]!.memberId,
        category: 'protective_gear',
        title: '防护手套 100 副',
      });
      const match = (who: Client, body: Record<string, unknown>) =>
        who.post<CouncilProject & ErrorAnswer>(`/api/councils/${c.councilId}/projects`, body);

      // a director who does not run the council: 403; an outsider: 404
      const body = { needId: need.id, offerIds: [money.id, hours.id], title: '夜间巡逻项目' };
      assert.equal((await match(c.members[1]!.client, body)).status, 403);
      assert.equal((await match(outsider, body)).status, 404);

      const bad: [Record<string, unknown>, string, string][] = [
        [{ ...body, needId: money.id }, 'needId', 'side'],
        [{ ...body, offerIds: [need.id] }, 'offerIds.0', 'side'],
        [{ ...body, offerIds: [money.id, foreign.id] }, 'offerIds.1', 'exists'],
        [{ ...body, offerIds: [crypto.randomUUID()] }, 'offerIds.0', 'exists'],
        [{ ...body, offerIds: [money.id, money.id.toUpperCase()] }, 'offerIds.1', 'duplicate'],
      ];
      for (const [b, field, rule] of bad) {
        const r = await match(c.chair!.client, b);
        assert.equal(r.status, 400, `${field}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.field, field);
        assert.equal(r.body.rule, rule);
      }
      const untouched = await c.chair!.client.get<OfferList>(`/api/councils/${c.councilId}/offers`);
      assert.ok(
        untouched.body.items
          .filter((o) => [need.id, money.id, hours.id].includes(o.id))
          .every((o) => o.status === 'open'),
        'nothing matched by a refused request',
      );

      const made = await match(c.chair!.client, body);
      assert.equal(made.status, 201, JSON.stringify(made.body));
      assert.equal(made.body.need.id, need.id);
      assert.equal(made.body.need.status, 'matched');
      assert.deepEqual(made.body.offers.map((o) => o.id).sort(), [money.id, hours.id].sort());
      assert.ok(
        made.body.offers.every((o) => o.status === 'matched' && o.projectId === made.body.id),
      );
      assert.equal(made.body.status, 'planned');

      // matched already: not open
      const need2 = await listed(c.members[2]!.client, c.councilId, {
        side: 'need',
        memberId: c.members[2]!.memberId,
        category: 'repair',
        title: '修路灯',
      });
      const twice = await match(c.chair!.client, {
        needId: need2.id,
        offerIds: [money.id],
        title: '修路灯',
      });
      assert.equal(twice.status, 400, JSON.stringify(twice.body));
      assert.equal(twice.body.field, 'offerIds.0');
      assert.equal(twice.body.rule, 'open');

      // the project moves along; members see it
      const moved = await c.staff.request<CouncilProject>(
        'PUT',
        `/api/council-projects/${made.body.id}/status`,
        { status: 'in_progress' },
      );
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      assert.equal(moved.body.status, 'in_progress');
      assert.equal(
        (
          await c.members[1]!.client.request(
            'PUT',
            `/api/council-projects/${made.body.id}/status`,
            {
              status: 'done',
            },
          )
        ).status,
        403,
      );
      const projects = await c.members[2]!.client.get<{ items: CouncilProject[] }>(
        `/api/councils/${c.councilId}/projects`,
      );
      assert.equal(projects.status, 200);
      assert.equal(projects.body.items.find((p) => p.id === made.body.id)?.status, 'in_progress');
      assert.equal((await outsider.get(`/api/councils/${c.councilId}/projects`)).status, 404);
      // an outsider hears the same 404 for this project as for one that does not exist
      const [hidden, missing] = await Promise.all(
        [made.body.id, crypto.randomUUID()].map((id) =>
          outsider.request<ErrorAnswer>('PUT', `/api/council-projects/${id}/status`, {
            status: 'done',
          }),
        ),
      );
      assert.deepEqual(
        [hidden!.status, hidden!.body.message],
        [missing!.status, missing!.body.message],
      );
      assert.equal(hidden!.status, 404);
    });

    it('when the member closes its rest area, then it is closed, and closing it again is a 409', async () => {
      const r = await listed(c.members[1]!.client, c.councilId, restArea({ title: '临时休息点' }));
      assert.equal(
        (await c.members[2]!.client.post(`/api/council-offers/${r.id}/close`)).status,
        403,
      );
      // an outsider hears the same 404 for this offer as for one that does not exist
      const hidden = await outsider.post<ErrorAnswer>(`/api/council-offers/${r.id}/close`);
      assert.equal(hidden.status, 404, JSON.stringify(hidden.body));
      const missing = await outsider.post<ErrorAnswer>(
        `/api/council-offers/${crypto.randomUUID()}/close`,
      );
      assert.equal(missing.status, 404, JSON.stringify(missing.body));
      assert.equal(hidden.body.message, missing.body.message);
      const closed = await c.members[1]!.client.post<Offer>(`/api/council-offers/${r.id}/close`);
      assert.equal(closed.status, 200, JSON.stringify(closed.body));
      assert.equal(closed.body.status, 'closed');
      assert.equal(
        (await c.members[1]!.client.post(`/api/council-offers/${r.id}/close`)).status,
        409,
      );
    });
  });
}
