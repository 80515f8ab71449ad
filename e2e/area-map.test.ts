import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { DEMO, startTestPlatform, type TestPlatform } from '../apps/server/src/testing.js';
import { artifact, browserMissing, launchBrowser } from './browser.js';

const skip = browserMissing();

describe('browser journeys: sign in and browse the city', { skip: skip ?? false }, () => {
  let tp: TestPlatform;
  let browser: Browser;
  before(async () => {
    [tp, browser] = await Promise.all([
      startTestPlatform('pglite', { loginsPerMinutePerIp: 1000 }),
      launchBrowser(),
    ]);
  });
  after(async () => {
    await browser?.close();
    await tp?.close();
  });

  async function signIn(
    username: string,
    viewport: { width: number; height: number },
    landing = 'home-page',
  ) {
    const page = await browser.newPage({ viewport, locale: 'zh-CN' });
    await page.goto(`${tp.baseUrl}/login`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(DEMO.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId(landing).waitFor();
    return page;
  }

  it('when a city operator opens Huangpu, then the map shows its streets', async () => {
    const page = await signIn('city', { width: 1440, height: 900 });
    await page.getByTestId('nav-areas').click();
    const map = page.getByTestId('area-map');
    await page
      .locator('[data-testid="area-map"][data-area-code="310000000000"][data-feature-count="16"]')
      .waitFor();
    await page.getByTestId('area-node-310101000000').click();
    await page
      .locator('[data-testid="area-map"][data-area-code="310101000000"][data-feature-count]')
      .waitFor();
    const children = await (await tp.login('city')).get('/api/areas/310101000000/children');
    assert.equal(await map.getAttribute('data-feature-count'), String(children.body.items.length));
    assert.equal(await page.getByTestId('area-name').textContent(), '黄浦区');
    assert.ok(
      await page.getByTestId('area-approximate').isVisible(),
      'approximate cells are labelled',
    );
    assert.ok((await map.locator('canvas').count()) > 0, 'the map is drawn');
    await page.screenshot({ path: artifact('area-map-huangpu.png') });
    await page.close();
  });

  it("when a resident signs in on a phone, then the residents' app opens with no account or audit pages and the audit page is refused", async () => {
    const page = await signIn('resident', { width: 375, height: 812 }, 'tab-home');
    assert.equal(new URL(page.url()).pathname, '/r');
    await page.getByTestId('tab-me').waitFor();
    assert.equal(await page.getByTestId('nav-accounts').count(), 0);
    assert.equal(await page.getByTestId('nav-audit').count(), 0);
    await page.goto(`${tp.baseUrl}/audit`);
    await page.getByText('无权访问').first().waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 375, `no horizontal scroll on a phone (scrollWidth ${width})`);
    await page.screenshot({ path: artifact('resident-phone.png') });
    await page.close();
  });
});
