import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import type { TestPlatform } from '../apps/server/src/testing.js';
import {
  artifact,
  browserMissing,
  choose,
  DESK,
  PHONE,
  phoneContext,
  signIn,
  startWithDemoResidents,
  until,
} from './browser.js';

const skip = browserMissing();
const STAFF_LOG = '今日居委会走访独居老人 12 户，情况均正常。';
const VOLUNTEER_LOG = '今天在 2 号门值守测温，有事请打 13812345678 找我。';

describe(
  'browser journey: yunnan posts a log and appoints linxia; linxia posts from her phone; chenyu praises and comments',
  { skip: skip ?? false },
  () => {
    let tp: TestPlatform;
    let browser: Browser;
    let desk: BrowserContext;
    let linxiaPhone: BrowserContext;
    let chenyuPhone: BrowserContext;
    let volunteerLogUrl = '';

    before(async () => {
      [tp, browser] = await startWithDemoResidents();
      desk = await browser.newContext({ viewport: DESK, locale: 'zh-CN' });
      linxiaPhone = await phoneContext(browser);
      chenyuPhone = await phoneContext(browser);
    });
    after(async () => {
      await browser?.close();
      await tp?.close();
    });

    async function noSideScroll(page: Page) {
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= PHONE.width, `no horizontal scroll (scrollWidth ${width})`);
    }

    it('when yunnan writes a work log with a photo and appoints linxia, then both show on 社区日志', async () => {
      const page = await signIn(desk, tp.baseUrl, 'yunnan', { from: '/daily-logs' });
      await page.getByTestId('daily-logs-page').waitFor();
      await page.getByTestId('nav-daily-logs').waitFor();
      await page.getByTestId('daily-log-new').click();
      await page.getByTestId('daily-log-kind-work').click();
      await page.getByTestId('daily-log-body').fill(STAFF_LOG);
      const jpeg = await sharp({
        create: { width: 320, height: 240, channels: 3, background: { r: 60, g: 140, b: 80 } },
      })
        .jpeg()
        .toBuffer();
      await page
        .getByTestId('daily-log-photo-upload')
        .locator('input[type=file]')
        .setInputFiles({ name: 'visit.jpg', mimeType: 'image/jpeg', buffer: jpeg });
      await until(async () =>
        assert.equal(await page.locator('.ant-upload-list-item-done').count(), 1),
      );
      await page.getByTestId('daily-log-submit').click();
      const first = page.getByTestId('daily-log-item').first();
      await until(async () => assert.match((await first.innerText()) ?? '', /走访独居老人/));
      assert.equal(await first.getByTestId('daily-log-photos').locator('img').count(), 1);
      // linxia, a verified resident of 云南中路, becomes a 志愿者日志 author
      await page.getByTestId('daily-log-appoint').click();
      await choose(page, 'daily-log-appoint-person', '居民', 'linxia');
      await page.getByTestId('daily-log-appoint-submit').click();
      await until(async () =>
        assert.match(await page.getByTestId('daily-log-authors').innerText(), /志愿者日志/),
      );
      await page.screenshot({ path: artifact('daily-logs-staff.png') });
    });

    it('when linxia opens 社区日志 on her phone, then she writes a volunteer log and her phone number is masked', async () => {
      const page = await signIn(linxiaPhone, tp.baseUrl, 'linxia', { from: '/r/logs' });
      await page.getByTestId('resident-logs').waitFor();
      await page.getByTestId('daily-log-new').click();
      await page.getByTestId('daily-log-new-page').waitFor();
      await noSideScroll(page);
      await page.getByTestId('daily-log-body').fill(VOLUNTEER_LOG);
      await page.getByTestId('daily-log-submit').click();
      await page.getByTestId('daily-log-page').waitFor();
      volunteerLogUrl = new URL(page.url()).pathname;
      assert.match(volunteerLogUrl, /^\/r\/logs\/[0-9a-f-]{36}$/);
      const text = await page.getByTestId('daily-log-text').innerText();
      assert.ok(text.includes('138****5678'), text);
      assert.ok(!text.includes('13812345678'), text);
      assert.equal(await page.getByTestId('daily-log-praise-count').innerText(), '0');
    });

    it('when chenyu reads the logs from her home page, then she praises and comments, and linxia sees the praise', async () => {
      const page = await signIn(chenyuPhone, tp.baseUrl, 'chenyu', { from: '/r' });
      await page.getByTestId('daily-logs-entry').click();
      await page.getByTestId('resident-logs').waitFor();
      await noSideScroll(page);
      assert.equal(await page.getByTestId('daily-log-new').count(), 0, 'a reader writes no log');
      const items = page.getByTestId('daily-log-item');
      await until(async () => assert.equal(await items.count(), 2));
      // newest first: linxia's, then yunnan's
      assert.match(await items.nth(0).innerText(), /2 号门值守/);
      assert.match(await items.nth(1).innerText(), /走访独居老人/);
      await page.screenshot({ path: artifact('daily-logs-resident.png') });
      await items.nth(0).getByTestId('daily-log-open').click();
      await page.getByTestId('daily-log-page').waitFor();
      await page.getByTestId('daily-log-praise').click();
      await until(async () =>
        assert.equal(await page.getByTestId('daily-log-praise-count').innerText(), '1'),
      );
      await page.getByTestId('comment-composer-input').fill('辛苦了，谢谢志愿者！');
      await page.getByTestId('comment-composer-submit').click();
      await until(async () =>
        assert.match(await page.getByTestId('comment-thread').innerText(), /谢谢志愿者/),
      );
      await noSideScroll(page);
      await page.screenshot({ path: artifact('daily-log-resident-detail.png') });
      const author = await linxiaPhone.newPage();
      await author.goto(`${tp.baseUrl}${volunteerLogUrl}`);
      await author.getByTestId('daily-log-page').waitFor();
      await until(async () =>
        assert.equal(await author.getByTestId('daily-log-praise-count').innerText(), '1'),
      );
    });
  },
);
