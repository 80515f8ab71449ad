import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { fakeResidentId } from '../apps/server/src/modules/registry/index.js';
import { startTestPlatform, type Client, type TestPlatform } from '../apps/server/src/testing.js';
import {
  artifact,
  browserMissing,
  choose,
  DESK,
  launchBrowser,
  PHONE,
  phoneContext,
  signIn,
  until,
} from './browser.js';

const skip = browserMissing();
const COMMITTEE = '310101002001';
const COMPOUND = '云南中路花园';
const NEWCOMER = { name: '林晓雯', phone: '13912345678', id: '' };

const csv = (head: string, rows: string[]) => `\uFEFF${head}\n${rows.join('\n')}\n`;

/** A registry import through the API, waited for. */
async function importDone(c: Client, kind: string, content: string) {
  const fd = new FormData();
  fd.append('file', new Blob([content]), `${kind}.csv`);
  const r = await c.post(`/api/registry/imports?kind=${kind}&committee=${COMMITTEE}`, fd);
  assert.equal(r.status, 202, JSON.stringify(r.body));
  await until(async () => {
    const s = await c.get(`/api/registry/imports/${r.body.id}`);
    assert.equal(s.body.status, 'done', JSON.stringify(s.body));
  });
}

describe(
  'browser journey on a phone: a new resident of 云南中路 joins, is verified, reads a notice and gets a certificate anyone can check',
  { skip: skip ?? false },
  () => {
    let tp: TestPlatform;
    let browser: Browser;
    let staff: Client;
    let phone: BrowserContext;
    let desk: BrowserContext;
    let noticeId = '';

    before(async () => {
      [tp, browser] = await Promise.all([
        startTestPlatform('pglite', { loginsPerMinutePerIp: 1000, jobPollMs: 200 }),
        launchBrowser(),
      ]);
      staff = await tp.login('yunnan');
      NEWCOMER.id = fakeResidentId('310101', '1991-06-18', 'female', () => 0.4242);
      // the committee's registry: the newcomer is on record in 3号楼 2单元 502
      await importDone(
        staff,
        'housing',
        csv('小区,楼栋,单元,室号,楼层,建筑面积,用途,产权,居住状态', [
          `${COMPOUND},3号楼,2单元,501,5,72,住宅,私有,自住`,
          `${COMPOUND},3号楼,2单元,502,5,72,住宅,私有,自住`,
        ]),
      );
      await importDone(
        staff,
        'residents',
        csv(
          '姓名,证件类型,证件号码,手机号,出生日期,性别,户籍类型,国籍,小区,楼栋,单元,室号,户号,与户主关系,标签',
          [
            `${NEWCOMER.name},居民身份证,${NEWCOMER.id},,,,本市户籍,,${COMPOUND},3号楼,2单元,502,J-502,户主,`,
          ],
        ),
      );
      phone = await phoneContext(browser);
      desk = await browser.newContext({ viewport: DESK, locale: 'zh-CN' });
    });
    after(async () => {
      await browser?.close();
      await tp?.close();
    });

    /** The newest code texted to `to`, read from the 短信发件箱 as the city operator reads it. */
    async function codeTextedTo(masked: string): Promise<string> {
      const city = await tp.login('city');
      return until(async () => {
        const outbox = await city.get('/api/sms-outbox?page=1&pageSize=20');
        const text = outbox.body.items.find(
          (m: { to: string; body: string }) => m.to === masked && m.body.includes('验证码'),
        )?.body as string | undefined;
        const code = text?.match(/验证码\s*(\d{6})/)?.[1];
        assert.ok(code, 'the code is in the outbox');
        return code;
      });
    }

    async function staffPage(username: string): Promise<Page> {
      const page = await signIn(desk, tp.baseUrl, username);
      await page.getByTestId('home-page').waitFor();
      return page;
    }

    it('when a newcomer signs up with the code from the outbox, then she is signed in to the residents’ app, not yet verified', async () => {
      const page = await phone.newPage();
      await page.goto(`${tp.baseUrl}/join`);
      await page.getByTestId('phone-input').fill(NEWCOMER.phone);
      await page.getByTestId('send-code').click();
      const code = await codeTextedTo('139****5678');
      await page.getByTestId('code-input').fill(code);
      await page.getByTestId('join-name').fill(NEWCOMER.name);
      await page.getByTestId('join-password').fill('wo-de-xin-jia-502');
      await page.getByTestId('join-consent').check();
      await page.getByTestId('join-submit').click();
      await page.getByTestId('me-card').waitFor();
      assert.match((await page.getByTestId('me-phone').textContent()) ?? '', /139\*{4}5678/);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= PHONE.width, `no horizontal scroll (scrollWidth ${width})`);
      await page.screenshot({ path: artifact('resident-joined.png') });
    });

    it('when she asks to be verified in her room and 云南中路 approves, then she holds the resident role and sees her household', async () => {
      const page = phone.pages()[0]!;
      await page.goto(`${tp.baseUrl}/r/verify`);
      await page.getByTestId('verify-form').waitFor();
      await choose(page, 'verify-compound', COMPOUND, '云南中路');
      await choose(page, 'verify-building', '3号楼');
      await choose(page, 'verify-unit', '2单元');
      await choose(page, 'verify-room', '502');
      await page.getByTestId('verify-relation-owner').click();
      await page.getByTestId('verify-name').fill(NEWCOMER.name);
      await page.getByTestId('verify-id').fill(NEWCOMER.id);
      await page.getByTestId('verify-submit').click();
      await page.getByTestId('verify-pending').waitFor();
      await page.screenshot({ path: artifact('resident-verify-pending.png') });

      const office = await staffPage('yunnan');
      await office.goto(`${tp.baseUrl}/verifications`);
      const match = office.getByTestId('verification-match').first();
      await match.waitFor();
      const shown = (await office.getByTestId('verifications-page').textContent()) ?? '';
      assert.ok(!shown.includes(NEWCOMER.id), 'the ID number is never shown to staff');
      assert.ok(!shown.includes(NEWCOMER.name), 'the name is masked in the queue');
      await office.getByTestId('verification-approve').first().click();
      await office.getByTestId('verification-approve').first().waitFor({ state: 'detached' });
      await office.screenshot({ path: artifact('verifications-approved.png') });

      await page.goto(`${tp.baseUrl}/r/household`);
      await page.getByTestId('household-members').waitFor();
      const roles = await page.evaluate(async () => (await fetch('/api/auth/me')).json());
      assert.ok(
        roles.roles.some((r: { role: string }) => r.role === 'resident'),
        JSON.stringify(roles),
      );
    });

    it('when 云南中路 publishes a notice and she opens it, then the read count goes up by one', async () => {
      const published = await staff.post('/api/announcements', {
        title: '关于3号楼外墙维修的通知',
        body: '**12月8日起**，3号楼外墙维修，请勿在楼下停放非机动车。',
        targets: { areaCodes: [COMMITTEE], buildingIds: [] },
      });
      assert.equal(published.status, 201, JSON.stringify(published.body));
      noticeId = published.body.id;
      const office = desk.pages()[0]!;
      await office.goto(`${tp.baseUrl}/notices/${noticeId}`);
      const read = office.getByTestId('reads-read');
      await until(async () => {
        await office.reload();
        await read.waitFor();
        assert.equal(
          (await office.getByTestId('reads-targeted').textContent())?.match(/\d+/)?.[0],
          '1',
        );
      });
      assert.match((await read.textContent()) ?? '', /0/);

      const page = phone.pages()[0]!;
      await page.goto(`${tp.baseUrl}/r`);
      const item = page.getByTestId('feed-item').filter({ hasText: '外墙维修' });
      await until(async () => {
        await page.reload();
        await item.waitFor({ timeout: 2000 });
      });
      assert.equal(await item.getAttribute('data-read'), 'false');
      await item.click();
      await page.getByTestId('resident-notice').waitFor();
      assert.ok(
        await page
          .locator('[data-testid="resident-notice"] strong')
          .filter({ hasText: '12月8日起' })
          .count(),
        'the Markdown subset is rendered',
      );
      await page.screenshot({ path: artifact('resident-notice.png') });

      await until(async () => {
        await office.reload();
        await read.waitFor();
        assert.equal((await read.textContent())?.match(/\d+/)?.[0], '1');
      });
      await office.screenshot({ path: artifact('notice-reads.png') });
    });

    it('when she asks for a 居住证明 and 云南中路 issues it, then she downloads the PDF and the public page confirms it', async () => {
      const page = phone.pages()[0]!;
      await page.goto(`${tp.baseUrl}/r/affairs`);
      await page.getByTestId('affair-service-residence-certificate').click();
      await page.getByTestId('affair-form').waitFor();
      await choose(page, 'affair-field-purpose', '子女就学');
      await page.getByTestId('affair-submit').click();
      await page.getByTestId('my-affair-detail').waitFor();
      const detailUrl = page.url();

      const office = desk.pages()[0]!;
      await office.goto(`${tp.baseUrl}/affairs`);
      await office.getByTestId('affairs-desk').locator('tbody tr.ant-table-row').first().click();
      await office.getByTestId('affair-accept').click();
      await office.locator('.ant-modal-footer .ant-btn-primary').click();
      await office.getByTestId('affair-complete').click();
      await office.locator('.ant-modal-footer .ant-btn-primary').click();
      // completing issues and signs the certificate: give it time when the whole suite loads the machine
      await office.getByTestId('affair-complete').waitFor({ state: 'detached', timeout: 90_000 });
      await office.screenshot({ path: artifact('affair-completed.png') });

      await page.goto(detailUrl);
      const pdfLink = page.getByTestId('affair-certificate-pdf');
      await pdfLink.waitFor();
      const pdf = await phone.request.get(
        new URL((await pdfLink.getAttribute('href'))!, tp.baseUrl).href,
      );
      assert.equal(pdf.status(), 200);
      assert.equal(pdf.headers()['content-type'], 'application/pdf');
      assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
      await page.screenshot({ path: artifact('resident-certificate.png') });

      // anyone — here a fresh browser with no session — checks the code on the public page
      const verifyHref = await page.getByTestId('affair-verify-link').getAttribute('href');
      assert.ok(verifyHref?.startsWith('/verify/'), String(verifyHref));
      const stranger = await browser.newContext({ viewport: PHONE, locale: 'zh-CN' });
      const check = await stranger.newPage();
      await check.goto(`${tp.baseUrl}${verifyHref}`);
      const result = check.getByTestId('verify-result');
      await result.waitFor();
      assert.equal(await result.getAttribute('data-verdict'), 'genuine');
      const shown = (await check.textContent('body')) ?? '';
      assert.ok(!shown.includes(NEWCOMER.name), 'the public page shows nothing of the holder');
      await check.screenshot({ path: artifact('certificate-verified.png') });

      // an altered code is not genuine, and says nothing else
      const forged = verifyHref!.slice(0, -1) + (verifyHref!.endsWith('A') ? 'B' : 'A');
      await check.goto(`${tp.baseUrl}${forged}`);
      await result.waitFor();
      assert.equal(await result.getAttribute('data-verdict'), 'notGenuine');
      await stranger.close();
    });
  },
);
