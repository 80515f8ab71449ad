import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  startTestPlatform,
  type Client,
  type TestPlatform,
  verifiedResident,
} from '../apps/server/src/testing.js';
import { artifact, browserMissing, DESK, launchBrowser, phoneContext, signIn } from './browser.js';

const skip = browserMissing();
const COMMITTEE = '310101002001'; // 云南中路居委会
const HOUR = 3_600_000;

describe(
  'browser journey: 云南中路 holds a 议事会 — a resident registers on her phone, checks in with the door code, and reads the outcomes staff publish',
  { skip: skip ?? false },
  () => {
    let tp: TestPlatform;
    let browser: Browser;
    let staff: Client;
    let phone: BrowserContext;
    let desk: BrowserContext;
    let meetingId = '';

    /** Move the meeting (as if time had passed): it starts `h` hours from now and lasts two. */
    const shiftTo = (h: number) =>
      tp.platform.database.db
        .updateTable('meetings')
        .set({
          starts_at: new Date(Date.now() + h * HOUR),
          ends_at: new Date(Date.now() + (h + 2) * HOUR),
        })
        .where('id', '=', meetingId)
        .execute();

    before(async () => {
      [tp, browser] = await Promise.all([
        startTestPlatform('pglite', { loginsPerMinutePerIp: 1000, jobPollMs: 200 }),
        launchBrowser(),
      ]);
      staff = await tp.login('yunnan');
      // a verified resident of 云南中路
      await verifiedResident(tp, {
        username: 'meeting-resident',
        displayName: '周丽',
        committee: COMMITTEE,
      });
      const scheduled = await staff.post('/api/meetings', {
        title: '加装电梯居民议事会',
        startsAt: new Date(Date.now() + 48 * HOUR).toISOString(),
        endsAt: new Date(Date.now() + 50 * HOUR).toISOString(),
        place: '云南中路居委会二楼会议室',
        capacity: 30,
        agenda: [{ title: '3号楼加装电梯方案', note: '听取低层住户意见' }],
      });
      assert.equal(scheduled.status, 201, JSON.stringify(scheduled.body));
      meetingId = scheduled.body.id as string;
      phone = await phoneContext(browser);
      desk = await browser.newContext({ viewport: DESK, locale: 'zh-CN' });
    });
    after(async () => {
      await browser?.close();
      await tp?.close();
    });

    let resident: Page;
    let office: Page;

    it('when staff open 议事会, then the meeting, its agenda and door code are there', async () => {
      office = await signIn(desk, tp.baseUrl, 'yunnan');
      await office.getByTestId('nav-meetings').click();
      await office.getByTestId('meetings-page').waitFor();
      await office.getByTestId('meeting-row').filter({ hasText: '加装电梯居民议事会' }).click();
      const code = await office.getByTestId('meeting-door-code').textContent();
      assert.match(code ?? '', /^\d{6}$/);
      await office
        .getByTestId('meeting-agenda-item')
        .filter({ hasText: '3号楼加装电梯方案' })
        .waitFor();
    });

    it('when staff schedule one in the console, then it is listed with its door code', async () => {
      const day = new Date(Date.now() + 8 * HOUR + 3 * 24 * HOUR).toISOString().slice(0, 10);
      await office.getByTestId('meeting-drawer').locator('.ant-drawer-close').click();
      await office.getByTestId('meeting-drawer').waitFor({ state: 'hidden' });
      await office.getByTestId('meeting-schedule').click();
      await office.getByTestId('meeting-title-input').fill('楼道堆物专题议事会');
      const [from, to] = [
        office.getByTestId('meeting-schedule-form').locator('.ant-picker-range input').first(),
        office.getByTestId('meeting-schedule-form').locator('.ant-picker-range input').last(),
      ];
      await from.click();
      await from.fill(`${day} 19:00`);
      await from.press('Enter');
      await to.fill(`${day} 20:30`);
      await to.press('Enter');
      await office.getByTestId('meeting-place').fill('3号楼底楼活动室');
      await office.getByTestId('meeting-agenda-add').click();
      await office.getByTestId('meeting-agenda-title-0').fill('楼道堆物清理安排');
      await office.getByTestId('meeting-schedule-submit').click();
      await office.getByTestId('meeting-drawer').getByTestId('meeting-door-code').waitFor();
      await office.getByTestId('meeting-row').filter({ hasText: '楼道堆物专题议事会' }).waitFor();
      const stored = await tp.platform.database.db
        .selectFrom('meetings')
        .select('agenda_count')
        .where('title', '=', '楼道堆物专题议事会')
        .executeTakeFirstOrThrow();
      assert.equal(stored.agenda_count, 1);
      await office.getByTestId('meeting-drawer').locator('.ant-drawer-close').click();
    });

    it('when the resident registers on her phone, then she is registered', async () => {
      resident = await signIn(phone, tp.baseUrl, 'meeting-resident');
      await resident.goto(`${tp.baseUrl}/r/together/meetings`);
      await resident.getByTestId('meeting-card').filter({ hasText: '加装电梯居民议事会' }).click();
      await resident.getByTestId('meeting-register').click();
      await resident.getByTestId('meeting-mine').filter({ hasText: '已报名' }).waitFor();
    });

    it('when the door opens and she types a wrong code, then she is told; the right one checks her in', async () => {
      await shiftTo(0.5);
      const row = await tp.platform.database.db
        .selectFrom('meetings')
        .select('door_code')
        .where('id', '=', meetingId)
        .executeTakeFirstOrThrow();
      await resident.reload();
      const wrong = String((Number(row.door_code) + 1) % 1_000_000).padStart(6, '0');
      await resident.getByTestId('meeting-check-in-code').fill(wrong);
      await resident.getByTestId('meeting-check-in-submit').click();
      await resident.getByText('签到码不正确').waitFor();
      await resident.getByTestId('meeting-check-in-code').fill(row.door_code);
      await resident.getByTestId('meeting-check-in-submit').click();
      await resident.getByTestId('meeting-mine').filter({ hasText: '已签到' }).waitFor();
    });

    it('when staff publish the minutes and outcome, then the resident reads them, markup shown as text', async () => {
      await shiftTo(-1);
      await office.reload();
      await office.getByTestId('meeting-row').filter({ hasText: '加装电梯居民议事会' }).click();
      await office.getByTestId('meeting-minutes-form').waitFor();
      await office.getByTestId('meeting-decision-0-adopted').click();
      await office.getByTestId('meeting-outcome-0').fill('多数住户同意，进入设计征询');
      await office
        .getByTestId('meeting-minutes-input')
        .fill('出席 18 人。<script>window.hacked=1</script> 讨论了加装电梯方案。');
      await office.getByTestId('meeting-publish').click();
      await office.getByTestId('meeting-minutes').waitFor();
      await resident.reload();
      await resident.getByTestId('meeting-decision').filter({ hasText: '通过' }).waitFor();
      const minutes = await resident.getByTestId('meeting-minutes').textContent();
      assert.match(minutes ?? '', /<script>window\.hacked=1<\/script>/);
      assert.equal(
        await resident.evaluate(() => (window as { hacked?: number }).hacked),
        undefined,
      );
      await resident.screenshot({ path: artifact('meeting-outcomes-phone.png'), fullPage: true });
    });
  },
);
