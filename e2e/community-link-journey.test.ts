import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { fakeResidentId } from '../apps/server/src/modules/registry/index.js';
import type { Client, TestPlatform } from '../apps/server/src/testing.js';
import {
  artifact,
  browserMissing,
  choose,
  DESK,
  PHONE,
  phoneContext,
  signIn,
  startWithDemoResidents,
  until,
} from './browser.js';

const skip = browserMissing();
const COMMITTEE = '310101002001';
const STREET = '310101002000';
const VISITOR = { name: '周晓梅', phone: '13955501234', masked: '139****1234' };
/** Shanghai's calendar day, `days` from today */
const shanghaiDay = (days = 0) =>
  new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Issue 22's journey: a visitor from a key region declares from the compound's QR link on a
 * phone with the code from the outbox; 云南中路 sees the key-region badge and the observation
 * it opened; the visitor checks in once with a fever and the case is in 工单中心; a volunteer
 * posts a log that a resident praises; and the street's epidemic board, open all along, moves.
 */
describe(
  'browser journey: 社区通 — a declaration from the QR link, a home observation, a fever become a case, a praised volunteer log, and the board moves',
  { skip: skip ?? false },
  () => {
    let tp: TestPlatform;
    let browser: Browser;
    let desk: BrowserContext;
    let officeDesk: BrowserContext;
    let office: Page;
    let visitor: BrowserContext;
    let staff: Client;
    let board: Page;
    let declareUrl = '';
    let building = '';
    let room = '';
    let observationId = '';

    before(async () => {
      [tp, browser] = await startWithDemoResidents();
      staff = await tp.login('yunnan');
      // the city lists 武汉 as a high-risk region since a week ago
      const city = await tp.login('city');
      const listed = await city.post('/api/key-regions', {
        regionCode: '4201',
        level: 'high',
        from: shanghaiDay(-7),
        note: '演示',
      });
      assert.equal(listed.status, 201, JSON.stringify(listed.body));
      // a compound of 云南中路 with buildings on record, and its poster's link
      const compound = await tp.platform.deps.db
        .selectFrom('buildings')
        .select('compound_code')
        .where('committee_code', '=', COMMITTEE)
        .orderBy('compound_code')
        .executeTakeFirstOrThrow();
      const link = await staff.get(`/api/declaration-links/${compound.compound_code}`);
      assert.equal(link.status, 200, JSON.stringify(link.body));
      const token = String(link.body.token);
      declareUrl = `${tp.baseUrl}/d/${token}`;
      const place = await staff.get(`/api/declare/${token}`);
      const firstBuilding = place.body.buildings[0] as { id: string; name: string };
      building = firstBuilding.name;
      const rooms = await staff.get(`/api/declare/${token}/rooms?building=${firstBuilding.id}`);
      room = (rooms.body.items[0] as { label: string }).label;
      // linxia writes 志愿者日志 for 云南中路
      const linxia = await tp.platform.deps.db
        .selectFrom('accounts')
        .select('id')
        .where('username', '=', 'linxia')
        .executeTakeFirstOrThrow();
      const appointed = await staff.post('/api/daily-logs/authors', {
        committeeCode: COMMITTEE,
        accountId: linxia.id,
        kind: 'volunteer',
      });
      assert.equal(appointed.status, 201, JSON.stringify(appointed.body));
      desk = await browser.newContext({ viewport: DESK, locale: 'zh-CN' });
      officeDesk = await browser.newContext({ viewport: DESK, locale: 'zh-CN' });
      visitor = await phoneContext(browser);
    });
    after(async () => {
      await browser?.close();
      await tp?.close();
    });

    /** The newest text to `masked` in the 短信发件箱 that matches `pattern`, as the city reads it. */
    async function textedTo(masked: string, pattern: RegExp): Promise<RegExpMatchArray> {
      const city = await tp.login('city');
      return until(async () => {
        const outbox = await city.get('/api/sms-outbox?page=1&pageSize=50');
        const match = (outbox.body.items as { to: string; body: string }[])
          .filter((m) => m.to === masked)
          .map((m) => m.body.match(pattern))
          .find((m) => m !== null);
        assert.ok(match, `a text to ${masked} matching ${pattern}`);
        return match;
      });
    }

    const boardValue = (metric: string) =>
      board.getByTestId(`topic-metric-${metric}-value`).textContent();

    it('when the street opens its epidemic board, then the fed figures are there and empty', async () => {
      board = await signIn(desk, tp.baseUrl, 'nanjingdong', { from: `/topics/epidemic/${STREET}` });
      await board
        .locator(`[data-testid="topic-page"][data-state="ready"][data-area-code="${STREET}"]`)
        .waitFor();
      const metric = board.getByTestId('topic-metric-arrivals_declared-value');
      assert.ok(
        (await metric.count()) === 0 || (await metric.textContent()) !== '<5',
        'nothing declared yet',
      );
    });

    it('when a visitor from 武汉 declares from the QR link with the code from the outbox, then she gets a reference and the key-region notice', async () => {
      const page = await visitor.newPage();
      await page.goto(declareUrl);
      await page.getByTestId('declare-form').waitFor();
      await page.getByTestId('declare-phone').fill(VISITOR.phone);
      await page.getByTestId('declare-send-code').click();
      const code = (await textedTo(VISITOR.masked, /验证码\s*(\d{6})/))[1]!;
      await page.getByTestId('declare-code').fill(code);
      await page.getByTestId('declare-name').fill(VISITOR.name);
      await choose(page, 'declare-doc-kind', '居民身份证');
      await page
        .getByTestId('declare-doc-number')
        .fill(fakeResidentId('420106', '1990-03-08', 'female', () => 0.31));
      await choose(page, 'declare-origin', '武汉市', '武汉');
      await choose(page, 'declare-origin-county', '武昌区');
      await page.getByTestId('declare-arrival-date').fill(shanghaiDay(-1));
      await choose(page, 'declare-means', '火车');
      await choose(page, 'declare-building', building);
      // the room list arrives after the building is chosen: pick the room until it shows
      await until(async () => {
        await choose(page, 'declare-room', room);
        const shown = await page
          .getByTestId('declare-room')
          .evaluate((e) => (e.closest('.ant-select') ?? e).textContent ?? '');
        assert.ok(shown.includes(room), `room ${room} shown (${shown})`);
      });
      await choose(page, 'declare-purpose', '探亲访友');
      await page.getByTestId('declare-stay').fill('10');
      await page.getByTestId('declare-temperature').fill('36.6');
      await page.getByTestId('declare-submit').click();
      // the reference, or what the form or the server refused (named, with a picture)
      const refused = page.locator('.ant-alert-error, .ant-form-item-explain-error');
      await page.getByTestId('declare-reference').or(refused).first().waitFor({ timeout: 60_000 });
      if (!(await page.getByTestId('declare-reference').isVisible())) {
        await page.screenshot({ path: artifact('declare-refused.png') });
        assert.fail(
          `the declaration was not taken: ${(await refused.allTextContents()).join(' | ')}`,
        );
      }
      assert.match((await page.getByTestId('declare-reference').textContent()) ?? '', /SB-/);
      await page.getByTestId('declare-key-region').waitFor();
      await page.getByTestId('declare-observation').waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= PHONE.width, `no horizontal scroll (scrollWidth ${width})`);
      await page.screenshot({ path: artifact('community-link-declared.png'), fullPage: true });
    });

    it('when the board is open, then the new arrival reaches it without a reload', async () => {
      await until(async () => assert.equal(await boardValue('arrivals_declared'), '<5'));
      await until(async () => assert.equal(await boardValue('arrivals_key_regions'), '<5'));
      const api = await tp.login('nanjingdong');
      const shown = await api.get(`/api/topics/epidemic/${COMMITTEE}`);
      const declared = (shown.body.metrics as { id: string; display: string }[]).find(
        (m) => m.id === 'arrivals_declared',
      );
      assert.equal(declared?.display, '<5', 'one arrival in 云南中路, shown as fewer than five');
      await board.screenshot({ path: artifact('community-link-board.png'), fullPage: true });
    });

    it('when 云南中路 opens its declarations and observations, then the visitor carries the key-region badge and is under observation', async () => {
      office = await signIn(officeDesk, tp.baseUrl, 'yunnan', { from: '/declarations' });
      const row = office.getByTestId('declaration-row').filter({ hasText: '周*' }).first();
      await row.waitFor();
      await row.getByTestId('declaration-key-region').waitFor();
      const text = (await office.getByTestId('declarations-table').textContent()) ?? '';
      assert.ok(!text.includes(VISITOR.phone), 'no whole phone number on the list');
      await office.goto(`${tp.baseUrl}/observations`);
      const observed = office.getByTestId('observation-row').filter({ hasText: '周*' }).first();
      await observed.waitFor();
      await observed.getByTestId('observation-today-missing').waitFor();
      const list = await staff.get(`/api/observations?committee=${COMMITTEE}`);
      observationId = (list.body.items as { id: string; name: string }[]).find((o) =>
        o.name.startsWith('周'),
      )!.id;
      await office.screenshot({ path: artifact('community-link-observations.png') });
    });

    it('when the visitor checks in with a fever from the SMS link, then a case opens in 工单中心', async () => {
      const link = (await textedTo(VISITOR.masked, /(\/c\/[A-Za-z0-9_-]+)/))[1]!;
      const page = await visitor.newPage();
      await page.goto(`${tp.baseUrl}${link}`);
      await page.getByTestId('checkin-form').waitFor();
      await page.getByTestId('checkin-temperature').fill('38.4');
      await page.getByTestId('checkin-submit').click();
      await page.getByTestId('checkin-abnormal').waitFor();
      await page.screenshot({ path: artifact('community-link-fever.png') });

      const number = await until(async () => {
        const o = await staff.get(`/api/observations/${observationId}`);
        const n = (o.body.caseNumbers as string[])[0];
        assert.ok(n, 'the observation names its case');
        return n;
      });
      await office.goto(`${tp.baseUrl}/cases`);
      await office.getByTestId(`case-row-${number}`).waitFor();
      await office.goto(`${tp.baseUrl}/observations`);
      await office
        .getByTestId('observation-row')
        .filter({ hasText: '周*' })
        .first()
        .getByTestId('observation-today-abnormal')
        .waitFor();
      await until(async () => assert.equal(await boardValue('observation_abnormal'), '<5'));
    });

    it('when a volunteer posts a log and a resident praises it, then the author sees the praise', async () => {
      const volunteer = await phoneContext(browser);
      const author = await signIn(volunteer, tp.baseUrl, 'linxia', { from: '/r/logs' });
      await author.getByTestId('daily-log-new').click();
      await author
        .getByTestId('daily-log-body')
        .fill('今天协助居委为 3 号楼居家观察人员送菜上门，联系电话 13912345678。');
      await author.getByTestId('daily-log-submit').click();
      const posted = author.getByTestId('daily-log-item').first();
      await posted.waitFor();
      const text = (await posted.textContent()) ?? '';
      assert.ok(!text.includes('13912345678'), 'the phone number is masked on publish');

      const neighbour = await phoneContext(browser);
      const reader = await signIn(neighbour, tp.baseUrl, 'chenyu', { from: '/r/logs' });
      await reader.getByTestId('daily-log-open').first().click();
      await reader.getByTestId('daily-log-praise').click();
      await until(async () =>
        assert.equal(await reader.getByTestId('daily-log-praise-count').first().textContent(), '1'),
      );
      await reader.screenshot({ path: artifact('community-link-log-praised.png') });

      await author.reload();
      await until(async () =>
        assert.equal(await author.getByTestId('daily-log-praise-count').first().textContent(), '1'),
      );
      await volunteer.close();
      await neighbour.close();
    });
  },
);
