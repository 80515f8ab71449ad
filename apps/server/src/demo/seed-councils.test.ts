import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  isValidUscc,
  type BlockList,
  type Council,
  type CouncilList,
  type CouncilMemberList,
  type CouncilProjectList,
  type FundChainCheck,
  type FundEntryList,
  type GuidelineList,
  type OfferList,
  type PublicMap,
  type Shop,
  type ShopList,
} from '@cc/contracts';
import { DATABASES, startTestPlatform, type Client, type TestPlatform } from '../testing.js';
import { readDemoMerchants, seedCouncils } from './seed-councils.js';

const YUYUAN = '310101018000';
const HONGQIAO = '310105009000';
const FILE = readDemoMerchants();

/** Every shop of a street through the staff list, page by page. */
async function allShops(staff: Client, area: string): Promise<Shop[]> {
  const out: Shop[] = [];
  let cursor: string | null = null;
  do {
    const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const r = await staff.get<ShopList>(`/api/shops?area=${area}&limit=100${q}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    out.push(...r.body.items);
    cursor = r.body.nextCursor;
  } while (cursor);
  return out;
}

/**
 * The demo's block co-governance (seed-councils.ts) as staff, merchants, members, experts and
 * anyone see it through HTTP: the 91 shops of 豫园路 with their four merchant accounts and no
 * alliance yet; the 黄金城道 co-management committee with its "1 + 3 + X" members, its fund,
 * its guideline with two experts, its rest areas on the public map and a matched project;
 * made once.
 */
for (const kind of DATABASES) {
  describe(`demo data: the shops of 豫园路 and the 黄金城道 committee (${kind})`, () => {
    let tp: TestPlatform;
    let council: Council;

    before(async () => {
      tp = await startTestPlatform(kind);
      assert.equal(await seedCouncils(tp.platform.deps), true);
    });
    after(() => tp?.close());

    it('when yuyuan lists the shops of 豫园街道, then the 91 of 豫园路 are there with valid credit codes and masked contacts, in no council', async () => {
      const yuyuan = await tp.login('yuyuan');
      const shops = await allShops(yuyuan, YUYUAN);
      assert.equal(shops.length, 91);
      assert.equal(FILE.shops.length, 91);
      assert.deepEqual(shops.map((s) => s.uscc).sort(), FILE.shops.map((s) => s.uscc).sort());
      for (const s of shops) {
        assert.ok(isValidUscc(s.uscc), s.uscc);
        assert.match(s.address, /^豫园路 \d+ 号$/);
        assert.match(s.contactPhone, /\*{4}/, 'phone masked');
        assert.match(s.contactName, /\*/, 'name masked');
        assert.deepEqual(s.councils, []);
      }
      const blocks = await yuyuan.get<BlockList>(`/api/blocks?street=${YUYUAN}`);
      assert.equal(blocks.status, 200, JSON.stringify(blocks.body));
      assert.deepEqual(blocks.body.items, [], 'the journey draws the 豫园路 block');
    });

    it('when each merchant signs in with the demo password, then they hold no role and see their one shop as theirs', async () => {
      for (const m of FILE.merchants) {
        const c = await tp.login(m.username);
        const me = await c.get<{ roles: unknown[] }>('/api/auth/me');
        assert.equal(me.status, 200);
        assert.deepEqual(me.body.roles, [], `${m.username} is no staff`);
        const own = await c.get<ShopList>('/api/shops');
        assert.equal(own.status, 200, JSON.stringify(own.body));
        const shop = FILE.shops.find((s) => s.owner === m.username)!;
        assert.deepEqual(
          own.body.items.map((s) => [s.name, s.mine]),
          [[shop.name, true]],
        );
      }
    });

    it('when the city lists the councils of 虹桥街道, then the 黄金城道 committee has 1 + 8 + 5 members, a chair, a secretary and three directors', async () => {
      const city = await tp.login('city');
      const list = await city.get<CouncilList>(`/api/councils?street=${HONGQIAO}`);
      assert.equal(list.status, 200, JSON.stringify(list.body));
      assert.deepEqual(
        list.body.items.map((c) => [c.name, c.kind]),
        [['黄金城道街区共管委员会', 'co_management']],
      );
      council = list.body.items[0]!;
      assert.equal(council.memberCount, 14);
      assert.deepEqual(council.groups, { '1': 1, '3': 8, X: 5 });
      const members = await city.get<CouncilMemberList>(`/api/councils/${council.id}/members`);
      assert.equal(members.status, 200, JSON.stringify(members.body));
      const kinds = members.body.items.map((m) => m.kind);
      assert.equal(kinds.filter((k) => k === 'owners_committee').length, 6);
      for (const k of ['party', 'residents_committee', 'property_company', 'enterprise', 'lawyer'])
        assert.equal(kinds.filter((x) => x === k).length, 1, k);
      assert.equal(kinds.filter((k) => k === 'merchant').length, 3);
      assert.ok(members.body.items.filter((m) => m.kind === 'merchant').every((m) => m.shopId));
      const roles = members.body.items.flatMap((m) => m.representatives.map((r) => r.role));
      assert.equal(roles.filter((r) => r === 'chair').length, 1);
      assert.equal(roles.filter((r) => r === 'secretary').length, 1);
      assert.equal(roles.filter((r) => r === 'director').length, 3);
    });

    it('when a merchant member opens the fund, then it sees every entry, the balance after the approved expense, one expense pending, and the chain verifies', async () => {
      const cafe = await tp.login('hjcd-cafe');
      const mine = await cafe.get<CouncilList>('/api/councils');
      assert.deepEqual(
        mine.body.items.map((c) => c.name),
        ['黄金城道街区共管委员会'],
      );
      const fund = await cafe.get<FundEntryList>(
        `/api/councils/${council.id}/fund/entries?limit=100`,
      );
      assert.equal(fund.status, 200, JSON.stringify(fund.body));
      const { totals, items } = fund.body;
      assert.equal(totals.contributedFen, 4_900_000);
      assert.equal(totals.spentFen, 860_000);
      assert.equal(totals.balanceFen, 4_040_000);
      assert.equal(totals.pendingFen, 600_000);
      assert.equal(items.length, totals.entries);
      const expenses = items.filter((e) => e.kind === 'expense');
      assert.deepEqual(expenses.map((e) => e.expense?.state).sort(), ['approved', 'pending']);
      for (const e of expenses) assert.equal(e.receipts.length, 1);
      const verify = await cafe.get<FundChainCheck>(`/api/councils/${council.id}/fund/verify`);
      assert.equal(verify.status, 200, JSON.stringify(verify.body));
      assert.equal(verify.body.ok, true);
      assert.equal(verify.body.length, totals.entries);
    });

    it('when lvhua opens the guideline she reviews, then it is 街区绿化提升导则 with guihua, one application approved by both', async () => {
      const chair = await tp.login('hjcd-party');
      const list = await chair.get<GuidelineList>(`/api/councils/${council.id}/guidelines`);
      assert.equal(list.status, 200, JSON.stringify(list.body));
      const g = list.body.items[0]!;
      assert.equal(g.title, '街区绿化提升导则');
      assert.deepEqual(g.reviewers.map((r) => r.organisation).sort(), [
        '社区规划师',
        '黄浦区绿化市容局',
      ]);
      assert.equal(g.approvalsRequired, 2);
      assert.deepEqual(g.progress, { applications: 1, approved: 1, done: 0 });
      const lvhua = await tp.login('lvhua');
      const seen = await lvhua.get(`/api/guidelines/${g.id}`);
      assert.equal(seen.status, 200, JSON.stringify(seen.body));
      assert.equal(seen.body.iReview, true);
    });

    it('when anyone opens the public map of the block, then the two rest areas show their opening hours and offering organisations, and the greening need is matched into a project', async () => {
      const anyone = tp.client();
      const map = await anyone.get<PublicMap>(`/api/public/councils-map?block=${council.block.id}`);
      assert.equal(map.status, 200, JSON.stringify(map.body));
      assert.deepEqual(map.body.restAreas.map((r) => [r.offeredBy, r.openingHours]).sort(), [
        ['古北物业管理有限公司', '07:00-11:30,13:00-19:00'],
        ['黄金城道咖啡馆', '08:00-21:00'],
      ]);
      assert.equal(map.body.projects.length, 1, 'the approved application');
      const chair = await tp.login('hjcd-party');
      const projects = await chair.get<CouncilProjectList>(`/api/councils/${council.id}/projects`);
      assert.equal(projects.status, 200, JSON.stringify(projects.body));
      assert.equal(projects.body.items.length, 1);
      const p = projects.body.items[0]!;
      assert.equal(p.need.category, 'greenery');
      assert.equal(p.need.status, 'matched');
      assert.deepEqual(
        p.offers.map((o) => o.member.name),
        ['古北集团'],
      );
      const offers = await chair.get<OfferList>(`/api/councils/${council.id}/offers?side=offer`);
      assert.equal(offers.body.items.filter((o) => o.category === 'rest_area').length, 2);
    });

    it('when the demo starts again, then nothing more is made', async () => {
      assert.equal(await seedCouncils(tp.platform.deps), false);
      const yuyuan = await tp.login('yuyuan');
      assert.equal((await allShops(yuyuan, YUYUAN)).length, 91);
      const city = await tp.login('city');
      const list = await city.get<CouncilList>(`/api/councils?street=${HONGQIAO}`);
      assert.equal(list.body.items.length, 1);
    });
  });
}
