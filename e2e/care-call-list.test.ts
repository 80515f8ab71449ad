import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RegistryImport, Resident } from '@cc/contracts';
import type { Browser } from 'playwright-core';
import { fakeResidentId } from '../apps/server/src/modules/registry/index.js';
import {
  DEMO,
  eventually,
  startTestPlatform,
  type Client,
  type TestPlatform,
} from '../apps/server/src/testing.js';
import { artifact, browserMissing, choose, launchBrowser } from './browser.js';

const skip = browserMissing();
const COMMITTEE = '310101002001'; // 云南中路居委会
const COMPOUND = '云南中路花园';
const WAIT = 30_000;
const REASON = '寒潮来临，逐户电话问候';

/** Three elderly living alone in 7号楼, and a neighbour who is not on the list. */
const PEOPLE = (
  [
    ['钱秀珍', '1938-02-11', '101', '独居老人'],
    ['孙德明', '1941-07-23', '102', '独居老人'],
    ['李桂芳', '1944-12-05', '103', '独居老人'],
    ['周磊', '1982-03-30', '104', ''],
  ] as const
).map(([name, birth, room, tags], i) => ({
  name,
  room,
  tags,
  id: fakeResidentId('310101', birth, 'female', () => (i * 0.29 + 0.11) % 1),
  phone: `1380021${String(1000 + i)}`,
}));
const ELDERLY = PEOPLE.filter((p) => p.tags);
const CONTACT = { name: '钱志刚', relation: 'child', phone: '13900007777' };

async function importDone(c: Client, kind: string, content: string) {
  const fd = new FormData();
  fd.append('file', new Blob([content]), `${kind}.csv`);
  const r = await c.post<RegistryImport>(
    `/api/registry/imports?kind=${kind}&committee=${COMMITTEE}`,
    fd,
  );
  assert.equal(r.status, 202, JSON.stringify(r.body));
  await eventually(
    async () =>
      (await c.get<RegistryImport>(`/api/registry/imports/${r.body.id}`)).body.status === 'done',
    WAIT,
  );
}

