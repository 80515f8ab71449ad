import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { seedDemoAddresses } from '../apps/server/src/demo/seed-addresses.js';
import { startTestPlatform, type TestPlatform } from '../apps/server/src/testing.js';
import { artifact, browserMissing, DESK, launchBrowser, PHONE, signIn } from './browser.js';

const skip = browserMissing();

async function photo() {
  const buffer = await sharp({
    create: { width: 320, height: 240, channels: 3, background: { r: 90, g: 120, b: 160 } },
  })
    .jpeg()
    .toBuffer();
  return { name: 'photo.jpg', mimeType: 'image/jpeg', buffer };
}

describe(
  'browser journey: a typed address places the report, on a phone without position and at the 12345 desk',
  { skip: skip ?? false },
  () => {
    let tp: TestPlatform;
    let browser: Browser;
    /** 南京东路720号 as the demo file places it */
    let door: { lat: number; lng: number };

    before(async () => {
      [tp, browser] = await Promise.all([
        startTestPlatform('pglite', { loginsPerMinutePerIp: 1000, jobPollMs: 200 }),
        launchBrowser(),
      ]);
      // the demo street's door numbers, as the demo city's first start imports them
      assert.equal(await seedDemoAddresses(tp.platform.deps), true);
      const row = await tp.platform.database.db
        .selectFrom('addresses')
        .select(['lat', 'lng'])
        .where('label', '=', '南京东路720号')
        .executeTakeFirstOrThrow();
      door = row;
    });
    after(async () => {
      await browser?.close();
      await tp?.close();
    });

    /** The address box's text field (the test id sits on it or on its wrapper) */
    const addressBox = (page: Page) =>
      page
        .locator(
          'input[data-testid="report-address-search-input"], [data-testid="report-address-search-input"] input',
        )
        .first();

    /** The case a report page filed, by the number it showed. */
    async function filed(page: Page) {
      const number = (await page.getByTestId('report-success-number').textContent())!.trim();
      return tp.platform.database.db
        .selectFrom('cases')
        .select(['lat', 'lng', 'address', 'source'])
        .where('number', '=', number)
        .executeTakeFirstOrThrow();
    }

    /** The scenario, its fields and a sentence: the rest of a fire-exit report. */
    async function describeFireExit(page: Page) {
      await page.getByTestId('report-scenario-search').fill('消防');
      await page.getByTestId('report-scenario-option-fire-exit-blocked').click();
      await page.getByTestId('report-field-exit_location').fill('商场东侧安全出口');
      await page.getByTestId('report-field-blocked_by-goods').click();
      await page.getByTestId('report-description').fill('安全出口被货物堵住，无法打开');
    }

    it('when an inspector whose phone gives no position types "南京东路720" and picks the address with the keyboard, then the point is set and the report files there', async () => {
      // no geolocation permission: the phone's position is refused
      const context: BrowserContext = await browser.newContext({
        viewport: PHONE,
        locale: 'zh-CN',
        isMobile: true,
        hasTouch: true,
      });
      const page = await signIn(context, tp.baseUrl, 'inspector', { from: '/report' });
      await page.getByTestId('report-page').waitFor();
      await addressBox(page).fill('南京东路720');
      const option = page.locator(
        '[data-testid="report-address-search-option"][data-label="南京东路720号"]',
      );
      await option.waitFor();
      // the exact door number is the first option: Enter takes it
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.getByTestId('report-area-name').filter({ hasText: '南京东路街道' }).waitFor();
      assert.equal(await page.getByTestId('report-address').inputValue(), '南京东路720号');
      await page.getByTestId('report-photo-input').setInputFiles(await photo());
      await page.locator('[data-testid="photo-item"][data-status="done"]').first().waitFor();
      await describeFireExit(page);
      await page.screenshot({ path: artifact('address-search-report.png'), fullPage: true });
      await page.getByTestId('report-submit').click();
      const c = await filed(page);
      assert.equal(c.address, '南京东路720号');
      assert.ok(Math.abs(c.lat! - door.lat) < 1e-6 && Math.abs(c.lng! - door.lng) < 1e-6);
      assert.equal(c.source, 'inspector');
      await context.close();
    });

    it('when a 12345 operator types "南京东路 720 号" in the hotline form and clicks the address, then the call is filed at that point', async () => {
      const context = await browser.newContext({ viewport: DESK, locale: 'zh-CN' });
      const page = await signIn(context, tp.baseUrl, 'hotline', { from: '/report' });
      await page.getByTestId('report-caller').waitFor();
      await addressBox(page).fill('南京东路 720 号');
      await page
        .locator('[data-testid="report-address-search-option"][data-label="南京东路720号"]')
        .click();
      await page.getByTestId('report-area-name').filter({ hasText: '南京东路街道' }).waitFor();
      assert.equal(await page.getByTestId('report-address').inputValue(), '南京东路720号');
      await page.getByTestId('report-caller-name').fill('王先生');
      await page.getByTestId('report-caller-phone').fill('13912345678');
      await describeFireExit(page);
      await page.screenshot({ path: artifact('address-search-hotline.png'), fullPage: true });
      // the inspector's report at the same door is offered first: this call is a new one
      await page.getByTestId('nearby-list').waitFor();
      await page.getByTestId('nearby-report-new').click();
      const c = await filed(page);
      assert.equal(c.address, '南京东路720号');
      assert.ok(Math.abs(c.lat! - door.lat) < 1e-6 && Math.abs(c.lng! - door.lng) < 1e-6);
      assert.equal(c.source, 'hotline');
      await context.close();
    });

    it('when the street operator chooses "南京东路720号" in the case centre, then the map opens on its committee with the cases there', async () => {
      const context = await browser.newContext({ viewport: DESK, locale: 'zh-CN' });
      const page = await signIn(context, tp.baseUrl, 'nanjingdong', { from: '/cases' });
      await page.getByTestId('cases-page').waitFor();
      await page
        .locator(
          'input[data-testid="cases-address-search-input"], [data-testid="cases-address-search-input"] input',
        )
        .first()
        .fill('南京东路720');
      await page
        .locator('[data-testid="cases-address-search-option"][data-label="南京东路720号"]')
        .click();
      await page.getByTestId('cases-map').waitFor();
      await page.screenshot({ path: artifact('address-search-cases.png'), fullPage: true });
      await context.close();
    });
  },
);
