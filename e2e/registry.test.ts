import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { REGISTRY_COLUMNS, type Resident } from '@cc/contracts';
import type { Browser, Page } from 'playwright-core';
import { fakeResidentId, xlsxFile } from '../apps/server/src/modules/registry/index.js';
import {
  DEMO,
  eventually,
  startTestPlatform,
  type TestPlatform,
} from '../apps/server/src/testing.js';
import { artifact, browserMissing, choose, launchBrowser } from './browser.js';

const skip = browserMissing();
const COMMITTEE = '310101002001'; // 云南中路居委会
const COMPOUND = '云南中路花园';
const DESKTOP = { width: 1366, height: 900 };
/** an import runs on the server after the upload: generous on a slow machine, but bounded */
const IMPORT_WAIT = 90_000;
const WAIT = 30_000;
const REASON = '核实独居老人走访信息';
const MASKED_ID = /^\d{4}\*{10}\d{3}[\dX]$/;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Person {
  name: string;
  masked: string;
  birth: string;
  sex: 'male' | 'female';
  id: string;
  phone: string;
  room: string;
  household: string;
  relation: string;
  tags: string;
}

/** Eight people in 8号楼 1单元 101–104: two elderly each alone in a room, two families. */
const PEOPLE: Person[] = (
  [
    ['王秀英', '1942-03-15', 'female', '101', '户主', '独居老人'],
    ['陈建国', '1946-11-02', 'male', '102', '户主', '独居老人'],
    ['李明', '1978-05-20', 'male', '103', '户主', ''],
    ['张丽', '1980-08-09', 'female', '103', '配偶', ''],
    ['李小雨', '2010-01-30', 'female', '103', '子女', ''],
    ['赵强', '1985-12-12', 'male', '104', '户主', ''],
    ['孙梅', '1987-04-04', 'female', '104', '配偶', ''],
    ['赵晨', '2015-06-18', 'male', '104', '子女', ''],
  ] as const
).map(([name, birth, sex, room, relation, tags], i) => ({
  name,
  masked: [...name].map((c, k) => (k === 0 ? c : '*')).join(''),
  birth,
  sex,
  id: fakeResidentId('310101', birth, sex, () => (i * 0.137 + 0.05) % 1),
  phone: `1391234${String(1000 + i)}`,
  room,
  household: `8-1-${room}`,
  relation,
  tags,
}));
const ELDERLY = PEOPLE.filter((p) => p.tags === '独居老人');

/** the spreadsheet rows (header = row 1) that the first file gets wrong */
const BAD_CHECK_DIGIT = 5; // 张丽
const BAD_ROOM = 8; // 孙梅

/** A residents workbook with the template's Chinese headers, every cell text (as the export writes it). */
async function residentsXlsx(people: Person[]): Promise<Buffer> {
  const columns = REGISTRY_COLUMNS.residents;
  const rows = [columns.map((c) => c.zh)];
  for (const p of people) {
    const values: Record<string, string> = {
      name: p.name,
      documentType: '居民身份证',
      documentNumber: p.id,
      phone: p.phone,
      birthDate: '', // a resident ID carries it
      sex: '',
      registration: '本市户籍',
      nationality: 'CHN',
      compound: COMPOUND,
      building: '8号楼',
      unit: '1单元',
      room: p.room,
      householdNumber: p.household,
      relation: p.relation,
      tags: p.tags,
    };
    rows.push(columns.map((c) => values[c.key] ?? ''));
  }
  const parts: Buffer[] = [];
  for await (const b of xlsxFile(rows, { sheetName: '居民', columns: columns.length }))
    parts.push(b as Buffer);
  return Buffer.concat(parts);
}

const housingCsv = () =>
  Buffer.from(
    [
      '\uFEFF小区,楼栋,单元,室号,楼层,建筑面积,用途,产权,居住状态',
      ...['101', '102', '103', '104'].map(
        (room) => `${COMPOUND},8号楼,1单元,${room},1,62.5,住宅,私有,自住`,
      ),
    ].join('\n'),
    'utf8',
  );

