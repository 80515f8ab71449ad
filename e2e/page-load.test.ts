/**
 * How a page opened by its address loads on a phone (issue 26): the app shell asks who is
 * signed in while the scripts download and the session takes that answer (asked once, not
 * twice); the report page's code and scenarios are asked for by the small first script, not
 * after the app has rendered; English is downloaded only by someone reading in English; and
 * until the app has rendered the shell shows that it is loading. Timings are in
 * bench/phone-link.bench.ts, not here.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { REPO_ROOT } from '../apps/server/src/platform/config.js';
import { startTestPlatform, type TestPlatform } from '../apps/server/src/testing.js';
import { browserMissing, launchBrowser, PHONE, signInByApi, until } from './browser.js';

const skip = browserMissing();

describe('loading a page on a phone', { skip: skip ?? false }, () => {
  let tp: TestPlatform;
  let browser: Browser;
  before(async () => {
    [tp, browser] = await Promise.all([
      startTestPlatform('pglite', { demoCases: false, loginsPerMinutePerIp: 1000 }),
      launchBrowser(),
    ]);
  });
  after(async () => {
    await browser?.close();
    await tp?.close();
  });

  /** a phone signed in as `username` through the API, reading in `lang` */
  async function phone(username: string, lang: 'zh-CN' | 'en'): Promise<BrowserContext> {
    const context = await browser.newContext({ viewport: PHONE, locale: lang, isMobile: true });
    await context.addInitScript((l) => localStorage.setItem('cc.language', l), lang);
    await signInByApi(context, tp.baseUrl, username);
    return context;
  }

  it('when the app shell is built, then it asks who is signed in and runs the small first script ahead of the app, and shows that it is loading', () => {
    const html = fs.readFileSync(path.join(REPO_ROOT, 'apps/web/dist/index.html'), 'utf8');
    const me = html.indexOf('<link rel="preload" href="/api/auth/me" as="fetch"');
    const first = html.search(
      /<script type="module" async crossorigin src="\/assets\/opened-page-/,
    );
    const app = html.search(/<script type="module" crossorigin src="\/assets\/index-/);
    assert.ok(me >= 0, 'the sign-in check is preloaded');
    assert.ok(first >= 0 && app > first, 'the first script comes before the app');
    assert.match(html, /<div id="root">\s*<div class="cc-page-spin cc-boot" role="status">/);
  });

  it('when an inspector opens /report by its address in Chinese, then who is signed in, the page’s code and the scenarios are asked for while the app’s own script has not arrived, each once, and English never', async () => {
    const context = await phone('inspector', 'zh-CN');
    const asked: string[] = [];
    context.on('request', (r) => asked.push(new URL(r.url()).pathname));
    // the app's entry script held back: what is asked meanwhile is asked without it
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await context.route(/\/assets\/index-[^/]+\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    const page = await context.newPage();
    await page.goto(`${tp.baseUrl}/report`, { waitUntil: 'commit' });
    await until(() => {
      for (const wanted of [
        /^\/api\/auth\/me$/,
        /^\/assets\/report-page-[^/]+\.js$/,
        /^\/api\/scenarios$/,
      ])
        assert.ok(
          asked.some((p) => wanted.test(p)),
          `${wanted} asked: ${asked.join(' ')}`,
        );
      return Promise.resolve();
    });
    release();
    await page.getByTestId('report-scenario-search').waitFor();
    await page.waitForLoadState('networkidle');
    const count = (p: string) => asked.filter((a) => a === p).length;
    assert.equal(count('/api/auth/me'), 1, 'the preloaded answer is taken, not asked again');
    assert.equal(count('/api/scenarios'), 1);
    assert.equal(
      asked.filter((p) => /\/assets\/en-[^/]+\.js$/.test(p)).length,
      0,
      'a Chinese reader downloads no English',
    );
    await context.close();
  });

  it('when someone who reads in English opens the app, then English is downloaded and the page is in English', async () => {
    const context = await phone('inspector', 'en');
    const asked: string[] = [];
    context.on('request', (r) => asked.push(new URL(r.url()).pathname));
    const page = await context.newPage();
    await page.goto(`${tp.baseUrl}/report`);
    await page.getByTestId('report-scenario-search').waitFor();
    assert.equal(asked.filter((p) => /\/assets\/en-[^/]+\.js$/.test(p)).length, 1);
    await until(async () => assert.equal(await page.locator('html').getAttribute('lang'), 'en'));
    assert.doesNotMatch(await page.locator('body').innerText(), /上报|加载中/);
    await context.close();
  });

  it('when someone switches from Chinese to English on the sign-in page, then English is fetched then and the page turns English', async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', isMobile: true });
    const asked: string[] = [];
    context.on('request', (r) => asked.push(new URL(r.url()).pathname));
    const page = await context.newPage();
    await page.goto(`${tp.baseUrl}/login`);
    await page.getByTestId('login-username').waitFor();
    assert.equal(asked.filter((p) => /\/assets\/en-[^/]+\.js$/.test(p)).length, 0);
    await page.getByTestId('language-switch').getByText('English').click();
    await until(async () => assert.equal(await page.locator('html').getAttribute('lang'), 'en'));
    assert.equal(asked.filter((p) => /\/assets\/en-[^/]+\.js$/.test(p)).length, 1);
    assert.match(await page.getByTestId('login-submit').innerText(), /[A-Za-z]/);
    await context.close();
  });
});
