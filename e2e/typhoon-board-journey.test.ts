import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import {
  accountId,
  startTestPlatform,
  type Client,
  type TestPlatform,
} from '../apps/server/src/testing.js';
import { artifact, browserMissing, choose, DESK, launchBrowser, signIn, until } from './browser.js';
import { assertScreenFits } from './screen-fits.js';

const skip = browserMissing();
const STREET = '310101002000'; // 南京东路街道
const YUNNAN = '310101002001'; // 云南中路居委会, where the underpass floods
const WALL = { width: 1920, height: 1080 };
const POINT = '云南中路下立交积水点';
const UNIT = '南京东路街道防汛办';

/**
 * The journey: the typhoon board fed with rainfall and a river level crossing its amber
 * threshold, a flood point's case dispatched, the wall showing it. The departments push through
 * their keys while the street's operator watches the board, which changes without a reload.
 */
describe(
  'browser journey: the typhoon and flood board, fed live, on the desk and the wall',
  {
    skip: skip ?? false,
  },
  () => {
    let tp: TestPlatform;
    let browser: Browser;
    let admin: Client;
    let here: { lat: number; lng: number };
    let handlerName = '';
    const keys: Record<'meteorology' | 'water', string> = { meteorology: '', water: '' };

    before(async () => {
      [tp, browser] = await Promise.all([
        startTestPlatform('pglite', { loginsPerMinutePerIp: 1000, jobPollMs: 200 }),
        launchBrowser(),
      ]);
      admin = await tp.login('admin');
      here = await tp.centreOf(YUNNAN);
      const handler = await tp.platform.database.db
        .selectFrom('accounts')
        .select('display_name')
        .where('username', '=', 'handler')
        .executeTakeFirstOrThrow();
      handlerName = handler.display_name;
    });
    after(async () => {
      await browser?.close();
      await tp?.close();
    });

    /** A department's figures, pushed with its key as its system would. */
    async function push(
      department: keyof typeof keys,
      figure: { indicator: string; value: number; unit: string },
    ) {
      const r = await tp
        .client()
        .post(
          '/api/indicators/figures',
          { figures: [{ ...figure, area: STREET, at: new Date(Date.now() - 1000).toISOString() }] },
          { authorization: `Bearer ${keys[department]}` },
        );
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.added + r.body.corrected, 1);
    }

    /** The tile of an indicator in `state`. */
    const tile = (page: Page | Locator, id: string, state: string) =>
      page.locator(`[data-testid="indicator-${id}"][data-state="${state}"]`);

    it('when the meteorology and water departments are keyed, the street adds a flood point and watches the board, then the figures, the case and the wall reach it live', async () => {
      // the city's administrator issues both departments' keys (they hold the indicators grant)
      for (const department of ['meteorology', 'water'] as const) {
        const r = await admin.post(`/api/departments/${department}/key`);
        assert.equal(r.status, 200, JSON.stringify(r.body));
        keys[department] = r.body.apiKey as string;
      }

      // the street's operator adds the flood point on the dispatch page: 积水点 is a kind offered
      const context = await browser.newContext({ viewport: DESK, locale: 'zh-CN' });
      const page = await signIn(context, tp.baseUrl, 'nanjingdong');
      await page.goto(`${tp.baseUrl}/dispatch`);
      await page.getByTestId('dispatch-tab-points').click();
      await page.getByTestId('dispatch-point-add').click();
      await page.getByTestId('dispatch-point-name').fill(POINT);
      await choose(page, 'dispatch-point-kind', '积水点');
      await page.getByTestId('dispatch-point-lng').fill(String(here.lng));
      await page.getByTestId('dispatch-point-lat').fill(String(here.lat));
      await page.getByTestId('dispatch-point-radius').fill('100');
      await choose(page, 'dispatch-point-scenarios', '道路/小区积水', '积水');
      await page.keyboard.press('Escape');
      await choose(page, 'dispatch-point-leader', 'handler', 'handler');
      await page.getByTestId('dispatch-point-unit').fill(UNIT);
      await page.getByTestId('dispatch-point-submit').click();
      const street = await tp.login('nanjingdong');
      const point = await until(async () => {
        const points = await street.get('/api/dispatch/points');
        const items = points.body.items as {
          name: string;
          kind: string;
          leaderId: string;
          scenarioCodes: string[];
        }[];
        const found = items.find((p) => p.name === POINT);
        assert.ok(found, 'the flood point is stored');
        return found;
      });
      assert.equal(point.kind, 'flood_point');
      assert.equal(point.leaderId, await accountId(tp, 'handler'));
      assert.deepEqual(point.scenarioCodes, ['waterlogging']);

      // 专题 → the typhoon board of the street
      await page.getByTestId('nav-topics').click();
      await page.getByTestId('board-list-typhoon-flood').locator('a').click();
      const board = page.locator(
        `[data-testid="board-page"][data-state="ready"][data-area-code="${STREET}"][data-board="typhoon-flood"]`,
      );
      await board.waitFor();
      assert.equal(new URL(page.url()).pathname, `/boards/typhoon-flood/${STREET}`);
      await page.locator('[data-testid="topic-live"][data-status="open"]').waitFor();
      // nothing fed yet: said as such, never a number
      for (const id of ['weather.rainfall_1h', 'water.river_level', 'emergency.shelters_open']) {
        await page.locator(`[data-testid="indicator-${id}"][data-no-feed="true"]`).waitFor();
        assert.equal(await page.getByTestId(`indicator-${id}-value`).textContent(), '暂无数据接入');
      }
      // the flood point with its leader, on the list and the map
      const pointRow = page.locator(`[data-testid="board-point"][data-name="${POINT}"]`);
      await pointRow.waitFor();
      assert.equal(await pointRow.getAttribute('data-leader'), handlerName);
      assert.match((await pointRow.textContent()) ?? '', new RegExp(UNIT));
      await page.locator('[data-testid="dashboard-map"][data-place-count="1"]').waitFor();
      // the departments that feed the board, one click from their special apps
      const weatherApp = page.locator('[data-testid="department-app"][data-department="市气象局"]');
      await weatherApp.first().waitFor();
      assert.match((await weatherApp.first().getAttribute('href')) ?? '', /^https:\/\//);
      assert.equal(await weatherApp.first().getAttribute('target'), '_blank');
      await page.evaluate(() => Object.assign(window, { ccJourneyMark: true }));

      // the departments push: heavy rain (red past 30 mm) and the river past its amber 4.2 m
      await push('meteorology', { indicator: 'weather.rainfall_1h', value: 42.5, unit: 'mm' });
      await push('water', { indicator: 'water.river_level', value: 4.5, unit: 'm' });
      const rain = tile(page, 'weather.rainfall_1h', 'red');
      const river = tile(page, 'water.river_level', 'amber');
      await rain.waitFor({ timeout: 15_000 });
      await river.waitFor({ timeout: 15_000 });
      assert.equal(
        await page.getByTestId('indicator-weather.rainfall_1h-value').textContent(),
        '42.5',
      );
      assert.equal(
        await page.getByTestId('indicator-water.river_level-value').textContent(),
        '4.50',
      );
      assert.match((await river.getAttribute('class')) ?? '', /\bcc-indicator-amber\b/);
      assert.match((await river.textContent()) ?? '', /市水务局.*预警/);
      assert.match((await rain.textContent()) ?? '', /市气象局.*告警/);
      // an indicator nobody feeds still says so
      assert.equal(
        await page.getByTestId('indicator-emergency.shelters_open-value').textContent(),
        '暂无数据接入',
      );
      assert.equal(
        await page.evaluate(() => 'ccJourneyMark' in window),
        true,
        'the page was not reloaded',
      );

      // an inspector reports the underpass flooded at the flood point: its leader has it at once
      const inspector = await tp.login('inspector');
      const filed = await inspector.post('/api/cases', {
        scenarioCode: 'waterlogging',
        description: '下立交积水约三十厘米，车辆无法通行（防汛旅程）',
        attributes: { depth_cm: 30, place: 'road' },
        ...here,
      });
      assert.equal(filed.status, 201, JSON.stringify(filed.body));
      assert.equal(filed.body.status, 'dispatched', "the flood point's leader has it at once");
      const caseId = filed.body.id as string;
      const detail = await street.get(`/api/cases/${caseId}`);
      assert.equal(detail.body.assigneeName, handlerName);
      assert.equal(detail.body.unitName, UNIT);

      // the board gains it without a reload: the open count, the list, the map
      const caseRow = page.locator(`[data-testid="board-case"][data-id="${caseId}"]`);
      await caseRow.waitFor({ timeout: 15_000 });
      assert.equal(await caseRow.getAttribute('data-status'), 'dispatched');
      assert.match((await caseRow.textContent()) ?? '', /道路\/小区积水/);
      await page.locator('[data-testid="topic-cases-open"][data-value="1"]').waitFor();
      await page
        .locator('[data-testid="dashboard-map"][data-point-count="1"][data-place-count="1"]')
        .waitFor();
      assert.equal(await page.evaluate(() => 'ccJourneyMark' in window), true, 'still no reload');
      await page.waitForTimeout(600); // the charts' entry animation
      await page.screenshot({ path: artifact('typhoon-board-desk.png'), fullPage: true });

      // the wall: the same board on the big screen, dark, whole, with the case and the point
      await page.setViewportSize(WALL);
      await page.getByTestId('screen-toggle').click();
      const wall = page.locator(
        `[data-testid="board-page"][data-mode="screen"][data-state="ready"][data-area-code="${STREET}"]`,
      );
      await wall.waitFor();
      assert.equal(new URL(page.url()).searchParams.get('mode'), 'screen');
      await wall.locator(`[data-testid="board-case"][data-id="${caseId}"]`).waitFor();
      const wallPoint = wall.locator(`[data-testid="board-point"][data-name="${POINT}"]`);
      await wallPoint.waitFor();
      assert.match((await wallPoint.textContent()) ?? '', new RegExp(handlerName));
      await tile(wall, 'water.river_level', 'amber').waitFor();
      await tile(wall, 'weather.rainfall_1h', 'red').waitFor();
      assert.equal(
        await wall.getByTestId('indicator-water.river_level-value').textContent(),
        '4.50',
      );
      await wall.locator('[data-testid="topic-cases-open"][data-value="1"]').waitFor();
      await wall
        .locator('[data-testid="dashboard-map"][data-point-count="1"][data-place-count="1"]')
        .waitFor();
      await page.waitForTimeout(600);
      await page.screenshot({ path: artifact('typhoon-board-wall.png') });
      const boxes = await assertScreenFits(page, WALL);
      for (const panel of [
        'board-indicators',
        'board-map-panel',
        'topic-cases',
        'board-points',
        'board-cases-latest',
      ]) {
        assert.ok(
          boxes.some((box) => box.name === panel),
          `${panel} is on the wall`,
        );
      }

      // the river rises past red while the wall is up: it turns red without a reload
      await push('water', { indicator: 'water.river_level', value: 4.9, unit: 'm' });
      await tile(wall, 'water.river_level', 'red').waitFor({ timeout: 15_000 });
      assert.equal(
        await wall.getByTestId('indicator-water.river_level-value').textContent(),
        '4.90',
      );
      assert.equal(await page.evaluate(() => 'ccJourneyMark' in window), true, 'no reload');
      await context.close();
    });

    it("when the street's dashboard is opened, then the departments' indicators sit in their own groups, and the river level opens its history and comparison", async () => {
      const context = await browser.newContext({ viewport: DESK, locale: 'zh-CN' });
      const page = await signIn(context, tp.baseUrl, 'nanjingdong');
      await page.goto(`${tp.baseUrl}/dashboards/${STREET}`);
      await page
        .locator(`[data-testid="dashboard-page"][data-state="ready"][data-area-code="${STREET}"]`)
        .waitFor();
      // ours keep their panel; the departments' have theirs, a tab a group
      const ours = page.getByTestId('dashboard-indicators');
      assert.equal(
        await ours.locator('[data-source="department"]').count(),
        0,
        "no department's indicator among ours",
      );
      const fed = page.getByTestId('dashboard-fed');
      await fed.getByTestId('fed-tab-weather').click();
      const weather = fed.getByTestId('fed-group-weather');
      await weather.locator('[data-testid="fed-department"][data-department="water"]').waitFor();
      assert.equal(await fed.getByTestId('fed-tab-weather').getAttribute('data-alerts'), '2');
      const river = weather.locator(
        '[data-testid="indicator-water.river_level"][data-state="red"]',
      );
      await river.waitFor();
      assert.equal(
        await weather.getByTestId('indicator-weather.rainfall_24h-value').textContent(),
        '暂无数据接入',
      );
      await weather
        .locator('[data-testid="department-app"][data-department="市气象局"]')
        .first()
        .waitFor();

      await river.click();
      const drawer = page.locator('[data-testid="fed-detail"][data-indicator="water.river_level"]');
      await drawer.waitFor();
      assert.equal(await drawer.getAttribute('data-state'), 'red');
      assert.match((await drawer.getByTestId('fed-detail-value').textContent()) ?? '', /4\.90/);
      assert.equal(await drawer.getByTestId('fed-detail-department').textContent(), '市水务局');
      // the history: a chart of the day's figures; the comparison of the street's committees
      await drawer.getByTestId('fed-history-chart').waitFor();
      await drawer.getByTestId('fed-compare-table').waitFor();
      await drawer.getByTestId(`fed-compare-row-${YUNNAN}`).waitFor();
      assert.equal(new URL(page.url()).searchParams.get('indicator'), 'water.river_level');
      await page.waitForTimeout(600);
      await page.screenshot({ path: artifact('dashboard-fed-history.png') });
      await context.close();
    });
  },
);
