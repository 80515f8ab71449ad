import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ORGANISATION_KINDS } from '@cc/contracts';
import type { Browser, Page } from 'playwright-core';
import {
  accountId,
  DEMO,
  startTestPlatform,
  type TestPlatform,
} from '../apps/server/src/testing.js';
import { artifact, browserMissing, launchBrowser } from './browser.js';

/**
 * Issue 18, item 10: markup stored in a name is shown as text wherever a chart or map names it.
 * Names are planted through the API; the pages that chart or map them are opened and their
 * items hovered, so every tooltip formatter runs; then no planted element exists and no planted
 * script ran, while the name itself reads as typed.
 */

const skip = browserMissing();
const STREET = '310101002000';
const COMMITTEE = '310101002001';
const COMPOUND = '310101002001-G1-C1'; // 云南中路花园
const DESKTOP = { width: 1366, height: 900 };
const WAIT = 30_000;
/** a tooltip follows the mouse at once */
const TIP_WAIT = 5_000;

/** A building name holds at most 40 characters: an element and a script in exactly that. */
const BUILDING = '<b id=planted><img src onerror=__xss=1>';
const ORGANISATION = '<img src=x onerror="window.__xss=1"><b id=planted>商铺';
const ROOM_UNIT = '<b id=planted>';
const POINT = '<img src=x onerror="window.__xss=1"><b id=planted>点位';
const POINT_UNIT = '<b id=planted>物业</b>';

/**
 * Every ECharts instance on the page, found through the React component that holds it (the
 * `useEChart` ref), as the page's own code sees it.
 */
function chartsScript() {
  type Chart = { dispatchAction: (a: object) => void };
  const found: Chart[] = [];
  for (const element of Array.from(document.querySelectorAll('[_echarts_instance_]'))) {
    const key = Object.keys(element).find((k) => k.startsWith('__reactFiber$'));
    let fiber = key ? (element as unknown as Record<string, unknown>)[key] : undefined;
    let chart: Chart | undefined;
    while (fiber && !chart) {
      let hook = (fiber as { memoizedState?: unknown }).memoizedState;
      while (hook && typeof hook === 'object' && 'next' in hook && !chart) {
        const value = (hook as { memoizedState?: { current?: Chart } }).memoizedState?.current;
        if (value && typeof value.dispatchAction === 'function') chart = value;
        hook = (hook as { next?: unknown }).next;
      }
      fiber = (fiber as { return?: unknown }).return;
    }
    if (chart) found.push(chart);
  }
  return found;
}

