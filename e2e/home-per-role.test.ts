import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { accountId, startTestPlatform, type TestPlatform } from '../apps/server/src/testing.js';
import { artifact, browserMissing, DESK, launchBrowser, phoneContext, signIn } from './browser.js';

const skip = browserMissing();

/**
 * Each demo role's home: the first actions it shows (in order), the ones it must not show, and
 * where its first action leads (a path, and the page's marker when it has one).
 */
const HOMES: {
  username: string;
  first: string[];
  not: string[];
  lands: string;
  marker?: string;
}[] = [
  {
    username: 'inspector',
    first: ['report', 'tasks'],
    not: ['dashboards', 'cases', 'registry', 'accounts'],
    lands: '/report',
    marker: 'report-page',
  },
  {
    username: 'handler',
    first: ['tasks'],
    not: ['report', 'dashboards', 'cases', 'registry'],
    lands: '/tasks',
    marker: 'tasks-page',
  },
  {
    username: 'grid',
    first: ['tasks', 'report', 'registry'],
    not: ['dashboards', 'cases'],
    lands: '/tasks',
    marker: 'tasks-page',
  },
  {
    username: 'yunnan',
    first: ['registry', 'verifications', 'affairs', 'declarations', 'observations', 'tasks'],
    not: ['dashboards', 'report', 'cases', 'dispatch'],
    lands: '/registry',
  },
  {
    username: 'nanjingdong',
    first: ['dashboards', 'cases', 'dispatch'],
    not: ['report', 'tasks', 'registry'],
    lands: '/dashboards',
    marker: 'dashboard-page',
  },
  {
    username: 'huangpu',
    first: ['dashboards', 'cases'],
    not: ['report', 'tasks', 'dispatch'],
    lands: '/dashboards',
    marker: 'dashboard-page',
  },
  {
    username: 'city',
    first: ['dashboards', 'cases'],
    not: ['report', 'tasks'],
    lands: '/dashboards',
    marker: 'dashboard-page',
  },
  {
    username: 'hotline',
    first: ['hotline', 'cases'],
    not: ['report', 'tasks', 'dashboards'],
    lands: '/report',
    marker: 'report-page',
  },
  {
    username: 'planner',
    first: ['consultations', 'areas'],
    not: ['report', 'tasks', 'dashboards', 'cases'],
    lands: '/consultations',
  },
  {
    username: 'admin',
    first: ['accounts', 'audit', 'dashboards'],
    not: ['report', 'tasks'],
    lands: '/accounts',
  },
];

