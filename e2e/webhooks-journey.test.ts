import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestPlatform, type TestPlatform } from '../apps/server/src/testing.js';
import { artifact, browserMissing, DESK, launchBrowser, signIn, until } from './browser.js';

const skip = browserMissing();

describe(
  'browser journey: admin adds a webhook subscriber in 外部订阅, keeps its secret, and sees its deliveries arrive signed',
  { skip: skip ?? false },
  () => {
    let tp: TestPlatform;
    let browser: Browser;
    let desk: BrowserContext;
    let page: Page;
    /** a system of the city that wants case events: it keeps what it gets */
    const got: { id: string; timestamp: string; signature: string; body: string }[] = [];
    const receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        got.push({
          id: String(req.headers['webhook-id']),
          timestamp: String(req.headers['webhook-timestamp']),
          signature: String(req.headers['webhook-signature']),
          body,
        });
        res.writeHead(200).end();
      });
    });
    const receiverUrl = () =>
      `http://127.0.0.1:${(receiver.address() as { port: number }).port}/events`;
    const verifies = (secret: string, m: (typeof got)[number]) =>
      m.signature ===
      `v1,${crypto
        .createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64'))
        .update(`${m.id}.${m.timestamp}.${m.body}`)
        .digest('base64')}`;
    let secret = '';
    let subscriberId = '';

    before(async () => {
      await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
      [tp, browser] = await Promise.all([
        startTestPlatform('pglite', { loginsPerMinutePerIp: 1000, jobPollMs: 200 }),
        launchBrowser(),
      ]);
      desk = await browser.newContext({ viewport: DESK, locale: 'zh-CN' });
      page = await signIn(desk, tp.baseUrl, 'admin');
    });
    after(async () => {
      await browser?.close();
      await tp?.close();
      await new Promise<void>((r) => receiver.close(() => r()));
    });

    it('when admin opens 外部订阅 and adds a subscriber, then its secret is shown once and it is listed', async () => {
      await page.getByTestId('nav-webhooks').click();
      await page.getByTestId('webhooks-page').waitFor();
      await page.getByTestId('webhook-create').click();
      await page.getByTestId('webhook-name-input').fill('区城运中心大屏');
      // the platform itself is refused, beside the field
      await page.getByTestId('webhook-url-input').fill(`${tp.baseUrl}/api/health`);
      await page.getByTestId('webhook-submit').click();
      await until(async () =>
        assert.match(
          await page.locator('.ant-form-item-explain-error').first().innerText(),
          /本平台/,
        ),
      );
      await page.getByTestId('webhook-url-input').fill(receiverUrl());
      await page.getByTestId('webhook-event-case.dispatched').click();
      await page.getByTestId('webhook-submit').click();
      await page.getByTestId('webhook-secret').waitFor();
      secret = await page.getByTestId('webhook-secret').innerText();
      assert.match(secret, /^whsec_/);
      await page.getByTestId('webhook-secret-done').click();
      const row = page.getByTestId('webhook-row').filter({ hasText: '区城运中心大屏' });
      await row.waitFor();
      subscriberId = (await row.getAttribute('data-id'))!;
      assert.match(await row.innerText(), /工单上报/);
      assert.match(await row.innerText(), /工单派单/);
    });

    it('when a case is filed and admin sends a test, then the receiver gets both signed, and the log shows them delivered', async () => {
      const inspector = await tp.login('inspector');
      const here = await tp.centreOf('310101002001');
      const c = await inspector.post('/api/cases', {
        scenarioCode: 'illegal-small-ads',
        description: '电线杆上小广告',
        attributes: {},
        lat: here.lat + 0.002,
        lng: here.lng,
      });
      assert.equal(c.status, 201, JSON.stringify(c.body));
      await page
        .getByTestId('webhook-test')
        .and(page.locator(`[data-id="${subscriberId}"]`))
        .click();
      await until(async () => {
        const types = got.map((m) => (JSON.parse(m.body) as { type: string }).type).sort();
        assert.deepEqual(types, ['case.filed', 'ping']);
      });
      for (const m of got) assert.ok(verifies(secret, m), 'signed with the secret shown');

      await page
        .getByTestId('webhook-deliveries')
        .and(page.locator(`[data-id="${subscriberId}"]`))
        .click();
      await page.getByTestId('webhook-deliveries-drawer').waitFor();
      await until(async () => {
        const rows = page.getByTestId('delivery-row');
        assert.equal(await rows.count(), 2);
        assert.equal(
          await page.locator('[data-testid="delivery-row"][data-status="delivered"]').count(),
          2,
        );
      });
      assert.match(
        await page.getByTestId('webhook-deliveries-drawer').innerText(),
        new RegExp(c.body.number as string),
      );
      // the drawer has finished sliding in: the log is on screen, not on its way
      await until(async () => {
        const box = await page.locator('.ant-drawer-content-wrapper').last().boundingBox();
        assert.ok(box && box.width > 1000 && box.x + box.width <= 1440);
      });
      await page.waitForTimeout(400);
      await page.screenshot({ path: artifact('webhooks-deliveries.png') });
    });
  },
);
