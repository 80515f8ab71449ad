import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestPlatform } from '../apps/server/src/testing.js';
import {
  artifact,
  browserMissing,
  DESK,
  startWithDemoResidents,
  PHONE,
  phoneContext,
  signIn,
  until,
} from './browser.js';

const skip = browserMissing();
const TITLE = '云南中路环境问题征询';

describe(
  'browser journey: yunnan publishes a consultation with a map question, two residents pin problems on their phones, the results show the heat map',
  { skip: skip ?? false },
  () => {
    let tp: TestPlatform;
    let browser: Browser;
    let desk: BrowserContext;
    let staffPage: Page;
    let consultationId = '';

    before(async () => {
      [tp, browser] = await startWithDemoResidents();
      desk = await browser.newContext({ viewport: DESK, locale: 'zh-CN' });
    });
    after(async () => {
      await browser?.close();
      await tp?.close();
    });

    /** A page signed in as `username` through the sign-in page, opened at `from`. */
    const signedIn = (context: BrowserContext, username: string, from: string) =>
      signIn(context, tp.baseUrl, username, { from });

    /**
     * Click the map inside the area's outline: the middle of the box first, then points around
     * it, until the map reports a picked point (a click beside the outline picks nothing).
     */
    async function pinOnMap(page: Page, testId: string, nudge: number) {
      const map = page.getByTestId(testId);
      await map.locator('canvas').first().waitFor();
      const box = (await map.boundingBox())!;
      const tries = [
        [nudge, 0],
        [0, 0],
        [nudge, nudge],
        [-nudge, nudge],
        [nudge, -nudge],
        [-nudge, -nudge],
        [0, 2 * nudge],
        [2 * nudge, 0],
      ];
      for (const [dx, dy] of tries) {
        await map.click({ position: { x: box.width / 2 + dx!, y: box.height / 2 + dy! } });
        const value = await map.getAttribute('data-value');
        if (value) return value;
      }
      assert.fail('no click on the map landed inside the outline');
    }

    it('when yunnan builds a questionnaire with a choice and a map question and publishes it, then it is open', async () => {
      staffPage = await signedIn(desk, 'yunnan', '/consultations');
      await staffPage.getByTestId('consultations-page').waitFor();
      await staffPage.getByTestId('consultation-new').click();
      await staffPage.getByTestId('consultation-builder').waitFor();
      await staffPage.getByTestId('consultation-title').fill(TITLE);
      await staffPage
        .getByTestId('consultation-description')
        .fill('社区规划师想了解大家身边的问题：请选一个最关心的，并在地图上标出位置。');
      // the target defaults to yunnan's own committee
      await staffPage.getByTestId('consultation-add-single').click();
      await staffPage.getByTestId('consultation-q-0-title').fill('您最关心哪类问题？');
      await staffPage.getByTestId('consultation-q-0-option-0').fill('停车');
      await staffPage.getByTestId('consultation-q-0-option-1').fill('照明');
      await staffPage.getByTestId('consultation-q-0-add-option').click();
      await staffPage.getByTestId('consultation-q-0-option-2').fill('绿化');
      await staffPage.getByTestId('consultation-add-pin').click();
      await staffPage.getByTestId('consultation-q-1-title').fill('问题在哪里？请在地图上点出来');
      await staffPage.getByTestId('consultation-publish').click();
      await staffPage.getByTestId('consultation-page').waitFor();
      assert.equal(
        await staffPage.getByTestId('consultation-status').first().getAttribute('data-status'),
        'open',
      );
      consultationId = staffPage.url().split('/').pop()!;
      assert.match(consultationId, /^[0-9a-f-]{36}$/);
      await staffPage.screenshot({ path: artifact('consultation-published.png') });
    });

    for (const [username, option, nudge] of [
      ['chenyu', 'o2', 12],
      ['linxia', 'o1', -12],
    ] as const) {
      it(`when ${username} answers on her phone and pins the problem on the map, then her answers are in`, async () => {
        // each resident on her own phone
        const own = await phoneContext(browser);
        const page = await signedIn(own, username, '/r/together/consultations');
        await page.getByTestId('my-consultations').waitFor();
        await page
          .locator(`[data-testid="my-consultation-link"][data-id="${consultationId}"]`)
          .click();
        await page.getByTestId('my-consultation').waitFor();
        await page.getByTestId(`consultation-option-q1-${option}`).click();
        const picked = await pinOnMap(page, 'consultation-pin-q2', nudge);
        const [lng, lat] = picked.split(',').map(Number);
        assert.ok(Math.abs(lng! - 121.48) < 0.05 && Math.abs(lat! - 31.21) < 0.05, picked);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= PHONE.width, `no horizontal scroll (scrollWidth ${width})`);
        await page.screenshot({ path: artifact(`consultation-${username}-pinned.png`) });
        await page.getByTestId('consultation-submit').click();
        await page.getByTestId('consultation-done').waitFor();
        await own.close();
      });
    }

    it('when yunnan opens the results, then the bars count the choices and the heat map holds both pins', async () => {
      await staffPage.reload();
      await staffPage.getByTestId('consultation-page').waitFor();
      await until(async () => {
        const count = await staffPage
          .getByTestId('consultation-response-count')
          .getAttribute('data-count');
        assert.equal(count, '2');
      });
      assert.equal(
        await staffPage.getByTestId('consultation-chart-q1').getAttribute('data-counts'),
        '1,1,0',
      );
      assert.equal(
        await staffPage.getByTestId('consultation-pin-count-q2').getAttribute('data-count'),
        '2',
      );
      const heat = staffPage.getByTestId('consultation-heatmap-q2');
      await heat.locator('canvas').first().waitFor();
      assert.equal(await heat.getAttribute('data-heat'), 'true');
      assert.equal(await heat.getAttribute('data-pin-count'), '2');
      await staffPage.screenshot({ path: artifact('consultation-heatmap.png'), fullPage: true });
    });
  },
);