describe(
  'browser journey: each role’s home page leads to its daily work',
  { skip: skip ?? false },
  () => {
    let tp: TestPlatform;
    let browser: Browser;
    before(async () => {
      [tp, browser] = await Promise.all([
        startTestPlatform('pglite', { loginsPerMinutePerIp: 1000, jobPollMs: 200 }),
        launchBrowser(),
      ]);
      // one case on the handler's desk, reported by the inspector, so the task counts show
      const street = await tp.login('nanjingdong');
      const rule = await street.post('/api/dispatch/rules', {
        scenarioCode: 'noise-nuisance',
        areaCode: '310101002000',
        unitName: '南京东路城管中队',
        assigneeId: await accountId(tp, 'handler'),
      });
      assert.equal(rule.status, 201, JSON.stringify(rule.body));
      const centre = await tp.centreOf('310101002001');
      const inspector = await tp.login('inspector');
      const c = await inspector.post('/api/cases', {
        scenarioCode: 'noise-nuisance',
        description: '云南中路花园3号楼装修噪声',
        attributes: { source: 'renovation' },
        lat: centre.lat,
        lng: centre.lng,
      });
      assert.equal(c.status, 201, JSON.stringify(c.body));
    });
    after(async () => {
      await browser?.close();
      await tp?.close();
    });

    async function home(username: string): Promise<Page> {
      const context = await browser.newContext({ viewport: DESK, locale: 'zh-CN' });
      const page = await signIn(context, tp.baseUrl, username);
      await page.getByTestId('home-actions').waitFor();
      return page;
    }

    /** The first actions shown, in order. */
    async function actionsOf(page: Page): Promise<string[]> {
      return page
        .locator('[data-testid="home-actions"] [data-testid^="home-action-"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice(12)));
    }

    for (const h of HOMES) {
      it(`when ${h.username} signs in, then the home shows ${h.first.join(', ')} first, and the first leads to ${h.lands}`, async () => {
        const page = await home(h.username);
        try {
          const shown = await actionsOf(page);
          assert.deepEqual(shown, h.first, `${h.username}'s first actions`);
          for (const other of h.not)
            assert.ok(!shown.includes(other), `${h.username} is not shown ${other}`);
          await page.screenshot({ path: artifact(`home-${h.username}.png`) });
          await page.getByTestId(`home-action-${h.first[0]}`).click();
          await page.waitForURL((url) => url.pathname.startsWith(h.lands));
          if (h.marker) await page.getByTestId(h.marker).first().waitFor();
        } finally {
          await page.context().close();
        }
      });
    }

    it('when the handler and the inspector open their homes, then 我的任务 counts the case in hand', async () => {
      for (const username of ['handler', 'inspector']) {
        const page = await home(username);
        try {
          const count = page.getByTestId('home-count-tasks');
          await count.waitFor();
          assert.match(await count.innerText(), /^1 件在办$/);
        } finally {
          await page.context().close();
        }
      }
    });

    it('when the handler marks all notices read in the bell, then the header badge clears', async () => {
      const page = await home('handler');
      try {
        const bell = page.getByTestId('notices-bell');
        await page.waitForFunction(
          () =>
            Number(
              document.querySelector('[data-testid="notices-bell"]')?.getAttribute('data-unread'),
            ) > 0,
        );
        await bell.click();
        await page.getByTestId('notices-mark-all-read').click();
        await page.waitForFunction(
          () =>
            document.querySelector('[data-testid="notices-bell"]')?.getAttribute('data-unread') ===
            '0',
        );
        assert.equal(await page.getByTestId('notices-count').isVisible(), false);
        const r = await (await tp.login('handler')).get('/api/notices');
        assert.equal(r.body.unread, 0);
      } finally {
        await page.context().close();
      }
    });

    it('when the resident signs in on a phone, then /r offers report and my reports first, and never tasks or areas in charge', async () => {
      const context = await phoneContext(browser);
      try {
        const page = await signIn(context, tp.baseUrl, 'resident');
        await page.waitForURL((url) => url.pathname === '/r');
        await page.getByTestId('resident-home').waitFor();
        const tiles = await page
          .locator('[data-testid^="resident-action-"]')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
        assert.deepEqual(tiles.slice(0, 2), [
          'resident-action-report',
          'resident-action-myReports',
        ]);
        const text = await page.locator('body').innerText();
        assert.ok(!text.includes('我的任务'), 'no 我的任务 for a resident');
        assert.ok(!text.includes('负责区域'), 'no 负责区域 for a resident');
        assert.equal(await page.getByTestId('home-actions').count(), 0, 'no staff home');
        await page.screenshot({ path: artifact('home-resident.png') });

        // 我的上报: only what she reported (nothing yet), with a way to report
        await page.getByTestId('resident-action-myReports').click();
        await page.waitForURL((url) => url.pathname === '/r/reports');
        await page.getByTestId('my-reports-page').waitFor();
        assert.equal(await page.getByTestId('my-report').count(), 0);
        assert.ok(!(await page.locator('body').innerText()).includes('我的任务'));

        // the first action: the report page, inside the residents' app
        await page.goto(`${tp.baseUrl}/r`);
        await page.getByTestId('resident-action-report').click();
        await page.waitForURL((url) => url.pathname === '/r/report');
        await page.getByTestId('report-page').waitFor();
        assert.equal(await page.getByTestId('main-menu').count(), 0, 'no staff menu');
      } finally {
        await context.close();
      }
    });
  },
);