describe('browser journey: the community registry of a committee', { skip: skip ?? false }, () => {
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

  /** Choose the kind and the file on the import page, send it, and wait for the outcome. */
  async function importThroughPage(
    page: Page,
    kind: 'housing' | 'residents',
    file: { name: string; mimeType: string; buffer: Buffer },
    status: 'done' | 'failed',
  ) {
    await page.getByTestId(`registry-import-kind-${kind}`).click();
    await page.waitForURL((url) => url.searchParams.get('kind') === kind);
    await page.getByTestId('registry-import-file').setInputFiles(file);
    assert.equal(await page.getByTestId('registry-import-file-name').textContent(), file.name);
    await page.getByTestId('registry-import-submit').click();
    const outcome = page.locator(
      `[data-testid="registry-import-outcome"][data-status="${status}"]`,
      {
        hasText: file.name,
      },
    );
    await outcome.waitFor({ timeout: IMPORT_WAIT });
    return outcome;
  }

  it('when committee staff import housing and residents, a bad file is refused whole, the elderly living alone are found masked, and a reveal is audited with its reason', async () => {
    // 1. the rooms first: 8号楼 1单元 101–104 in 云南中路花园
    const page = await signIn('yunnan', DESKTOP);
    await page.goto(`${tp.baseUrl}/registry/${COMMITTEE}/import`);
    await page.getByTestId('registry-import').waitFor();
    await importThroughPage(
      page,
      'housing',
      { name: 'housing-8.csv', mimeType: 'text/csv', buffer: housingCsv() },
      'done',
    );
    await page.locator('[data-testid="registry-import-progress"][data-status="done"]').waitFor();
    assert.equal(await page.getByTestId('registry-import-inserted').textContent(), '新增 4 条');

    // 2. residents with two bad rows: a wrong check digit and a room that does not exist
    const bad = PEOPLE.map((p, i) => {
      const row = i + 2;
      if (row === BAD_CHECK_DIGIT)
        return { ...p, id: p.id.slice(0, 17) + (p.id[17] === '0' ? '1' : '0') };
      if (row === BAD_ROOM) return { ...p, room: '105' };
      return p;
    });
    const failed = await importThroughPage(
      page,
      'residents',
      { name: 'residents-bad.xlsx', mimeType: XLSX_TYPE, buffer: await residentsXlsx(bad) },
      'failed',
    );
    assert.match(
      (await failed.getByTestId('registry-import-failed').textContent()) ?? '',
      /导入失败，没有保存任何数据/,
    );
    assert.match((await failed.textContent()) ?? '', /共读取 8 行，其中 2 行有误/);
    const problems = page.locator('[data-testid="registry-import-problems"] tr.ant-table-row');
    await problems.first().waitFor();
    const shown = await problems.evaluateAll((rows) =>
      rows.map((row) => Array.from(row.querySelectorAll('td')).map((td) => td.textContent ?? '')),
    );
    assert.deepEqual(
      shown.map(([row]) => Number(row)),
      [BAD_CHECK_DIGIT, BAD_ROOM],
      `the problems name exactly the two bad rows: ${JSON.stringify(shown)}`,
    );
    assert.match(shown[0]![1]!, /^证件号码/);
    assert.match(shown[0]![2]!, /校验码/);
    assert.match(shown[1]![1]!, /^室号/);
    // the reason names the rule, never the cell's value (issue 18)
    assert.match(shown[1]![2]!, /没有该房屋/);
    assert.doesNotMatch(shown[1]![2]!, /105/);
    const reportLink = page.getByTestId('registry-import-report');
    assert.match((await reportLink.getAttribute('href')) ?? '', /\/imports\/[^/]+\/report\.csv$/);
    const [report] = await Promise.all([page.waitForEvent('download'), reportLink.click()]);
    const reportText = fs.readFileSync((await report.path())!, 'utf8');
    assert.match(reportText, new RegExp(`\\n${BAD_CHECK_DIGIT},"证件号码`));
    assert.match(reportText, new RegExp(`\\n${BAD_ROOM},"室号`));
    const api = await tp.login('yunnan');
    const none = await api.get<{ items: Resident[] }>(`/api/registry/residents?area=${COMMITTEE}`);
    assert.equal(none.body.items.length, 0, 'nothing was stored');
    await page.getByTestId('registry-import-problems').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifact('registry-import-report.png') });

    // 3. the file corrected: all eight stored
    await importThroughPage(
      page,
      'residents',
      { name: 'residents-fixed.xlsx', mimeType: XLSX_TYPE, buffer: await residentsXlsx(PEOPLE) },
      'done',
    );
    await page.locator('[data-testid="registry-import-progress"][data-status="done"]').waitFor();
    assert.equal(
      await page.getByTestId('registry-import-inserted').textContent(),
      `新增 ${PEOPLE.length} 条`,
    );

    // 4. the one screen: the care group of the elderly living alone opens their list, masked
    await page.goto(`${tp.baseUrl}/registry/${COMMITTEE}`);
    await page
      .locator(`[data-testid="registry-screen"][data-state="ready"][data-area-code="${COMMITTEE}"]`)
      .waitFor({ timeout: WAIT });
    const care = page.getByTestId('care-elderly_alone');
    await care.waitFor();
    assert.match((await care.textContent()) ?? '', /独居老人/);
    await page.waitForTimeout(600); // the charts' entry animation
    await page.screenshot({ path: artifact('registry-one-screen.png'), fullPage: true });
    await care.click();
    await page.waitForURL((url) => url.searchParams.get('tag') === 'elderly_alone');
    assert.equal(new URL(page.url()).pathname, `/registry/${COMMITTEE}/residents`);
    await page.getByTestId('chip-tag').waitFor();
    const rows = page.locator('[data-testid="residents-table"] tr.ant-table-row');
    await eventually(async () => (await rows.count()) === ELDERLY.length, WAIT);
    const listed = await rows.evaluateAll((trs) =>
      trs.map((tr) => ({
        name: tr.querySelector('a[data-testid^="resident-link-"]')?.textContent ?? '',
        document: tr.querySelector('.cc-reg-mono')?.textContent ?? '',
      })),
    );
    assert.deepEqual(
      listed.map((r) => r.name).sort(),
      ELDERLY.map((p) => p.masked).sort(),
      `the elderly living alone, names masked: ${JSON.stringify(listed)}`,
    );
    for (const row of listed) {
      assert.match(row.document, MASKED_ID);
      const person = ELDERLY.find((p) => p.masked === row.name)!;
      assert.equal(row.document.slice(0, 4), person.id.slice(0, 4));
      assert.equal(row.document.slice(-4), person.id.slice(-4));
    }
    const html = await page.content();
    for (const p of PEOPLE) {
      assert.equal(html.includes(p.id), false, 'no number in clear on the list');
      assert.equal(html.includes(p.name), false, 'no name in clear on the list');
    }
    await page.screenshot({ path: artifact('registry-elderly-alone.png'), fullPage: true });

    // 5. one of them in full, for a reason
    const elder = ELDERLY[0]!;
    await rows
      .filter({ hasText: elder.masked })
      .locator('a[data-testid^="resident-link-"]')
      .click();
    await page.getByTestId('resident-detail').waitFor();
    assert.match(page.url(), /\/registry\/residents\/[^/]+$/);
    assert.match((await page.getByTestId('resident-document').textContent()) ?? '', MASKED_ID);
    await page.getByTestId('resident-reveal').click();
    // the dialog zooms in: a click while it grows can press on the button and let go beside it
    await page
      .locator('.ant-modal:not([class*="ant-zoom"])', { has: page.getByTestId('reveal-reason') })
      .waitFor();
    await page.getByTestId('reveal-reason').fill(REASON);
    await page.locator('[data-testid="reveal-confirm"]:not([disabled])').waitFor();
    await page.getByTestId('reveal-confirm').click();
    const revealed = page.getByTestId('revealed-document');
    await revealed.waitFor({ timeout: WAIT });
    assert.equal(await revealed.textContent(), elder.id);
    assert.equal(await page.getByTestId('revealed-phone').textContent(), elder.phone);
    await page.screenshot({ path: artifact('registry-reveal.png') });
    await page.getByTestId('reveal-close').click();
    await revealed.waitFor({ state: 'detached' });
    await page.locator('.ant-modal').waitFor({ state: 'detached' });
    assert.equal((await page.content()).includes(elder.id), false, 'the number is gone');
    assert.match((await page.getByTestId('resident-document').textContent()) ?? '', MASKED_ID);
    await page.context().close();

    // 6. the administrator finds the reveal in the audit log, by whom and why
    const audit = await signIn('admin', DESKTOP);
    await audit.goto(`${tp.baseUrl}/audit`);
    await audit.getByTestId('audit-page').waitFor();
    // the action is named in the reader's language (its code is in the raw record)
    const REVEAL = '查看居民完整信息';
    await choose(audit, 'audit-action-filter', REVEAL, REVEAL);
    await audit.getByTestId('audit-search').click();
    const entries = audit.locator('[data-testid="audit-table"] tr.ant-table-row');
    const others = entries.filter({ hasNotText: REVEAL });
    await eventually(
      async () => (await entries.count()) === 1 && (await others.count()) === 0,
      WAIT,
    );
    const entry = entries.first();
    const text = (await entry.textContent()) ?? '';
    assert.match(text, /yunnan/);
    assert.match(text, /成功/);
    // the row opens the record: its reason among the labelled fields
    await entry.click();
    const fields = audit.getByTestId('audit-record').getByTestId('audit-fields');
    await fields.filter({ hasText: REASON }).waitFor();
    await audit.screenshot({ path: artifact('registry-audit.png') });
    await audit.context().close();
  });
});
