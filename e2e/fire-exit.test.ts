import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import {
  accountId,
  DEMO,
  eventually,
  startTestPlatform,
  type TestPlatform,
} from '../apps/server/src/testing.js';
import { artifact, browserMissing, launchBrowser } from './browser.js';

const skip = browserMissing();
const PHONE = { width: 375, height: 812 };

async function photo(colour: { r: number; g: number; b: number }) {
  const buffer = await sharp({
    create: { width: 640, height: 480, channels: 3, background: colour },
  })
    .jpeg()
    .toBuffer();
  return { name: 'photo.jpg', mimeType: 'image/jpeg', buffer };
}

describe(
  'browser journey at a phone: the fire-exit story of 一网统管',
  { skip: skip ?? false },
  () => {
    let tp: TestPlatform;
    let browser: Browser;
    let here: { lat: number; lng: number };
    before(async () => {
      [tp, browser] = await Promise.all([
        startTestPlatform('pglite', { loginsPerMinutePerIp: 1000, jobPollMs: 200 }),
        launchBrowser(),
      ]);
      here = await tp.centreOf('310101002001');
      // the supermarket is a fixed point whose leader is the demo handler
      const street = await tp.login('nanjingdong');
      const point = await street.post('/api/dispatch/points', {
        name: '第一食品商店',
        kind: 'shop',
        lat: here.lat,
        lng: here.lng,
        radiusMeters: 80,
        scenarioCodes: ['fire-exit-blocked'],
        leaderId: await accountId(tp, 'handler'),
        unitName: '第一食品商店物业',
      });
      assert.equal(point.status, 201);
    });
    after(async () => {
      await browser?.close();
      await tp?.close();
    });

    async function phoneAs(username: string): Promise<Page> {
      const context = await browser.newContext({
        viewport: PHONE,
        locale: 'zh-CN',
        geolocation: { latitude: here.lat, longitude: here.lng },
        permissions: ['geolocation'],
      });
      const page = await context.newPage();
      await page.goto(`${tp.baseUrl}/login`);
      await page.getByTestId('login-username').fill(username);
      await page.getByTestId('login-password').fill(DEMO.password);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('home-page').waitFor();
      return page;
    }

    async function act(
      page: Page,
      action: string,
      fill: { note?: string; photo?: Awaited<ReturnType<typeof photo>> } = {},
    ) {
      const version = await page.getByTestId('case-detail-page').getAttribute('data-version');
      await page.getByTestId(`case-action-${action}`).click();
      await page.getByTestId('case-action-submit').waitFor();
      if (fill.note) await page.getByTestId('case-action-note').fill(fill.note);
      if (fill.photo) {
        await page.getByTestId('case-action-photo-input').setInputFiles(fill.photo);
        await page.locator('[data-testid="photo-item"][data-status="done"]').first().waitFor();
      }
      await page.getByTestId('case-action-submit').click();
      await page
        .locator(`[data-testid="case-detail-page"]:not([data-version="${version}"])`)
        .waitFor();
    }

    it('when an inspector reports with a photo, the text goes out, the handler resolves with a photo and the inspector closes, then the timeline shows each step', async () => {
      // 08:30 — the inspector photographs the blocked exit
      const inspector = await phoneAs('inspector');
      await inspector.goto(`${tp.baseUrl}/report?lat=${here.lat}&lng=${here.lng}`);
      await inspector
        .getByTestId('report-photo-input')
        .setInputFiles(await photo({ r: 180, g: 40, b: 40 }));
      await inspector.locator('[data-testid="photo-item"][data-status="done"]').first().waitFor();
      await inspector.getByTestId('report-scenario-search').fill('消防');
      await inspector.getByTestId('report-scenario-option-fire-exit-blocked').click();
      await inspector.getByTestId('report-field-exit_location').fill('超市东侧安全出口');
      await inspector.getByTestId('report-field-blocked_by-goods').click();
      await inspector.getByTestId('report-description').fill('超市安全出口被货物堵住，无法打开');
      await inspector.getByTestId('report-area-name').waitFor();
      await inspector.screenshot({ path: artifact('fire-exit-1-report.png'), fullPage: true });
      await inspector.getByTestId('report-submit').click();
      const number = (await inspector.getByTestId('report-success-number').textContent())!.trim();
      assert.match(number, /^\d{14}$/);
      const row = await tp.platform.database.db
        .selectFrom('cases')
        .select(['id', 'status'])
        .where('number', '=', number)
        .executeTakeFirstOrThrow();
      assert.equal(row.status, 'dispatched');

      // at once — the point leader's text is in the outbox
      const street = await tp.login('nanjingdong');
      const sms = await eventually(async () => {
        const box = await street.get('/api/sms-outbox');
        return box.body.items.find(
          (m: { caseId: string; status: string }) => m.caseId === row.id && m.status === 'sent',
        );
      });
      assert.match(sms.body, new RegExp(number));

      // 08:32 — the handler opens it on the phone, accepts, and resolves with an after photo
      const handler = await phoneAs('handler');
      await handler.goto(`${tp.baseUrl}/cases/${row.id}`);
      await handler.getByTestId('case-action-accept').waitFor();
      await act(handler, 'accept');
      await act(handler, 'resolve', {
        note: '货物已搬离，安全出口已打开',
        photo: await photo({ r: 40, g: 180, b: 60 }),
      });
      assert.equal(
        await handler.getByTestId('case-status').getAttribute('data-status'),
        'resolved',
      );

      // the inspector verifies and closes
      await inspector.goto(`${tp.baseUrl}/cases/${row.id}`);
      await act(inspector, 'close', { note: '现场核实已打开' });
      assert.equal(
        await inspector.getByTestId('case-status').getAttribute('data-status'),
        'closed',
      );
      const timeline = inspector.getByTestId('case-timeline');
      for (const step of ['report', 'dispatch', 'accept', 'resolve', 'close']) {
        assert.equal(await timeline.getByTestId(`timeline-item-${step}`).count(), 1, step);
      }
      await inspector.screenshot({
        path: artifact('fire-exit-2-closed-timeline.png'),
        fullPage: true,
      });
      const width = await inspector.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= PHONE.width, `no horizontal scroll on a phone (scrollWidth ${width})`);
    });
  },
);
