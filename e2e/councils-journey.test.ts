import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { usccCheckCharacter, type Council, type CouncilMember, type Shop } from '@cc/contracts';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { signedUpAccount, type Client, type TestPlatform } from '../apps/server/src/testing.js';
import {
  artifact,
  browserMissing,
  choose,
  confirm,
  DESK,
  PHONE,
  phoneContext,
  signIn,
  startWithDemoResidents,
  until,
} from './browser.js';

const skip = browserMissing();
const STREET = '310101018000'; // 豫园街道
const STAFF_PASSWORD = 'a-long-password-1';

/** A valid unified social credit code, different for each n. */
const uscc = (n: number) => {
  const first = `91310101MA1${String(n).padStart(6, '0')}`;
  return first + usccCheckCharacter(first)!;
};

describe(
  'browser journey: 豫园街道 sets up the 豫园路 merchant alliance, members elect directors, a shop sign passes two experts, and every member sees the fund',
  { skip: skip ?? false },
  () => {
    let tp: TestPlatform;
    let browser: Browser;
    let desk: BrowserContext;
    let staffPage: Page;
    let centre: { lat: number; lng: number };
    let councilId = '';
    let blockId = '';
    let guidelineId = '';
    let applicationId = '';
    let electionId = '';
    /** the four merchants: their accounts, phones and shops */
    const merchants: {
      username: string;
      shopName: string;
      phone: string;
      client: Client;
      shopId: string;
      memberId: string;
    }[] = [];
    const expertPhones = { lvhua: '13700000101', guihua: '13700000102' };

    async function noSideScroll(page: Page) {
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= PHONE.width, `no horizontal scroll (scrollWidth ${width})`);
    }
    const text = async (page: Page, testId: string) =>
      ((await page.getByTestId(testId).first().textContent()) ?? '').trim();
    const merchant = (username: string) => merchants.find((m) => m.username === username)!;
    const staffAccount = async (
      username: string,
      displayName: string,
      role: string,
      areaCode: string,
      phone: string,
    ) => {
      const admin = await tp.login('admin');
      const r = await admin.post('/api/accounts', {
        username,
        displayName,
        password: STAFF_PASSWORD,
        phone,
        roles: [{ role, areaCode }],
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
    };

    before(async () => {
      [tp, browser] = await startWithDemoResidents();
      desk = await browser.newContext({ viewport: DESK, locale: 'zh-CN' });
      centre = await tp.centreOf(STREET);
      await staffAccount(
        'yuyuan-e2e',
        '豫园街道城运中心 孙丽',
        'street_operator',
        STREET,
        '13700000100',
      );
      await staffAccount(
        'lvhua-e2e',
        '黄浦区绿化市容局 周洁',
        'handler',
        '310101000000',
        expertPhones.lvhua,
      );
      await staffAccount(
        'guihua-e2e',
        '社区规划师 吴磊',
        'community_planner',
        STREET,
        expertPhones.guihua,
      );
      // four shop owners of 豫园路; three register their shop through the API, 老庙 on her phone
      const shops = [
        ['laomiao-e2e', '老庙黄金豫园店', '13800000201'],
        ['nanxiang-e2e', '南翔馒头店', '13800000202'],
        ['wufangzhai-e2e', '五芳斋豫园店', '13800000203'],
        ['lvbolang-e2e', '绿波廊酒楼', '13800000204'],
      ] as const;
      for (const [i, [username, shopName, phone]] of shops.entries()) {
        const a = await signedUpAccount(tp, { username, displayName: `${shopName}店主`, phone });
        let shopId = '';
        if (i > 0) {
          const r = await a.client.post<Shop>('/api/shops', {
            name: shopName,
            uscc: uscc(i),
            address: `豫园路 ${10 + i} 号`,
            lat: centre.lat + 0.0004 * i,
            lng: centre.lng - 0.0004 * i,
            category: 'catering',
            contactName: '王店长',
            contactPhone: phone,
          });
          assert.equal(r.status, 201, JSON.stringify(r.body));
          shopId = r.body.id;
        }
        merchants.push({ username, shopName, phone, client: a.client, shopId, memberId: '' });
      }
    });
    after(async () => {
      await browser?.close();
      await tp?.close();
    });

    it('when 老庙 registers her shop on her phone with a wrong credit code, then she is told the check character is wrong, and with the right one it is registered', async () => {
      const phone = await phoneContext(browser);
      const page = await signIn(phone, tp.baseUrl, 'laomiao-e2e', { from: '/r/shops/new' });
      await page.getByTestId('shop-name-input').fill('老庙黄金豫园店');
      const right = uscc(0);
      const wrong = right.slice(0, 17) + (right[17] === '0' ? '1' : '0');
      await page.getByTestId('shop-uscc-input').fill(wrong);
      await page.getByTestId('shop-address-input').fill('豫园路 10 号');
      await choose(page, 'shop-category-select', '零售');
      await page.getByTestId('shop-contact-name-input').fill('李店长');
      await page.getByTestId('shop-contact-phone-input').fill('13800000201');
      await choose(page, 'shop-street-select', '豫园街道');
      const map = page.getByTestId('shop-map');
      await map.waitFor();
      const box = (await map.boundingBox())!;
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await page.getByTestId('shop-submit').click();
      await until(async () => assert.match(await page.content(), /校验|check character/));
      await page.getByTestId('shop-uscc-input').fill(right);
      await page.getByTestId('shop-submit').click();
      await page.waitForURL(/\/r\/shops\/[0-9a-f-]{36}/);
      merchant('laomiao-e2e').shopId = page.url().split('/').pop()!;
      // it waits for the street to check her licence before it may join an alliance
      await page.getByTestId('shop-pending').waitFor();
      await noSideScroll(page);
      await page.screenshot({ path: artifact('council-shop.png') });
      await phone.close();
    });

    it('when yuyuan draws the 豫园路 block on the street outline and sets up the alliance, then it is listed with her', async () => {
      staffPage = await signIn(desk, tp.baseUrl, 'yuyuan-e2e', {
        from: '/councils',
        password: STAFF_PASSWORD,
      });
      await staffPage.getByTestId('councils-page').waitFor();
      await staffPage.getByTestId('block-create').click();
      await staffPage.getByTestId('block-name-input').fill('豫园路街区');
      await choose(staffPage, 'block-area-select', '露香居委会', '露香');
      const map = staffPage.getByTestId('block-map');
      await map.waitFor();
      await staffPage.waitForTimeout(500); // the outline is drawn
      const box = (await map.boundingBox())!;
      const at = (dx: number, dy: number) =>
        staffPage.mouse.click(box.x + box.width * (0.5 + dx), box.y + box.height * (0.5 + dy));
      await at(-0.12, -0.12);
      await at(0.12, -0.12);
      await at(0.12, 0.12);
      await at(-0.12, 0.12);
      await staffPage.getByTestId('block-submit').click();
      await until(async () => assert.match(await text(staffPage, 'councils-page'), /豫园路街区/));

      await staffPage.getByTestId('council-create').click();
      await choose(staffPage, 'council-kind-select', '商户联盟');
      await staffPage.getByTestId('council-name-input').fill('豫园路商户联盟');
      await staffPage.getByTestId('council-approvals-input').fill('2');
      await staffPage.getByTestId('council-submit').click();
      await staffPage.getByTestId('council-page').waitFor();
      councilId = (await staffPage.getByTestId('council-page').getAttribute('data-id'))!;
      assert.match(councilId, /^[0-9a-f-]{36}$/);
      const yuyuan = await tp.login('yuyuan-e2e', STAFF_PASSWORD);
      const council = await yuyuan.get<Council>(`/api/councils/${councilId}`);
      assert.equal(council.status, 200);
      assert.equal(council.body.kind, 'merchant_alliance');
      assert.equal(council.body.rules.expenseApprovals, 2);
      blockId = council.body.block.id;
      await staffPage.screenshot({ path: artifact('council-created.png') });
    });

    it('when yuyuan verifies the merchants’ shops, adds 南翔 with its owner as chair, and the other shops join from their accounts, then the members are listed as merchants', async () => {
      // the shops their owners registered wait under 商户 → 只看待核验; 老庙's is verified there
      await staffPage.goto(`${tp.baseUrl}/shops`);
      await staffPage.getByTestId('shops-page').waitFor();
      await staffPage.getByTestId('shops-unverified-only').click();
      const laomiao = merchant('laomiao-e2e').shopId;
      const row = staffPage.locator(`[data-testid="shop-row"][data-id="${laomiao}"]`);
      await row.getByTestId('shop-unverified').waitFor();
      await staffPage.locator(`[data-testid="shop-verify"][data-id="${laomiao}"]`).click();
      await confirm(staffPage, 'shop-verify-submit');
      await until(async () => assert.equal(await row.count(), 0, 'gone from the unverified list'));
      const yuyuan = await tp.login('yuyuan-e2e', STAFF_PASSWORD);
      for (const m of merchants.filter((x) => x.username !== 'laomiao-e2e')) {
        const r = await yuyuan.post<Shop>(`/api/shops/${m.shopId}/verify`, {});
        assert.equal(r.status, 200, JSON.stringify(r.body));
      }
      await staffPage.goto(`${tp.baseUrl}/councils/${councilId}`);
      await staffPage.getByTestId('council-page').waitFor();
      await staffPage.getByTestId('council-tab-members').click();
      await staffPage.getByTestId('member-add').click();
      await choose(staffPage, 'member-kind-select', '商户');
      await choose(staffPage, 'member-shop-select', '南翔馒头店', '南翔');
      await staffPage.getByTestId('member-phone-input').fill(merchant('nanxiang-e2e').phone);
      await staffPage.getByTestId('member-phone-find').click();
      await choose(staffPage, 'member-role-select', '主任');
      await staffPage.getByTestId('member-submit').click();
      await until(async () => assert.equal(await staffPage.getByTestId('member-row').count(), 1));
      // 老庙 joins from her phone, the other two through the API
      const phone = await phoneContext(browser);
      const page = await signIn(phone, tp.baseUrl, 'laomiao-e2e', {
        from: `/r/shops/${merchant('laomiao-e2e').shopId}`,
      });
      await page.locator(`[data-testid="shop-join"][data-council-id="${councilId}"]`).click();
      await until(async () => assert.match(await page.content(), /豫园路商户联盟/));
      await phone.close();
      for (const username of ['wufangzhai-e2e', 'lvbolang-e2e']) {
        const m = merchant(username);
        const r = await m.client.post<CouncilMember>(`/api/councils/${councilId}/join`, {
          shopId: m.shopId,
        });
        assert.equal(r.status, 201, JSON.stringify(r.body));
      }
      await staffPage.reload();
      await staffPage.getByTestId('council-tab-members').click();
      await until(async () => assert.equal(await staffPage.getByTestId('member-row').count(), 4));
      const members = await merchant('nanxiang-e2e').client.get<{ items: CouncilMember[] }>(
        `/api/councils/${councilId}/members`,
      );
      assert.equal(members.status, 200);
      for (const m of merchants) {
        const row = members.body.items.find((i) => i.shopId === m.shopId);
        assert.ok(row, `${m.shopName} is a member`);
        assert.equal(row.kind, 'merchant');
        m.memberId = row.id;
      }
      // a stranger does not learn the alliance exists
      const stranger = (await signedUpAccount(tp)).client;
      assert.equal((await stranger.get(`/api/councils/${councilId}`)).status, 404);
    });

    it('when yuyuan opens an election of 2 directors among the 4 and the members vote, 老庙 on her phone, then 五芳斋 and 绿波廊 are elected and become directors', async () => {
      await staffPage.getByTestId('council-tab-votes').click();
      await staffPage.getByTestId('vote-create').click();
      await staffPage.getByTestId('cvote-kind-election').click();
      await staffPage.getByTestId('cvote-title-input').fill('第一届理事选举');
      for (const m of merchants) await choose(staffPage, 'cvote-candidates-select', m.shopName);
      await staffPage.keyboard.press('Escape');
      await staffPage.getByTestId('cvote-seats-input').fill('2');
      await choose(staffPage, 'cvote-tie-select', '入会时间早者当选');
      await staffPage.getByTestId('cvote-submit').click();
      const card = staffPage.getByTestId('cvote-card').first();
      await until(async () => assert.equal(await card.getAttribute('data-state'), 'draft'));
      electionId = (await card.getAttribute('data-id'))!;
      await card.getByTestId('cvote-open').click();
      await confirm(staffPage, 'cvote-confirm-ok');
      await until(async () => assert.equal(await card.getAttribute('data-state'), 'open'));

      const election = await merchant('nanxiang-e2e').client.get<{
        candidates: { no: number; memberId: string }[];
      }>(`/api/council-votes/${electionId}`);
      const no = (username: string) =>
        election.body.candidates.find((c) => c.memberId === merchant(username).memberId)!.no;

      const phone = await phoneContext(browser);
      const page = await signIn(phone, tp.baseUrl, 'laomiao-e2e', {
        from: `/r/council-votes/${electionId}`,
      });
      await page.getByTestId('ballot-page').waitFor();
      const tick = (username: string) =>
        page.locator(`[data-testid="ballot-candidate"][data-no="${no(username)}"]`).click();
      await tick('wufangzhai-e2e');
      await tick('lvbolang-e2e');
      await until(async () => assert.match(await text(page, 'ballot-count'), /2\s*\/\s*最多\s*2/));
      await noSideScroll(page);
      await page.getByTestId('ballot-submit').click();
      await until(async () => assert.match(await text(page, 'ballot-receipt'), /1/));
      await page.screenshot({ path: artifact('council-ballot.png') });
      await phone.close();

      const cast = async (username: string, approve: string[]) => {
        const r = await merchant(username).client.post(`/api/council-votes/${electionId}/ballot`, {
          approve: approve.map(no),
        });
        assert.equal(r.status, 201, JSON.stringify(r.body));
      };
      await cast('nanxiang-e2e', ['wufangzhai-e2e', 'lvbolang-e2e']);
      await cast('wufangzhai-e2e', ['wufangzhai-e2e', 'nanxiang-e2e']);
      // a second ballot from one member is refused
      const again = await merchant('wufangzhai-e2e').client.post(
        `/api/council-votes/${electionId}/ballot`,
        { approve: [no('lvbolang-e2e')] },
      );
      assert.equal(again.status, 409);
      await cast('lvbolang-e2e', ['lvbolang-e2e']);

      await card.getByTestId('cvote-close').click();
      await confirm(staffPage, 'cvote-confirm-ok');
      await until(async () => assert.equal(await card.getAttribute('data-state'), 'closed'));
      await card.getByTestId('cvote-publish').click();
      await confirm(staffPage, 'cvote-confirm-ok');
      await until(async () => assert.equal(await card.getAttribute('data-state'), 'published'));
      const elected = async (username: string) =>
        card
          .locator(`[data-testid="cvote-candidate-row"][data-no="${no(username)}"]`)
          .getAttribute('data-elected');
      assert.equal(await elected('wufangzhai-e2e'), 'true');
      assert.equal(await elected('lvbolang-e2e'), 'true');
      assert.equal(await elected('nanxiang-e2e'), 'false');
      await staffPage.screenshot({ path: artifact('council-election.png') });
      const me = await merchant('wufangzhai-e2e').client.get<Council>(`/api/councils/${councilId}`);
      assert.equal(me.body.me?.role, 'director');
      const chair = await merchant('nanxiang-e2e').client.get<Council>(
        `/api/councils/${councilId}`,
      );
      assert.equal(chair.body.me?.role, 'chair');
    });

    it('when yuyuan publishes the shop-sign guideline with two experts, 老庙 applies on her phone, and both experts approve, then the application is approved', async () => {
      await staffPage.getByTestId('council-tab-guidelines').click();
      await staffPage.getByTestId('guideline-create').click();
      await staffPage.getByTestId('guideline-title-input').fill('豫园路店招店牌设置导则');
      await staffPage
        .getByTestId('guideline-body-input')
        .fill('店招店牌须与老街风貌协调，材质以木质、铜质为主，尺寸不超过门面宽度的三分之二。');
      for (const [name, org] of [
        ['lvhua', '黄浦区绿化市容局'],
        ['guihua', '社区规划师'],
      ] as const) {
        await staffPage.getByTestId('guideline-reviewer-phone').fill(expertPhones[name]);
        await staffPage.getByTestId('guideline-reviewer-org').fill(org);
        await staffPage.getByTestId('guideline-reviewer-add').click();
      }
      await staffPage.getByTestId('guideline-approvals-input').fill('2');
      await staffPage.getByTestId('guideline-submit').click();
      const guideline = staffPage.getByTestId('guideline-card').first();
      await guideline.waitFor();
      guidelineId = (await guideline.getAttribute('data-id'))!;

      const phone = await phoneContext(browser);
      const page = await signIn(phone, tp.baseUrl, 'laomiao-e2e', {
        from: `/r/guidelines/${guidelineId}`,
      });
      await page.getByTestId('guideline-page').waitFor();
      await page.getByTestId('apply-start').click();
      await page.getByTestId('apply-title-input').fill('老庙黄金店招更新');
      await page.getByTestId('apply-description-input').fill('更换为木质匾额，金色字，宽 3 米。');
      const png = Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
        'base64',
      );
      await page
        .getByTestId('apply-photos-upload')
        .locator('input[type=file]')
        .setInputFiles({ name: '现状.png', mimeType: 'image/png', buffer: png });
      await page
        .getByTestId('apply-design-upload')
        .locator('input[type=file]')
        .setInputFiles({ name: '设计图.png', mimeType: 'image/png', buffer: png });
      const map = page.getByTestId('apply-map');
      await map.waitFor();
      const box = (await map.boundingBox())!;
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await page.getByTestId('apply-submit').click();
      await until(async () =>
        assert.equal(
          await page.getByTestId('application-state').getAttribute('data-state'),
          'submitted',
        ),
      );
      const yuyuan = await tp.login('yuyuan-e2e', STAFF_PASSWORD);
      const apps = await yuyuan.get<{ items: { id: string }[] }>(
        `/api/guidelines/${guidelineId}/applications`,
      );
      applicationId = apps.body.items[0]!.id;

      // 绿化市容局 at her desk, the planner on his phone
      const expertDesk = await browser.newContext({ viewport: DESK, locale: 'zh-CN' });
      const lvhua = await signIn(expertDesk, tp.baseUrl, 'lvhua-e2e', {
        from: '/reviews',
        password: STAFF_PASSWORD,
      });
      const cardOf = (p: Page) =>
        p.locator(`[data-testid="review-card"][data-id="${applicationId}"]`);
      await cardOf(lvhua).getByTestId('review-approve').click();
      await cardOf(lvhua).getByTestId('review-submit').click();
      await until(async () => assert.equal(await cardOf(lvhua).count(), 0));
      await expertDesk.close();
      const plannerPhone = await phoneContext(browser);
      const guihua = await signIn(plannerPhone, tp.baseUrl, 'guihua-e2e', {
        from: '/r/reviews',
        password: STAFF_PASSWORD,
      });
      await cardOf(guihua).getByTestId('review-approve').click();
      await cardOf(guihua).getByTestId('review-submit').click();
      await until(async () => assert.equal(await cardOf(guihua).count(), 0));
      await plannerPhone.close();

      await page.reload();
      await until(async () =>
        assert.equal(
          await page.getByTestId('application-state').getAttribute('data-state'),
          'approved',
        ),
      );
      await page.screenshot({ path: artifact('council-application.png') });
      await phone.close();
    });

    it('when the chair records a contribution and an expense with its receipt and two directors approve, then every member sees the balance', async () => {
      // the chair records the contribution through the API, yuyuan the expense at her desk
      const chair = merchant('nanxiang-e2e').client;
      const contribution = await chair.post(`/api/councils/${councilId}/fund/entries`, {
        kind: 'contribution',
        memberId: merchant('laomiao-e2e').memberId,
        amountFen: 50_000,
        note: '老庙黄金 2026 年度会费',
      });
      assert.equal(contribution.status, 201, JSON.stringify(contribution.body));

      await staffPage.getByTestId('council-tab-fund').click();
      await until(async () => assert.match(await text(staffPage, 'fund-balance'), /500\.00/));
      await staffPage.getByTestId('fund-record').click();
      await choose(staffPage, 'fund-kind-select', '支出申请');
      await staffPage.getByTestId('fund-amount-input').fill('120.00');
      await staffPage.getByTestId('fund-note-input').fill('购买绿植 6 盆');
      await staffPage
        .getByTestId('fund-receipt-upload')
        .locator('input[type=file]')
        .setInputFiles({
          name: '发票.png',
          mimeType: 'image/png',
          buffer: Buffer.from(
            'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
            'base64',
          ),
        });
      await confirm(staffPage, 'fund-submit');
      await until(async () =>
        assert.equal(await staffPage.getByTestId('fund-entry-row').count(), 2),
      );
      const expenseSeq = 2;
      for (const username of ['wufangzhai-e2e', 'lvbolang-e2e']) {
        const r = await merchant(username).client.post(
          `/api/councils/${councilId}/fund/expenses/${expenseSeq}/decision`,
          { decision: 'approve' },
        );
        assert.equal(r.status, 201, JSON.stringify(r.body));
      }
      await staffPage.reload();
      await staffPage.getByTestId('council-tab-fund').click();
      await until(async () => assert.match(await text(staffPage, 'fund-balance'), /380\.00/));
      await staffPage.getByTestId('fund-verify').click();
      await until(async () => assert.match(await text(staffPage, 'fund-verify-result'), /4/));
      await staffPage.screenshot({ path: artifact('council-fund.png') });

      // every member sees the balance and every entry: 老庙 and 绿波廊 on their phones
      for (const username of ['laomiao-e2e', 'lvbolang-e2e']) {
        const phone = await phoneContext(browser);
        const page = await signIn(phone, tp.baseUrl, username, {
          from: `/r/councils/${councilId}/fund`,
        });
        await page.getByTestId('fund-page').waitFor();
        await until(async () => assert.match(await text(page, 'fund-balance'), /380\.00/));
        await until(async () => assert.equal(await page.getByTestId('fund-entry-row').count(), 4));
        await noSideScroll(page);
        if (username === 'laomiao-e2e')
          await page.screenshot({ path: artifact('council-fund-phone.png') });
        await phone.close();
      }
      const stranger = (await signedUpAccount(tp)).client;
      assert.equal((await stranger.get(`/api/councils/${councilId}/fund`)).status, 404);
    });

    it('when 老庙 offers a rest area for street cleaners, then anyone sees it on the public map without signing in', async () => {
      const r = await merchant('laomiao-e2e').client.post(`/api/councils/${councilId}/offers`, {
        side: 'offer',
        memberId: merchant('laomiao-e2e').memberId,
        category: 'rest_area',
        title: '老庙黄金爱心休息区',
        description: '饮水、充电、微波炉',
        lat: centre.lat,
        lng: centre.lng,
        openingHours: '00:00-23:59',
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const anyone = await phoneContext(browser);
      const page = await anyone.newPage();
      await page.goto(`${tp.baseUrl}/rest-areas?block=${blockId}`);
      await page.getByTestId('rest-map-page').waitFor();
      const row = page.locator(`[data-testid="rest-area-row"][data-id="${r.body.id}"]`);
      await until(async () => assert.match((await row.textContent()) ?? '', /00:00-23:59/));
      assert.equal(await row.getByTestId('rest-area-open-now').count(), 1);
      assert.doesNotMatch(await page.content(), /13800000201/);
      await noSideScroll(page);
      await page.screenshot({ path: artifact('council-rest-areas.png') });
      await anyone.close();
    });
  },
);
