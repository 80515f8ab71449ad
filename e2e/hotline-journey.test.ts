import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestPlatform, type TestPlatform } from '../apps/server/src/testing.js';
import {
  artifact,
  browserMissing,
  choose,
  confirm,
  DESK,
  launchBrowser,
  signIn,
  signInByApi,
  until,
} from './browser.js';

const skip = browserMissing();

const HEADER = 'hotline_id,category,text,caller_name,caller_phone,address,lng,lat,received_at';

describe(
  'browser journey: admin adds the hotline as a department, uploads its work orders, maps the category a report held back, and the same file then files just those',
  { skip: skip ?? false },
  () => {
    let tp: TestPlatform;
    let browser: Browser;
    let desk: BrowserContext;
    let page: Page;
    let key = '';
    /** three orders: two of 路灯 (mapped first), one of 噪声扰民 (not mapped yet) */
    let orders = '';
    const received = new Date(Date.now() - 3_600_000).toISOString();

    const hotlineCases = async () =>
      tp.platform.database.db
        .selectFrom('cases')
        .select(['description', 'scenario_code', 'attributes'])
        .where('source', '=', 'hotline')
        .orderBy('description')
        .execute();

    /** The file input of the hotline page's upload, given a file of `text`. */
    const upload = (name: string, text: string) =>
      page
        .getByTestId('hotline-page')
        .locator('input[type="file"]')
        .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });

    /** The report shown below an import's line (the one just uploaded opens by itself). */
    const report = (id: string) => page.locator(`[data-testid="hotline-report"][data-id="${id}"]`);
    const importRow = (id: string) =>
      page.locator(`[data-testid="hotline-import-row"][data-id="${id}"]`);
    /** The newest import's id, from the table (newest first). */
    const newestImport = async () =>
      (await page.getByTestId('hotline-import-row').first().getAttribute('data-id'))!;

    before(async () => {
      [tp, browser] = await Promise.all([
        startTestPlatform('pglite', { loginsPerMinutePerIp: 1000, jobPollMs: 200 }),
        launchBrowser(),
      ]);
      const here = await tp.centreOf('310101002001');
      const row = (id: string, category: string, text: string, dLng: number, dLat: number) =>
        [id, category, text, '', '', '', here.lng + dLng, here.lat + dLat, received].join(',');
      orders = [
        HEADER,
        row('H-001', '路灯', '路灯不亮', 0, 0),
        row('H-002', '路灯', '路灯整夜闪烁', 0.002, 0),
        row('H-003', '噪声扰民', '夜间广场舞音响太响', 0, 0.002),
        '',
      ].join('\n');
      desk = await browser.newContext({ viewport: DESK, locale: 'zh-CN' });
      page = await signIn(desk, tp.baseUrl, 'admin');
    });
    after(async () => {
      await browser?.close();
      await tp?.close();
    });

    it('when admin adds the hotline in 委办局 with its grant, then its key is shown once and only its hint is listed', async () => {
      await page.getByTestId('nav-departments').click();
      await page.getByTestId('departments-page').waitFor();
      await page.getByTestId('department-create').click();
      await page.getByTestId('department-code-input').fill('hotline-intake');
      await page.getByTestId('department-name-input').fill('12345热线工单系统');
      await page.getByTestId('department-name-en-input').fill('12345 Hotline Work-Order System');
      await page.getByTestId('department-submit').click();
      await page.getByTestId('department-key').waitFor();
      key = await page.getByTestId('department-key').innerText();
      assert.match(key, /^ccd_/);
      await page.waitForTimeout(400);
      await page.screenshot({ path: artifact('hotline-department-key.png') });
      await page.getByTestId('department-key-done').click();
      await page.getByTestId('department-key').waitFor({ state: 'detached' });

      const row = page.locator('[data-testid="department-row"][data-id="hotline-intake"]');
      await row.waitFor();
      const text = await row.innerText();
      assert.match(text, /推送12345热线工单/, 'granted the hotline (the default of a new one)');
      assert.match(text, /启用/);
      assert.equal(
        await row.getByTestId('department-key-hint').innerText(),
        `${key.slice(0, 10)}…`,
      );
      await until(async () =>
        assert.ok(!(await page.content()).includes(key), 'the key is not on the page any more'),
      );
      const stored = await tp.platform.database.db
        .selectFrom('departments')
        .selectAll()
        .where('code', '=', 'hotline-intake')
        .executeTakeFirstOrThrow();
      assert.deepEqual(stored.grants, ['hotline']);
    });

    it('when admin maps 路灯 and uploads orders where 噪声扰民 is not mapped, then the report shows two created and one held back by its category', async () => {
      await page.getByTestId('nav-hotline').click();
      await page.getByTestId('hotline-page').waitFor();
      // the format the hotline's system sends, and where
      assert.match(
        await page.getByTestId('hotline-endpoint').innerText(),
        /\/api\/hotline\/orders/,
      );
      assert.match(await page.getByTestId('hotline-columns').innerText(), /received_at/);

      await page.getByTestId('hotline-category-create').click();
      await page.getByTestId('hotline-category-input').fill('路灯');
      await choose(page, 'hotline-category-scenario', '路灯不亮', '路灯');
      // a street light asks nothing that must be answered
      await page.getByTestId('hotline-category-no-fields').waitFor();
      await confirm(page, 'hotline-category-submit');
      await page
        .locator('[data-testid="hotline-category-row"][data-category="路灯"]')
        .and(page.locator('[data-scenario="street-light-out"]'))
        .waitFor();

      await upload('orders.csv', orders);
      const outcome = page.getByTestId('hotline-upload-outcome');
      await outcome.waitFor();
      assert.match(await outcome.innerText(), /新建 2 件，重复 0 件，暂缓 1 件/);
      const first = await until(async () => {
        const id = await newestImport();
        await report(id).waitFor({ timeout: 1000 });
        return id;
      });
      const summary = await report(first).getByTestId('hotline-report-summary').innerText();
      assert.match(summary, /读取 3 行/);
      assert.match(summary, /新建 2 件/);
      assert.match(summary, /暂缓 1 件/);
      assert.equal(await importRow(first).getByTestId('hotline-import-created').innerText(), '2');
      assert.equal(await importRow(first).getByTestId('hotline-import-held').innerText(), '1');
      const held = report(first).locator(
        '[data-testid="hotline-unmapped-row"][data-category="噪声扰民"]',
      );
      assert.equal(await held.getAttribute('data-rows'), '1');
      assert.equal((await held.getByTestId('hotline-held-ids').innerText()).trim(), 'H-003');
      await page.screenshot({ path: artifact('hotline-report-held.png'), fullPage: true });
      assert.deepEqual(
        (await hotlineCases()).map((c) => [c.description, c.scenario_code]),
        [
          ['路灯不亮', 'street-light-out'],
          ['路灯整夜闪烁', 'street-light-out'],
        ],
      );
    });

    it('when admin maps the held category from the report, then the dialog opens on it, asks the scenario’s required question, and the report says it is mapped now', async () => {
      const first = await newestImport();
      await report(first)
        .locator('[data-testid="hotline-map-category"][data-category="噪声扰民"]')
        .click();
      const category = page.getByTestId('hotline-category-input');
      await category.waitFor();
      assert.equal(await category.inputValue(), '噪声扰民');
      assert.ok(await category.isDisabled(), 'the category is the one held back');
      await choose(page, 'hotline-category-scenario', '噪声扰民', '噪声');
      // noise-nuisance must say where the noise comes from: it is refused without an answer
      await page.getByTestId('hotline-category-submit').click();
      await until(async () =>
        assert.match(
          await page.locator('.ant-form-item-explain-error').first().innerText(),
          /噪声来源/,
        ),
      );
      await page.getByTestId('hotline-field-source-square_dance').click();
      await confirm(page, 'hotline-category-submit');

      const mapped = page.locator('[data-testid="hotline-category-row"][data-category="噪声扰民"]');
      await mapped.waitFor();
      assert.equal(await mapped.getAttribute('data-scenario'), 'noise-nuisance');
      assert.match(
        await mapped.getByTestId('hotline-category-answer').innerText(),
        /噪声来源：广场舞\/文娱活动/,
      );
      await until(async () =>
        assert.match(
          await report(first).getByTestId('hotline-unmapped-now').innerText(),
          /现已对应：噪声扰民/,
        ),
      );
      const stored = await tp.platform.database.db
        .selectFrom('hotline_categories')
        .selectAll()
        .where('category', '=', '噪声扰民')
        .executeTakeFirstOrThrow();
      assert.deepEqual(stored.attributes, { source: 'square_dance' });
    });

    it('when the same file is uploaded again, then just the held order is created and the two filed before are duplicates', async () => {
      const first = await newestImport();
      await upload('orders.csv', orders);
      await until(async () =>
        assert.match(
          await page.getByTestId('hotline-upload-outcome').innerText(),
          /新建 1 件，重复 2 件，暂缓 0 件/,
        ),
      );
      const second = await until(async () => {
        const id = await newestImport();
        assert.notEqual(id, first);
        await report(id).waitFor({ timeout: 1000 });
        return id;
      });
      const summary = await report(second).getByTestId('hotline-report-summary').innerText();
      assert.match(summary, /新建 1 件/);
      assert.match(summary, /重复 2 件/);
      assert.match(summary, /暂缓 0 件/);
      assert.equal(
        await importRow(second).getByTestId('hotline-import-duplicates').innerText(),
        '2',
      );
      // the first file's line still says what it did then
      assert.equal(await importRow(first).getByTestId('hotline-import-created').innerText(), '2');
      await page.screenshot({ path: artifact('hotline-report-again.png'), fullPage: true });
      const cases = await hotlineCases();
      assert.equal(cases.length, 3);
      const noise = cases.find((c) => c.description === '夜间广场舞音响太响');
      assert.equal(noise?.scenario_code, 'noise-nuisance');
      assert.deepEqual(noise?.attributes, { source: 'square_dance' });
    });

    it('when a file has bad rows, then it is refused whole and its problems are listed by line and column', async () => {
      const here = await tp.centreOf('310101002001');
      const bad = [
        HEADER,
        `B-1,路灯,只有经度,,,,${here.lng},,${received}`,
        `B-2,路灯,时间不对,,,,${here.lng},${here.lat},2026-12-07 08:30`,
        '',
      ].join('\n');
      await upload('bad.csv', bad);
      await until(async () =>
        assert.match(await page.getByTestId('hotline-upload-outcome').innerText(), /2 处问题/),
      );
      const problems = page.getByTestId('hotline-report-problems');
      await problems.waitFor();
      const refused = await newestImport();
      assert.equal(await importRow(refused).getAttribute('data-outcome'), 'refused');
      await problems.locator('[data-line="2"][data-column="lat"]').waitFor();
      await problems.locator('[data-line="3"][data-column="received_at"]').waitFor();
      assert.equal(await problems.getByTestId('hotline-report-problems-row').count(), 2);
      await page.screenshot({ path: artifact('hotline-refused.png'), fullPage: true });
      assert.equal((await hotlineCases()).length, 3, 'nothing of a refused file was filed');
    });

    it('when the hotline’s system posts with the key shown, then its file is listed as sent through the API by the department', async () => {
      const here = await tp.centreOf('310101002001');
      const r = await fetch(`${tp.baseUrl}/api/hotline/orders`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
        body: `${HEADER}\nH-004,路灯,路灯杆倾斜,,,,${here.lng},${here.lat + 0.004},${received}\n`,
      });
      assert.equal(r.status, 200, await r.clone().text());
      const posted = (await r.json()) as { id: string; created: number };
      assert.equal(posted.created, 1);
      await page.reload();
      const row = importRow(posted.id);
      await row.waitFor();
      assert.equal(await row.getAttribute('data-via'), 'api');
      assert.match(await row.innerText(), /接口推送/);
      assert.match(await row.innerText(), /hotline-intake/);
      assert.equal(await row.getByTestId('hotline-import-created').innerText(), '1');
    });

    it('when the hotline desk opens the page, then it reads the mapping and reports but changes nothing; a district operator sees neither entry', async () => {
      const hotlineDesk = await browser.newContext({ viewport: DESK, locale: 'zh-CN' });
      await signInByApi(hotlineDesk, tp.baseUrl, 'hotline');
      const p = await hotlineDesk.newPage();
      await p.goto(`${tp.baseUrl}/hotline`);
      await p.getByTestId('hotline-page').waitFor();
      await p.getByTestId('nav-hotline').waitFor();
      assert.equal(await p.getByTestId('nav-departments').count(), 0);
      await p.locator('[data-testid="hotline-category-row"][data-category="噪声扰民"]').waitFor();
      await p.getByTestId('hotline-import-row').first().waitFor();
      assert.equal(await p.getByTestId('hotline-upload').count(), 0);
      assert.equal(await p.getByTestId('hotline-category-create').count(), 0);
      assert.equal(await p.getByTestId('hotline-category-edit').count(), 0);
      await hotlineDesk.close();

      const district = await browser.newContext({ viewport: DESK, locale: 'zh-CN' });
      await signInByApi(district, tp.baseUrl, 'huangpu');
      const d = await district.newPage();
      await d.goto(`${tp.baseUrl}/`);
      await d.getByTestId('main-menu').waitFor();
      assert.equal(await d.getByTestId('nav-hotline').count(), 0);
      assert.equal(await d.getByTestId('nav-departments').count(), 0);
      await district.close();
    });
  },
);