describe('browser journey: the call list of a care group', { skip: skip ?? false }, () => {
  let tp: TestPlatform;
  let browser: Browser;
  before(async () => {
    [tp, browser] = await Promise.all([startTestPlatform('pglite'), launchBrowser()]);
    const api = await tp.login('yunnan');
    await importDone(
      api,
      'housing',
      [
        '\uFEFF小区,楼栋,单元,室号,楼层,建筑面积,用途,产权,居住状态',
        ...PEOPLE.map((p) => `${COMPOUND},7号楼,1单元,${p.room},1,50,住宅,私有,自住`),
      ].join('\n'),
    );
    await importDone(
      api,
      'residents',
      [
        '\uFEFF姓名,证件类型,证件号码,手机号,户籍类型,小区,楼栋,单元,室号,户号,与户主关系,标签',
        ...PEOPLE.map(
          (p) =>
            `${p.name},居民身份证,${p.id},${p.phone},本市户籍,${COMPOUND},7号楼,1单元,${p.room},7-${p.room},户主,${p.tags}`,
        ),
      ].join('\n'),
    );
    const list = await api.get<{ items: Resident[] }>(
      `/api/registry/residents?area=${COMMITTEE}&tag=elderly_alone`,
    );
    const first = list.body.items.find((r) => r.name === '钱**')!;
    const set = await api.request(
      'PUT',
      `/api/registry/residents/${first.id}/emergency-contact`,
      CONTACT,
    );
    assert.equal(set.status, 200, JSON.stringify(set.body));
  });
  after(async () => {
    await browser?.close();
    await tp?.close();
  });

  it('when committee staff open the elderly living alone and reveal the call list with a reason, then every phone shows as a link to call, with the emergency contact', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'zh-CN',
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await page.goto(`${tp.baseUrl}/login`);
    await page.getByTestId('login-username').fill('yunnan');
    await page.getByTestId('login-password').fill(DEMO.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('home-page').waitFor();

    await page.goto(`${tp.baseUrl}/registry/${COMMITTEE}/residents?tag=elderly_alone`);
    const rows = page.locator('[data-testid="residents-table"] tr.ant-table-row');
    await eventually(async () => (await rows.count()) === ELDERLY.length, WAIT);
    for (const p of PEOPLE)
      assert.equal((await page.content()).includes(p.phone), false, 'no phone before the reveal');

    await page.getByTestId('call-list-open').click();
    await page
      .locator('.ant-modal:not([class*="ant-zoom"])', { has: page.getByTestId('call-list-reason') })
      .waitFor();
    assert.equal(await page.getByTestId('call-list-confirm').isDisabled(), true, 'a reason first');
    await page.getByTestId('call-list-reason').fill(REASON);
    await page.locator('[data-testid="call-list-confirm"]:not([disabled])').click();
    const list = page.getByTestId('call-list');
    await list.waitFor({ timeout: WAIT });

    const phones = await list
      .locator('a[data-testid^="call-list-phone-"]')
      .evaluateAll((links) =>
        links.map((a) => ({ text: a.textContent, href: a.getAttribute('href') })),
      );
    assert.deepEqual(
      phones.map((p) => p.text).sort(),
      ELDERLY.map((p) => p.phone).sort(),
      `the three phones in clear: ${JSON.stringify(phones)}`,
    );
    for (const p of phones) assert.equal(p.href, `tel:${p.text}`);
    const text = (await list.textContent()) ?? '';
    for (const p of ELDERLY) assert.match(text, new RegExp(p.name));
    assert.doesNotMatch(text, /周磊/, 'the neighbour is not on the list');
    assert.match(text, /钱志刚 · 子女/);
    assert.ok(
      await list.locator(`a[href="tel:${CONTACT.phone}"]`).count(),
      'the contact is one tap away',
    );
    await page.screenshot({ path: artifact('care-call-list-phone.png'), fullPage: true });

    // one audit entry per person, with the reason
    const audit = await tp.platform.database.db
      .selectFrom('audit_log')
      .select(['object_id', 'detail'])
      .where('action', '=', 'registry.resident.reveal')
      .execute();
    const ours = audit.filter((a) => (a.detail as { reason?: string }).reason === REASON);
    assert.equal(ours.length, ELDERLY.length);

    // closing forgets the list
    await page.getByTestId('call-list-close').click();
    await list.waitFor({ state: 'detached' });
    for (const p of ELDERLY)
      assert.equal((await page.content()).includes(p.phone), false, 'the phones are gone');

    // an elder without a contact gets one on their page: a bad phone is named, a good one shows masked
    const elder = ELDERLY[1]!;
    await rows
      .filter({ hasText: `${elder.name[0]}**` })
      .locator('a[data-testid^="resident-link-"]')
      .click();
    await page.getByTestId('resident-detail').waitFor();
    await page.getByTestId('emergency-contact-none').waitFor();
    await page.getByTestId('emergency-contact-edit').click();
    await page.getByTestId('emergency-contact-name-input').fill('孙丽');
    // a pick lost while the list opens (a loaded machine) is picked again
    await choose(page, 'emergency-contact-relation', '邻居');
    await page.getByTestId('emergency-contact-phone-input').fill('12345');
    await page.getByTestId('emergency-contact-save').click();
    await page
      .locator('.ant-form-item-explain-error', { hasText: /电话|手机/ })
      .waitFor({ timeout: WAIT });
    await page.getByTestId('emergency-contact-phone-input').fill('021-6321 5678');
    await page.getByTestId('emergency-contact-save').click();
    const masked = page.getByTestId('emergency-contact-phone');
    await masked.waitFor({ timeout: WAIT });
    assert.equal(await masked.textContent(), '021****5678');
    assert.equal(await page.getByTestId('emergency-contact-name').textContent(), '孙*');
    await page.locator('.ant-modal').waitFor({ state: 'detached' });
    assert.equal((await page.content()).includes('孙丽'), false, 'the name is shown masked');
    await page.screenshot({ path: artifact('care-emergency-contact.png'), fullPage: true });
    await context.close();
  });
});