describe('browser journey: markup stored in names', { skip: skip ?? false }, () => {
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

  async function signIn(username: string) {
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${tp.baseUrl}/login`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(DEMO.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('home-page').waitFor();
    return page;
  }

  /** Show the tooltip of every item of every chart on the page, as a hover would. */
  async function tipEveryItem(page: Page): Promise<number> {
    return page.evaluate(`(() => {
      const charts = (${chartsScript.toString()})();
      let shown = 0;
      for (const chart of charts) {
        const series = chart.getOption().series ?? [];
        series.forEach((s, seriesIndex) => {
          const count = chart.getModel().getSeriesByIndex(seriesIndex)?.getData().count() ?? 0;
          for (let dataIndex = 0; dataIndex < Math.min(count, 40); dataIndex++) {
            chart.dispatchAction({ type: 'showTip', seriesIndex, dataIndex });
            shown++;
          }
        });
        chart.dispatchAction({ type: 'hideTip' });
      }
      return shown;
    })()`);
  }

  /** Move the real mouse onto an item of a series (its id or index) of the chart in `testId`. */
  async function hoverItem(page: Page, testId: string, series: string | number, dataIndex = 0) {
    const box = await page.getByTestId(testId).boundingBox();
    assert.ok(box, `${testId} is on screen`);
    const at = await page.getByTestId(testId).evaluate(
      (element, [seriesKey, index, script]) => {
        const charts = (new Function(`return (${script})()`) as () => unknown[])() as {
          getDom: () => Element;
          getOption: () => { series?: { id?: string }[] };
          getModel: () => {
            getSeriesByIndex: (i: number) => {
              getData: () => { getItemLayout: (i: number) => number[] };
            };
          };
        }[];
        const chart = charts.find((c) => element.contains(c.getDom()));
        if (!chart) return null;
        const seriesIndex =
          typeof seriesKey === 'number'
            ? seriesKey
            : (chart.getOption().series ?? []).findIndex((s) => s.id === seriesKey);
        const layout = chart
          .getModel()
          .getSeriesByIndex(seriesIndex)
          .getData()
          .getItemLayout(index);
        const dom = chart.getDom().getBoundingClientRect();
        const host = element.getBoundingClientRect();
        return [dom.left - host.left + (layout[0] ?? 0), dom.top - host.top + (layout[1] ?? 0)];
      },
      [series, dataIndex, chartsScript.toString()] as const,
    );
    assert.ok(at, `a chart in ${testId}`);
    await page.mouse.move(box.x + at[0]! - 30, box.y + at[1]! - 30);
    await page.mouse.move(box.x + at[0]!, box.y + at[1]!, { steps: 4 });
  }

  /** Nothing planted took effect: no element, no script. */
  async function assertInert(page: Page, where: string) {
    await page.waitForTimeout(300); // a planted <img> fails to load, then its onerror would run
    const state = await page.evaluate(() => ({
      xss: (window as { __xss?: unknown }).__xss,
      planted: document.querySelectorAll('#planted').length,
      images: document.querySelectorAll('img[onerror]').length,
    }));
    assert.deepEqual(state, { xss: undefined, planted: 0, images: 0 }, `${where}: nothing ran`);
  }

  it('when staff store markup in building, room, organisation and point names, then every page that charts or maps them shows it as text and runs none of it', async () => {
    // 1. the names, through the API, as the people who may write them
    const yunnan = await tp.login('yunnan');
    const centre = await tp.centreOf(COMPOUND);
    assert.ok(BUILDING.length <= 40);
    const building = await yunnan.post('/api/registry/buildings', {
      compoundCode: COMPOUND,
      name: BUILDING,
      floors: 6,
      ...centre,
    });
    assert.equal(building.status, 201, JSON.stringify(building.body));
    const buildingId = (building.body as { id: string }).id;
    const room = await yunnan.post('/api/registry/rooms', {
      buildingId,
      unit: ROOM_UNIT,
      number: '101',
      use: 'residential',
      ownership: 'private',
      occupancy: 'owner_occupied',
    });
    assert.equal(room.status, 201, JSON.stringify(room.body));
    const organisation = await yunnan.post('/api/registry/organisations', {
      committeeCode: COMMITTEE,
      name: ORGANISATION,
      kind: ORGANISATION_KINDS[0],
    });
    assert.equal(organisation.status, 201, JSON.stringify(organisation.body));
    const street = await tp.login('nanjingdong');
    const here = await tp.centreOf(COMMITTEE);
    const point = await street.post('/api/dispatch/points', {
      name: POINT,
      kind: 'shop',
      ...here,
      radiusMeters: 80,
      scenarioCodes: null,
      leaderId: await accountId(tp, 'handler'),
      unitName: POINT_UNIT,
    });
    assert.equal(point.status, 201, JSON.stringify(point.body));

    // 2. the committee's pages: the one screen, the residents' building map, housing, organisations
    const page = await signIn('yunnan');
    await page.goto(`${tp.baseUrl}/registry/${COMMITTEE}`);
    await page
      .locator(`[data-testid="registry-screen"][data-state="ready"][data-area-code="${COMMITTEE}"]`)
      .waitFor({ timeout: WAIT });
    await page.waitForTimeout(600); // the charts' entry animation
    assert.ok((await tipEveryItem(page)) > 0, 'the one screen has charted items');
    await assertInert(page, 'the one screen');

    await page.goto(`${tp.baseUrl}/registry/${COMMITTEE}/residents`);
    const map = page.getByTestId('registry-compound-chart');
    await map.waitFor({ timeout: WAIT });
    await page.waitForTimeout(600);
    await hoverItem(page, 'registry-compound-chart', 0);
    await assertInert(page, 'the building map, hovered');
    // the tooltip, inside the chart's box, names the building as it was typed
    await page
      .getByTestId('registry-compound-chart')
      .getByText(BUILDING, { exact: false })
      .first()
      .waitFor({ timeout: TIP_WAIT });
    await page.screenshot({ path: artifact('stored-markup-building-map.png') });
    await tipEveryItem(page);
    await assertInert(page, 'the building map, every item');

    await page.goto(`${tp.baseUrl}/registry/${COMMITTEE}/housing`);
    await page.getByText(BUILDING, { exact: false }).first().waitFor({ timeout: WAIT });
    await tipEveryItem(page);
    await assertInert(page, 'housing');

    await page.goto(`${tp.baseUrl}/registry/${COMMITTEE}/organisations`);
    await page
      .getByTestId('organisations-table')
      .getByText(ORGANISATION, { exact: false })
      .waitFor({ timeout: WAIT });
    await assertInert(page, 'organisations');
    await page.context().close();

    // 3. the street's points map and its dashboard
    const operator = await signIn('nanjingdong');
    await operator.goto(`${tp.baseUrl}/dispatch`);
    await operator.getByTestId('dispatch-tab-points').click();
    const pointsMap = operator.getByTestId('dispatch-points-map');
    await pointsMap.waitFor({ timeout: WAIT });
    await operator
      .getByTestId('dispatch-points-table')
      .getByText(POINT, { exact: false })
      .waitFor({ timeout: WAIT });
    await operator.waitForTimeout(600);
    await hoverItem(operator, 'dispatch-points-map', 'points');
    await assertInert(operator, 'the points map, hovered');
    await pointsMap.getByText(POINT, { exact: false }).first().waitFor({ timeout: TIP_WAIT });
    assert.match((await pointsMap.innerText()).replace(/\s+/g, ' '), /<b id=planted>物业<\/b>/);
    await operator.screenshot({ path: artifact('stored-markup-points-map.png') });
    await tipEveryItem(operator);
    await assertInert(operator, 'the points map, every item');

    await operator.goto(`${tp.baseUrl}/dashboards/${STREET}`);
    await operator
      .locator(`[data-testid="dashboard-page"][data-state="ready"][data-area-code="${STREET}"]`)
      .waitFor({ timeout: WAIT });
    await operator.locator(`[data-testid="dashboard-map"][data-area-code="${STREET}"]`).waitFor();
    await operator.waitForTimeout(600);
    assert.ok((await tipEveryItem(operator)) > 0, 'the dashboard has charted items');
    await assertInert(operator, 'the dashboard');
    await operator.context().close();
  });
});
