import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Client, TestPlatform } from '../apps/server/src/testing.js';
import {
  artifact,
  browserMissing,
  DESK,
  PHONE,
  phoneContext,
  signIn,
  startWithDemoResidents,
  until,
} from './browser.js';

const skip = browserMissing();
const COMMITTEE = '310101002001';

describe(
  'browser journey: chenyu becomes a volunteer on her phone, signs up, checks in with the code on the organiser’s screen and out, yunnan confirms, the hours and the one screen move',
  { skip: skip ?? false },
  () => {
    let tp: TestPlatform;
    let browser: Browser;
    let desk: BrowserContext;
    let phone: BrowserContext;
    let yunnan: Client;
    let activityId = '';
    let chenyuPage: Page;
    let deskPage: Page;

    before(async () => {
      [tp, browser] = await startWithDemoResidents();
      desk = await browser.newContext({ viewport: DESK, locale: 'zh-CN' });
      phone = await phoneContext(browser);
      yunnan = await tp.login('yunnan');
    });
    after(async () => {
      await browser?.close();
      await tp?.close();
    });

    async function noSideScroll(page: Page) {
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= PHONE.width, `no horizontal scroll (scrollWidth ${width})`);
    }

    const figure = async (page: Page, id: string) =>
      Number((await page.getByTestId(id).innerText()).replace(/[^\d.]/g, ''));

    it('when yunnan opens the one screen, then the volunteers panel shows none yet', async () => {
      deskPage = await signIn(desk, tp.baseUrl, 'yunnan', { from: `/registry/${COMMITTEE}` });
      await deskPage.getByTestId('volunteer-figures').waitFor();
      await until(async () => assert.equal(await figure(deskPage, 'figure-volunteers'), 0));
      assert.equal(await figure(deskPage, 'figure-active'), 0);
    });

    it('when chenyu joins as a volunteer from her phone, then her volunteer home opens', async () => {
      chenyuPage = await signIn(phone, tp.baseUrl, 'chenyu', { from: '/r/volunteer/join' });
      await chenyuPage.getByTestId('volunteer-join-page').waitFor();
      await noSideScroll(chenyuPage);
      await chenyuPage.getByTestId('volunteer-skill-first_aid').click();
      await chenyuPage.getByTestId('volunteer-slot-6-morning').click();
      await chenyuPage.getByTestId('volunteer-join-submit').click();
      await chenyuPage.getByTestId('volunteer-home').waitFor();
      await noSideScroll(chenyuPage);
      await chenyuPage.screenshot({ path: artifact('volunteer-home.png') });
    });

    it('when yunnan publishes a checkpoint shift, then chenyu finds it and signs up', async () => {
      // the shift starts in ten minutes: check-in opens half an hour before a shift
      const start = new Date(Date.now() + 10 * 60_000);
      const end = new Date(start.getTime() + 2 * 3_600_000);
      const r = await yunnan.post('/api/volunteer-activities', {
        areaCode: COMMITTEE,
        kind: 'service',
        category: 'checkpoint',
        title: '2 号门卡口值守',
        description: '测温、登记、引导车辆',
        place: '云南中路 2 号门',
        lat: 31.2325,
        lng: 121.4795,
        openTo: 'volunteers',
        shifts: [
          {
            title: '上午班',
            startsAt: start.toISOString(),
            endsAt: end.toISOString(),
            roles: [{ name: '测温', capacity: 3 }],
          },
        ],
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      activityId = r.body.id;
      await chenyuPage.goto(`${tp.baseUrl}/r/volunteer/activities`);
      const row = chenyuPage.getByTestId('volunteer-activity-row').filter({ hasText: '卡口值守' });
      await row.click();
      await chenyuPage.getByTestId('signup-role-0').click();
      await chenyuPage.goto(`${tp.baseUrl}/r/volunteer`);
      await until(async () =>
        assert.equal(await chenyuPage.getByTestId('my-signup-row').count(), 1),
      );
    });

    it('when yunnan shows the code on the organiser screen, then chenyu checks in with it and checks out', async () => {
      const codePage = await desk.newPage();
      await codePage.goto(`${tp.baseUrl}/volunteers/activities/${activityId}/code`);
      const code = (await codePage.getByTestId('activity-code').innerText()).replace(/\D/g, '');
      assert.match(code, /^\d{6}$/);
      await codePage.screenshot({ path: artifact('volunteer-code-screen.png') });

      await chenyuPage.getByTestId('my-signup-row').click();
      await chenyuPage.getByTestId('check-in-open').click();
      await chenyuPage.getByTestId('check-in-code').fill(code);
      await chenyuPage.getByTestId('check-in-submit').click();
      await chenyuPage.getByTestId('check-out-submit').waitFor();
      await noSideScroll(chenyuPage);

      const back = (column: string) => sql<Date>`${sql.ref(column)} - interval '40 minutes'`;
      // As if she had served: the shift and her check-in moved 40 minutes into the past, so
      // her check-out now earns the 30 minutes of the shift she was there for.
      await tp.platform.deps.db
        .updateTable('volunteer_shifts')
        .set({ starts_at: back('starts_at'), ends_at: back('ends_at') })
        .where('activity_id', '=', activityId)
        .execute();
      await tp.platform.deps.db
        .updateTable('volunteer_signups')
        .set({
          starts_at: back('starts_at'),
          ends_at: back('ends_at'),
          checked_in_at: back('checked_in_at'),
        })
        .where('activity_id', '=', activityId)
        .execute();

      const fresh = (await codePage.getByTestId('activity-code').innerText()).replace(/\D/g, '');
      await chenyuPage.reload();
      await chenyuPage.getByTestId('check-out-submit').waitFor();
      await chenyuPage.getByTestId('check-in-code').fill(fresh);
      await chenyuPage.getByTestId('check-out-submit').click();
      await until(async () => {
        const problem = chenyuPage.getByTestId('attendance-problem');
        const said = (await problem.count()) ? await problem.innerText() : '';
        const minutes = await chenyuPage.getByTestId('signup-minutes').getAttribute('data-minutes');
        assert.ok(Number(minutes) >= 29 && Number(minutes) <= 31, `minutes ${minutes} ${said}`);
      });
    });

    it('when yunnan confirms on the roster, then chenyu sees her hours and the one screen counts an active volunteer', async () => {
      await deskPage.goto(`${tp.baseUrl}/volunteers/activities/${activityId}`);
      await deskPage.getByTestId('activity-page').waitFor();
      const row = deskPage.getByTestId('roster-row').first();
      await row.getByTestId('roster-confirm').click();
      const ok = deskPage.locator('.ant-popconfirm .ant-btn-primary, .ant-modal .ant-btn-primary');
      if (await ok.count()) await ok.first().click();
      await until(async () =>
        assert.equal(await deskPage.getByTestId('roster-confirm').count(), 0),
      );
      await deskPage.screenshot({ path: artifact('volunteer-roster.png') });

      await chenyuPage.reload();
      await until(async () =>
        assert.match(await chenyuPage.getByTestId('signup-confirmed').innerText(), /已确认/),
      );
      await chenyuPage.goto(`${tp.baseUrl}/r/volunteer`);
      await until(async () =>
        assert.match(await chenyuPage.getByTestId('my-hours-total').innerText(), /0\.5/),
      );
      await chenyuPage.screenshot({ path: artifact('volunteer-hours.png') });

      await deskPage.goto(`${tp.baseUrl}/registry/${COMMITTEE}`);
      await deskPage.getByTestId('volunteer-figures').waitFor();
      await until(async () => assert.equal(await figure(deskPage, 'figure-volunteers'), 1));
      assert.equal(await figure(deskPage, 'figure-active'), 1);
      await deskPage.screenshot({ path: artifact('volunteer-one-screen.png') });
    });
  },
);
