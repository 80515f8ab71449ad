/** Real headless Chromium (Debian's /usr/bin/chromium) driven by playwright-core. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from 'playwright-core';
import { REPO_ROOT } from '../apps/server/src/platform/config.js';
import { seedDemoResidents } from '../apps/server/src/demo/seed-residents.js';
import {
  DEMO,
  generateRegistry,
  startTestPlatform,
  type TestPlatform,
} from '../apps/server/src/testing.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');

/** Why the journeys cannot run here, or null. In CI (REQUIRE_BROWSER=1) a missing browser fails. */
export function browserMissing(): string | null {
  if (fs.existsSync(CHROMIUM)) return null;
  const why = `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`;
  if (process.env.REQUIRE_BROWSER) throw new Error(why);
  return why;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export function artifact(name: string): string {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}

/** The viewports of the journeys: a phone (the residents' app) and a desk (the staff console). */
export const PHONE = { width: 390, height: 844 };
export const DESK = { width: 1440, height: 900 };

/** A phone-size browser context (its own cookies: one person). */
export function phoneContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: PHONE, locale: 'zh-CN', isMobile: true });
}

/**
 * Run `check` until it stops throwing, or throw its last error after `ms`: the assertion form of
 * `eventually` (apps/server/src/testing.ts), paced for a browser.
 */
export async function until<T>(check: () => Promise<T>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > end) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/**
 * Pick an Ant Design select's option by its visible text (typing `typed` first to search). On a
 * loaded machine a click on an option of a list still opening is sometimes lost: a single select
 * that does not then show the option is picked once more (picking it again changes nothing).
 * A multiple select is picked once (a second click would take the option out again).
 */
export async function choose(page: Page, testId: string, option: string, typed?: string) {
  const select = page.getByTestId(testId);
  const isSingle = await select.evaluate(
    (el) => el.classList.contains('ant-select') && !el.classList.contains('ant-select-multiple'),
  );
  for (let attempt = 0; ; attempt++) {
    await select.click();
    if (typed) await select.locator('input').fill(typed);
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .filter({ hasText: option })
      .first()
      .click();
    if (!isSingle) return;
    if (attempt > 0) return closed(select);
    const isShown = await until(async () => {
      assert.ok((await select.innerText()).includes(option));
    }, 3000).then(
      () => true,
      () => false,
    );
    if (isShown) return closed(select);
  }
}

/**
 * A single select's list closed after its pick: a retried pick on a loaded machine can leave it
 * open over the next field, whose click it would then take. Closed by a click on the select.
 */
async function closed(select: Locator) {
  const combobox = select.locator('[aria-expanded]').first();
  const isClosed = () =>
    until(async () => assert.equal(await combobox.getAttribute('aria-expanded'), 'false'), 2000);
  await isClosed().catch(async () => {
    await select.click();
    await isClosed();
  });
}

/**
 * Press a confirming dialog's OK (`okTestId`, a SendModal) and wait until the dialog has gone. A
 * refusal shows in the dialog in the server's words (`${okTestId}-error`): the journey fails with
 * them. A press that sent nothing (the dialog still open, not sending, no refusal: pressed while it
 * was still opening on a loaded machine) is pressed again, as a person would.
 */
export async function confirm(page: Page, okTestId: string): Promise<void> {
  const ok = page.getByTestId(okTestId);
  const refusal = page.getByTestId(`${okTestId}-error`);
  await ok.click();
  let idleSince: number | null = null;
  await until(async () => {
    if ((await refusal.count()) > 0) {
      await page.screenshot({ path: artifact(`${okTestId}-refused.png`) });
      throw new Error(`${okTestId}: refused: ${await refusal.textContent()}`);
    }
    if ((await ok.count()) === 0 || !(await ok.isVisible())) return;
    const isSending = ((await ok.getAttribute('class')) ?? '').includes('ant-btn-loading');
    if (isSending) idleSince = null;
    else if (idleSince === null) idleSince = Date.now();
    else if (Date.now() - idleSince > 3000) {
      idleSince = null;
      await ok.click();
    }
    assert.fail(`${okTestId}: the dialog is still open`);
  }, 30_000).catch(async (e: Error) => {
    if (!/refused/.test(e.message))
      await page.screenshot({ path: artifact(`${okTestId}-open.png`) });
    throw e;
  });
}

/**
 * Sign `context` in as `username` through the API (the demo password unless given) and give it
 * the session cookie: for a test of how a page itself loads, without the sign-in page before it.
 */
export async function signInByApi(
  context: BrowserContext,
  baseUrl: string,
  username: string,
  password: string = DEMO.password,
): Promise<void> {
  const r = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (r.status !== 200) throw new Error(`sign-in ${username}: ${r.status} ${await r.text()}`);
  const { hostname } = new URL(baseUrl);
  await context.addCookies(
    r.headers.getSetCookie().map((c) => {
      const [name, value] = c.split(';')[0]!.split('=') as [string, string];
      return { name, value, domain: hostname, path: '/' };
    }),
  );
}

/**
 * A new page of `context` signed in as `username` through the sign-in page (the demo password
 * unless given), waited until it has left it: for `from`, or where sign-in lands.
 */
export async function signIn(
  context: BrowserContext,
  baseUrl: string,
  username: string,
  o: { from?: string; password?: string } = {},
): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login${o.from ? `?from=${encodeURIComponent(o.from)}` : ''}`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(o.password ?? DEMO.password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => url.pathname !== '/login');
  return page;
}

/**
 * The platform on PGlite (fast job polling, no login limit) holding the demo's verified residents
 * of 云南中路 (chenyu, linxia, … over a generated registry of the committee), and a browser.
 */
export async function startWithDemoResidents(): Promise<[TestPlatform, Browser]> {
  const [tp, browser] = await Promise.all([
    startTestPlatform('pglite', { loginsPerMinutePerIp: 1000, jobPollMs: 200 }),
    launchBrowser(),
  ]);
  const deps = tp.platform.deps;
  await generateRegistry(deps.db, deps.cipher, {
    scale: 0.1,
    within: ['310101002001'],
    seed: 20261127,
  });
  if (!(await seedDemoResidents(deps))) throw new Error('the demo residents were not made');
  return [tp, browser];
}
