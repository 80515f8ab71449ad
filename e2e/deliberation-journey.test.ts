import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { seedDeliberation } from '../apps/server/src/demo/seed-deliberation.js';
import type { TestPlatform } from '../apps/server/src/testing.js';
import {
  artifact,
  browserMissing,
  choose,
  DESK,
  startWithDemoResidents,
  PHONE,
  phoneContext,
  signIn,
  until,
} from './browser.js';

const skip = browserMissing();
const TITLE = '在2号楼门口加装一盏路灯';
const ANSWER = '居委会已采纳：将联系物业在两周内加装路灯。';
const UPDATE = '路灯已采购，下周二安装。';

describe(
  'browser journey on a phone: a resident of 云南中路 proposes, four neighbours support it, the committee answers and reports progress',
  { skip: skip ?? false },
  () => {
    let tp: TestPlatform;
    let browser: Browser;
    let phone: BrowserContext;
    let desk: BrowserContext;
    let proposalUrl = '';
    let proposalId = '';

    before(async () => {
      [tp, browser] = await startWithDemoResidents();
      assert.ok(await seedDeliberation(tp.platform.deps), 'the demo proposals are made');
      phone = await phoneContext(browser);
      desk = await browser.newContext({ viewport: DESK, locale: 'zh-CN' });
    });
    after(async () => {
      await browser?.close();
      await tp?.close();
    });

    /** A page signed in as `username` through the sign-in page, opened at `from`. */
    const signedIn = (context: BrowserContext, username: string, from: string) =>
      signIn(context, tp.baseUrl, username, { from });

    async function noSideScroll(page: Page) {
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= PHONE.width, `no horizontal scroll (scrollWidth ${width})`);
    }

    const supporters = async (page: Page) =>
      Number(await page.getByTestId('proposal-supports').first().getAttribute('data-count'));

    it('when chenyu posts a proposal with a photo on her phone, then it opens with her as the first of 5 supporters', async () => {
      const page = await signedIn(phone, 'chenyu', '/r/together');
      await page.getByTestId('together-page').waitFor();
      await page.getByTestId('tab-together').waitFor();
      await noSideScroll(page);
      await page.screenshot({ path: artifact('together-hub.png') });
      await page.getByTestId('proposal-new').click();
      await page.getByTestId('proposal-form').waitFor();
      await page.getByTestId('proposal-title').fill(TITLE);
      await page
        .getByTestId('proposal-body')
        .fill('2号楼门口晚上很黑，老人进出容易摔倒。\n建议加装一盏路灯。<script>alert(1)</script>');
      await choose(page, 'proposal-category', '安全');
      const jpeg = await sharp({
        create: { width: 320, height: 240, channels: 3, background: { r: 30, g: 90, b: 160 } },
      })
        .jpeg()
        .toBuffer();
      await page
        .getByTestId('proposal-photo-upload')
        .locator('input[type=file]')
        .setInputFiles({ name: 'dark-entrance.jpg', mimeType: 'image/jpeg', buffer: jpeg });
      await page
        .getByTestId('proposal-photo-upload')
        .locator(
          '.ant-upload-list-item-done, .ant-upload-list-item:not(.ant-upload-list-item-uploading)',
        )
        .first()
        .waitFor();
      // a place on the committee's map: a tap in its middle (kept when it falls inside)
      const map = page.getByTestId('proposal-place-map');
      await map.waitFor();
      await page.waitForTimeout(300); // the chart's first layout
      await map.click();
      const picked = await map.getAttribute('data-value');
      await noSideScroll(page);
      await page.screenshot({ path: artifact('proposal-new.png'), fullPage: true });
      await page.getByTestId('proposal-submit').click();

      await page.getByTestId('proposal-page').waitFor();
      proposalUrl = page.url();
      proposalId = proposalUrl.split('/').pop()!;
      assert.equal(await page.getByTestId('proposal-page').getAttribute('data-state'), 'open');
      assert.equal(await supporters(page), 1);
      assert.equal(await page.getByTestId('proposal-supports').getAttribute('data-threshold'), '5');
      assert.equal(await page.locator('[data-testid="proposal-photos"] img').count(), 1);
      assert.match(
        (await page.getByTestId('proposal-body-text').textContent()) ?? '',
        /<script>alert\(1\)<\/script>/,
        'markup is shown as typed, never run',
      );
      if (picked) await page.getByTestId('proposal-place-view').waitFor();
      await noSideScroll(page);
      await page.screenshot({ path: artifact('proposal-open.png'), fullPage: true });
    });

    it('when a resident still being verified opens it, then she reads it and is told why she cannot support', async () => {
      const hejing = await phoneContext(browser);
      const page = await signedIn(hejing, 'hejing', proposalUrl.replace(tp.baseUrl, ''));
      await page.getByTestId('proposal-page').waitFor();
      await page.getByTestId('proposal-verify-prompt').waitFor();
      assert.equal(await page.getByTestId('proposal-support').count(), 0);
      await page.screenshot({ path: artifact('proposal-unverified.png'), fullPage: true });
      await hejing.close();
    });

    it('when four neighbours support it, each on her own phone, then it reaches 5 and awaits the committee', async () => {
      const neighbours = ['linxia', 'wangqiang', 'zhouli', 'liuyang'];
      for (const [i, name] of neighbours.entries()) {
        const context = await phoneContext(browser);
        const page = await signedIn(context, name, proposalUrl.replace(tp.baseUrl, ''));
        await page.getByTestId('proposal-support').click();
        // a refusal shows as a message: named, with a picture, rather than a bare count
        await until(async () => {
          const said = await page
            .locator('.ant-message')
            .innerText()
            .catch(() => '');
          assert.equal(await supporters(page), i + 2, `${name}: ${said || 'no message'}`);
        }, 30_000).catch(async (e: unknown) => {
          await page.screenshot({ path: artifact(`proposal-support-${name}.png`), fullPage: true });
          throw e;
        });
        if (i < neighbours.length - 1) await page.getByTestId('proposal-take-back').waitFor();
        else
          await until(async () =>
            assert.equal(
              await page.getByTestId('proposal-page').getAttribute('data-state'),
              'awaiting_answer',
            ),
          );
        await noSideScroll(page);
        await page.screenshot({
          path: artifact(`proposal-supported-${i + 2}.png`),
          fullPage: true,
        });
        await context.close();
      }

      const mine = phone.pages()[0]!;
      await mine.reload();
      await mine.getByTestId('proposal-page').waitFor();
      assert.equal(
        await mine.getByTestId('proposal-page').getAttribute('data-state'),
        'awaiting_answer',
      );
      assert.equal(await supporters(mine), 5);
    });

    it('when yunnan is told and answers "accepted" in 议事厅, then adds a progress update, both show on the resident’s page', async () => {
      const office = await signedIn(desk, 'yunnan', '/');
      await office.getByTestId('home-page').waitFor();
      // the committee's notice that the proposal reached the threshold
      await until(async () => {
        await office.reload();
        const bell = office.getByTestId('notices-bell');
        await bell.waitFor();
        assert.ok(Number(await bell.getAttribute('data-unread')) > 0, 'an unread notice');
      });
      await office.getByTestId('notices-bell').click();
      await office.getByTestId('notices-list').filter({ hasText: TITLE }).waitFor();
      await office.screenshot({ path: artifact('proposal-staff-notice.png') });
      await office.keyboard.press('Escape');

      await office.getByTestId('nav-proposals').click();
      await office.getByTestId('proposals-console').waitFor();
      const row = office.locator(`[data-testid="proposal-row"][data-id="${proposalId}"]`);
      await row.waitFor();
      await row.click();
      const drawer = office.getByTestId('proposal-drawer');
      await drawer.getByTestId('answer-form').waitFor();
      await drawer.getByTestId('answer-kind-accepted').click();
      await drawer.getByTestId('answer-text').fill(ANSWER);
      await drawer.getByTestId('answer-submit').click();
      await drawer.getByTestId('proposal-answer').waitFor();
      await drawer.getByTestId('update-form').waitFor();
      await drawer.getByTestId('update-text').fill(UPDATE);
      await drawer.getByTestId('update-submit').click();
      await drawer.getByTestId('proposal-update').filter({ hasText: UPDATE }).waitFor();
      await office.screenshot({ path: artifact('proposal-staff-answered.png') });

      const page = phone.pages()[0]!;
      await page.reload();
      await page.getByTestId('proposal-page').waitFor();
      assert.equal(await page.getByTestId('proposal-page').getAttribute('data-state'), 'accepted');
      const answer = page.getByTestId('proposal-answer');
      assert.equal(await answer.getAttribute('data-kind'), 'accepted');
      assert.match((await answer.textContent()) ?? '', /两周内加装路灯/);
      assert.match((await page.getByTestId('proposal-updates').textContent()) ?? '', /路灯已采购/);
      await noSideScroll(page);
      await page.screenshot({ path: artifact('proposal-answered.png'), fullPage: true });
    });

    it('when the street operator opens 议事厅’s thresholds, then the street’s bounds and 云南中路’s threshold of 5 show', async () => {
      const street = await browser.newContext({ viewport: DESK, locale: 'zh-CN' });
      const page = await signedIn(street, 'nanjingdong', '/proposals');
      await page.getByTestId('proposals-console').waitFor();
      await page.getByTestId('proposals-tab-settings').click();
      await page.getByTestId('street-settings').waitFor();
      await choose(page, 'settings-committee', '云南中路');
      await until(async () =>
        assert.match((await page.getByTestId('settings-threshold').textContent()) ?? '', /\b5\b/),
      );
      await page.keyboard.press('Escape');
      await page.screenshot({ path: artifact('proposal-thresholds.png') });
      await street.close();
    });
  },
);
