/**
 * A phone on the local network (issue 26): the server bound to all interfaces, Chromium at
 * http://<this machine's LAN address>:<port> — plain http at an address that is not localhost,
 * so not a secure context: no position, and the page must not ask for its assets over https.
 */
import assert from 'node:assert/strict';
import os from 'node:os';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestPlatform, type TestPlatform } from '../apps/server/src/testing.js';
import { artifact, browserMissing, launchBrowser, PHONE, signIn } from './browser.js';

/** The first IPv4 address of this machine that is not loopback: what a phone on the LAN dials. */
function lanAddress(): string | null {
  const found = Object.values(os.networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal);
  return found?.address ?? null;
}

const lan = lanAddress();
const skip =
  browserMissing() ?? (lan ? null : 'this machine has no LAN (non-loopback IPv4) address');

describe(
  'browser journey: a phone on the local network over plain http',
  { skip: skip ?? false },
  () => {
    let tp: TestPlatform;
    let browser: Browser;
    let origin: string;
    before(async () => {
      [tp, browser] = await Promise.all([
        startTestPlatform('pglite', { host: '0.0.0.0', loginsPerMinutePerIp: 1000 }),
        launchBrowser(),
      ]);
      origin = `http://${lan}:${new URL(tp.baseUrl).port}`;
    });
    after(async () => {
      await browser?.close();
      await tp?.close();
    });

    it('when an inspector opens the LAN address on a phone, then every asset loads over http, the position is refused, and a report with a typed address and a picked area is filed', async () => {
      const context = await browser.newContext({
        viewport: PHONE,
        locale: 'zh-CN',
        isMobile: true,
        // granted, yet no position: a page over http at a LAN address is not a secure context
        permissions: ['geolocation'],
        geolocation: { latitude: 31.2397, longitude: 121.4845 },
      });
      const blocked: string[] = [];
      context.on('requestfailed', (r) => blocked.push(`${r.url()} ${r.failure()?.errorText}`));
      context.on('response', (r) => {
        if (r.status() >= 400 && !r.url().includes('/api/'))
          blocked.push(`${r.url()} ${r.status()}`);
      });
      const asked: string[] = [];
      context.on('request', (r) => asked.push(r.url()));
      const page = await signIn(context, origin, 'inspector', { from: '/report' });
      const cspErrors: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy|Mixed Content/i.test(m.text())) cspErrors.push(m.text());
      });
      await page.waitForURL((url) => url.pathname === '/report');
      await page.getByTestId('report-page').waitFor();
      assert.equal(await page.evaluate(() => window.isSecureContext), false);
      assert.equal(await page.evaluate(() => location.origin), origin);

      // no position: the page says so and offers the area picker
      await page.getByTestId('report-location-message').waitFor();
      await page.getByTestId('report-area-picker').click();
      await page
        .locator('.ant-select-tree-treenode')
        .filter({ hasText: '南京东路街道' })
        .locator('.ant-select-tree-switcher')
        .first()
        .click();
      await page
        .locator('.ant-select-tree-title')
        .filter({ hasText: '云南中路居委会' })
        .first()
        .click();
      await page.getByTestId('report-address').fill('云南中路 171 号门口');
      await page.getByTestId('report-scenario-search').fill('消防');
      await page.getByTestId('report-scenario-option-fire-exit-blocked').click();
      await page.getByTestId('report-field-exit_location').fill('171 号东侧安全出口');
      await page.getByTestId('report-field-blocked_by-goods').click();
      await page.getByTestId('report-description').fill('安全出口被纸箱堵住');
      await page.screenshot({ path: artifact('lan-phone-report.png'), fullPage: true });
      await page.getByTestId('report-submit').click();
      const number = (await page.getByTestId('report-success-number').textContent())!.trim();
      assert.match(number, /^\d{14}$/);

      const row = await tp.platform.database.db
        .selectFrom('cases')
        .select(['address', 'area_path', 'lat'])
        .where('number', '=', number)
        .executeTakeFirstOrThrow();
      assert.equal(row.address, '云南中路 171 号门口');
      assert.match(row.area_path, /310101002001/);
      assert.equal(row.lat, null, 'no position came from the phone');

      assert.deepEqual(blocked, [], 'no asset was blocked or failed');
      assert.deepEqual(cspErrors, []);
      assert.ok(asked.length > 10);
      assert.deepEqual(
        asked.filter((u) => !u.startsWith(`${origin}/`)),
        [],
        'everything was asked of the LAN address over http (nothing upgraded to https)',
      );
      await context.close();
    });
  },
);
