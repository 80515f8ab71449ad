import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  DEMO,
  startTestPlatform,
  type Client,
  type TestPlatform,
} from '../apps/server/src/testing.js';
import {
  announceTopicFigures,
  feedTopicFigures,
} from '../apps/server/src/modules/dashboards/index.js';
import { artifact, browserMissing, launchBrowser } from './browser.js';
import { assertScreenFits } from './screen-fits.js';

const skip = browserMissing();
const CITY = '310000000000';
const HUANGPU = '310101000000';
const STREET = '310101002000';
const COMMITTEE = '310101002001';
const DESKTOP = { width: 1440, height: 900 };
const SCREEN = { width: 1920, height: 1080 };

/** Today in Shanghai, as the daily figures name their days. */
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const figures = (rows: string[]) =>
  Buffer.from(['date,area_code,metric,value', ...rows].join('\n'), 'utf8');

describe(
  'browser journeys: the operation-centre dashboards and the topic boards',
  { skip: skip ?? false },
  () => {
    let tp: TestPlatform;
    let browser: Browser;
    let inspector: Client;
    let here: { lat: number; lng: number };
    before(async () => {
      [tp, browser] = await Promise.all([
        startTestPlatform('pglite', { loginsPerMinutePerIp: 1000 }),
        launchBrowser(),
      ]);
      here = await tp.centreOf(COMMITTEE);
      inspector = await tp.login('inspector');
    });
    after(async () => {
      await browser?.close();
      await tp?.close();
    });

    /** A noise case at the committee's centre, filed by the inspector through the API. */
    async function report() {
      const r = await inspector.post('/api/cases', {
        scenarioCode: 'noise-nuisance',
        description: '装修噪声扰民（看板旅程）',
        attributes: { source: 'renovation' },
        ...here,
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body as { id: string };
    }

    async function signIn(username: string, viewport: { width: number; height: number }) {
      const context = await browser.newContext({ viewport, locale: 'zh-CN' });
      const page = await context.newPage();
      await page.goto(`${tp.baseUrl}/login`);
      await page.getByTestId('login-username').fill(username);
      await page.getByTestId('login-password').fill(DEMO.password);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('home-page').waitFor();
      return page;
    }

    /** The dashboard of `code` is drawn, and the URL names it. */
    async function atDashboard(page: Page, code: string) {
      await page
        .locator(`[data-testid="dashboard-page"][data-state="ready"][data-area-code="${code}"]`)
        .waitFor();
      await page.locator(`[data-testid="dashboard-map"][data-area-code="${code}"]`).waitFor();
      assert.equal(new URL(page.url()).pathname, `/dashboards/${code}`);
    }

    it('when a case is filed while a street dashboard is open, then its counter and map gain it without a reload', async () => {
      await report(); // the counts start above zero
      const page = await signIn('nanjingdong', DESKTOP);
      await page.goto(`${tp.baseUrl}/dashboards/${STREET}`);
      await atDashboard(page, STREET);
      await page.locator('[data-testid="dashboard-live"][data-status="open"]').waitFor();
      const counter = page.locator('[data-testid="kpi-reported"][data-value]');
      const map = page.locator('[data-testid="dashboard-map"][data-point-count]');
      await page.locator('[data-testid="kpi-reported"][data-value="1"]').waitFor();
      await page.locator('[data-testid="dashboard-map"][data-point-count="1"]').waitFor();
      const reported = Number(await counter.getAttribute('data-value'));
      const points = Number(await map.getAttribute('data-point-count'));
      await page.evaluate(() => Object.assign(window, { ccJourneyMark: true }));

      await report();
      await page
        .locator(`[data-testid="kpi-reported"][data-value="${reported + 1}"]`)
        .waitFor({ timeout: 10_000 });
      await page
        .locator(`[data-testid="dashboard-map"][data-point-count="${points + 1}"]`)
        .waitFor({ timeout: 10_000 });
      assert.equal(
        await page.evaluate(() => 'ccJourneyMark' in window),
        true,
        'the page was not reloaded',
      );
      assert.equal(
        (await page.getByTestId('kpi-reported').textContent())?.includes(String(reported + 1)),
        true,
      );
      await page.waitForTimeout(600); // the new point's ripple
      await page.screenshot({ path: artifact('dashboard-street-live.png'), fullPage: true });
      await page.context().close();
    });

    it('when the city dashboard is on the big screen at 1920×1080, then every panel fits without scrolling', async () => {
      const page = await signIn('city', SCREEN);
      await page.goto(`${tp.baseUrl}/dashboards/${CITY}?mode=screen`);
      await atDashboard(page, CITY);
      await page.locator('[data-testid="dashboard-map"][data-feature-count="16"]').waitFor();
      await page.locator('[data-testid="ranking"]').waitFor();
      const boxes = await assertScreenFits(page, SCREEN);
      for (const panel of [
        'dashboard-indicators',
        'dashboard-feed',
        'dashboard-kpis',
        'dashboard-map-panel',
        'dashboard-charts',
        'dashboard-ranking',
      ]) {
        assert.ok(
          boxes.some((box) => box.name === panel),
          `${panel} is on the screen`,
        );
      }
      await page.screenshot({ path: artifact('dashboard-city-screen.png') });
      await page.context().close();
    });

    it('when a city operator drills from the city down to a committee, then the breadcrumb leads back to the city', async () => {
      const page = await signIn('city', DESKTOP);
      await page.goto(`${tp.baseUrl}/dashboards/${CITY}`);
      await atDashboard(page, CITY);
      for (const [code, name] of [
        [HUANGPU, '黄浦区'],
        [STREET, '南京东路街道'],
        [COMMITTEE, '云南中路居委会'],
      ] as const) {
        await page.getByTestId(`compare-link-${code}`).click();
        await atDashboard(page, code);
        assert.match(
          (await page.getByTestId('dashboard-title').textContent()) ?? '',
          new RegExp(name),
        );
      }
      const crumbs = page.getByTestId('dashboard-breadcrumb');
      for (const code of [CITY, HUANGPU, STREET]) {
        assert.equal(await crumbs.getByTestId(`crumb-${code}`).count(), 1, `crumb ${code}`);
      }
      await page.screenshot({ path: artifact('dashboard-drill-committee.png') });
      await page.getByTestId(`crumb-${CITY}`).click();
      await atDashboard(page, CITY);
      await page.context().close();
    });

    it('when a street imports its daily epidemic figures, then the board shows them; a file with a bad row is refused whole and reported', async () => {
      const page = await signIn('nanjingdong', DESKTOP);
      await page.getByTestId('nav-topics').click();
      // two topics (epidemic, volunteers): the list, then the epidemic board
      await page.getByTestId('topic-list-epidemic').locator('a').click();
      const board = (extra = '') =>
        page.locator(
          `[data-testid="topic-page"][data-state="ready"][data-area-code="${STREET}"]${extra}`,
        );
      await board().waitFor();
      assert.equal(new URL(page.url()).pathname, `/topics/epidemic/${STREET}`);
      await page.getByTestId('topic-empty').waitFor();

      // Excel's GBK is refused in the browser, before anything is sent
      await page.getByTestId('topic-import').click();
      const input = page.locator('[data-testid="topic-import-modal"] input[type="file"]');
      const gbk = Buffer.concat([
        figures([`${today()},${COMMITTEE},health_green,12`]),
        Buffer.from([0x2c, 0xbe, 0xd3, 0xce, 0xaf]), // ",居委" in GBK
      ]);
      await input.setInputFiles({ name: 'gbk.csv', mimeType: 'text/csv', buffer: gbk });
      await page.locator('[data-testid="topic-import-unreadable"]').waitFor();
      assert.match(
        (await page.getByTestId('topic-import-unreadable').textContent()) ?? '',
        /UTF-8/,
      );
      assert.equal(await page.getByTestId('topic-import-submit').isDisabled(), true);

      // the template: the header and one example row
      const [template] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('topic-template').click(),
      ]);
      const templateText = fs.readFileSync((await template.path())!, 'utf8');
      assert.match(templateText, /^\uFEFFdate,area_code,metric,value\r\n\d{4}-\d{2}-\d{2},\d{12},/);

      // two good rows: a committee's people under home observation, and a count under five
      await input.setInputFiles({
        name: 'figures.csv',
        mimeType: 'text/csv',
        buffer: figures([
          `${today()},${COMMITTEE},health_green,12`,
          `${today()},310101002002,health_red,3`,
        ]),
      });
      await page.getByTestId('topic-import-file').waitFor();
      await page.getByTestId('topic-import-submit').click();
      await board(`[data-last-day="${today()}"]`).waitFor();
      const value = (metric: string) =>
        page.getByTestId(`topic-metric-${metric}-value`).textContent();
      assert.equal(await value('health_green'), '12');
      assert.equal(await value('health_red'), '<5', 'fewer than five people: no number');
      assert.match(
        (await page.getByTestId('topic-metric-health_green-keys').textContent()) ?? '',
        /云南中路居委会/,
      );
      await page
        .locator('[data-testid="topic-metric-health_green"][aria-pressed="true"]')
        .waitFor();
      await page
        .locator(`[data-testid="topic-compare-row-${COMMITTEE}"][data-key="true"]`)
        .waitFor();
      await page.locator(`[data-testid="dashboard-map"][data-marked="${COMMITTEE}"]`).waitFor();
      await page.waitForTimeout(600); // the charts' entry animation
      await page.screenshot({ path: artifact('topic-epidemic-imported.png'), fullPage: true });

      // one bad row: nothing is stored, the report lists it
      await page.getByTestId('topic-import').click();
      await input.setInputFiles({
        name: 'bad.csv',
        mimeType: 'text/csv',
        buffer: figures([
          `${today()},${COMMITTEE},health_green,20`,
          `${today()},${COMMITTEE},nonsense,3`,
        ]),
      });
      await page.getByTestId('topic-import-file').waitFor();
      await page.getByTestId('topic-import-submit').click();
      const problems = page.locator(
        '[data-testid="topic-import-report"] [data-testid^="topic-problem-"]',
      );
      await page.getByTestId('topic-problem-2-metric').waitFor();
      assert.equal(await problems.count(), 1);
      assert.match(
        (await page.getByTestId('topic-problem-2-metric').textContent()) ?? '',
        /nonsense/,
      );
      const [reportFile] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('topic-import-report-download').click(),
      ]);
      const reportText = fs.readFileSync((await reportFile.path())!, 'utf8');
      assert.match(reportText, /\r\n2,3,指标,.*nonsense/);
      await page.getByTestId('topic-import-report').scrollIntoViewIfNeeded();
      await page.screenshot({ path: artifact('topic-epidemic-bad-row.png') });
      await page.getByTestId('topic-import-cancel').click();
      await page.getByTestId('topic-refresh').click();
      await board().waitFor();
      assert.equal(await value('health_green'), '12', 'nothing changed');
      const api = await tp.login('nanjingdong');
      const stored = await api.get(`/api/topics/epidemic/${STREET}`);
      assert.equal(
        stored.body.metrics.find((m: { id: string }) => m.id === 'health_green').value,
        12,
      );

      // fed live by 社区通: marked live, "—" until something is fed; arrivals fed under the
      // street reach the open page through its stream, without a refresh, with their origin
      assert.equal(await value('arrivals_declared'), '—');
      await page.getByTestId('topic-metric-arrivals_declared-live').waitFor();
      await page.locator('[data-testid="topic-live"][data-status="open"]').waitFor();
      const compound = `${CITY}/${HUANGPU}/${STREET}/${COMMITTEE}/${COMMITTEE}-G1/${COMMITTEE}-G1-C1`;
      await tp.platform.database.db.transaction().execute((trx) =>
        feedTopicFigures(trx, 'epidemic', [
          { metric: 'arrivals_declared', areaPath: compound, day: today(), delta: 6 },
          {
            metric: 'arrivals_declared',
            facet: 'CN-42',
            areaPath: compound,
            day: today(),
            delta: 6,
          },
        ]),
      );
      announceTopicFigures(tp.platform.deps.live, 'epidemic', [compound]);
      await page
        .locator('[data-testid="topic-metric-arrivals_declared"][data-display="6"]')
        .waitFor();
      await page.locator('[data-testid="topic-origin-CN-42"][data-display="6"]').waitFor();
      assert.match((await page.getByTestId('topic-origin-CN-42').textContent()) ?? '', /湖北/);
      await page.screenshot({ path: artifact('topic-epidemic-live.png'), fullPage: true });

      // the same board on the big screen fits it
      await page.setViewportSize(SCREEN);
      await page.goto(`${tp.baseUrl}/topics/epidemic/${STREET}?mode=screen`);
      await board('[data-mode="screen"]').waitFor();
      await page.locator(`[data-testid="dashboard-map"][data-marked="${COMMITTEE}"]`).waitFor();
      await page.waitForTimeout(600);
      await page.screenshot({ path: artifact('topic-epidemic-screen.png'), fullPage: true });
      await assertScreenFits(page, SCREEN);
      await page.context().close();
    });
  },
);
