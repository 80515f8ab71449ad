/**
 * The web app on a phone link (issue 26): Chromium with the network held to 4 Mbit/s down,
 * 100 ms latency (CDP Network.emulateNetworkConditions), signed in as the demo inspector.
 *   node --import tsx bench/phone-link.bench.ts [--dist apps/web/dist] [--runs 3]
 * Measures, for the sign-in page and the report page: the JavaScript loaded (raw bytes, the
 * same gzipped at level 9, and the bytes on the wire), the cold load until usable (the page's
 * first field visible and enabled) and a warm reload (same browser cache). Baseline in the same
 * run: the same loads unthrottled. --dist serves another build (a "before" copy of dist).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { REPO_ROOT } from '../apps/server/src/platform/config.js';
import { startTestPlatform } from '../apps/server/src/testing.js';
import { launchBrowser, PHONE, signInByApi } from '../e2e/browser.js';
import { arg, report } from './bench-util.js';

const dist = path.resolve(REPO_ROOT, arg('dist', 'apps/web/dist'));
const runs = Number(arg('runs', '3'));
/** the phone link of issue 26: 4 Mbit/s down, 100 ms latency (up: 1 Mbit/s) */
const LINK = { downBytesPerS: 4e6 / 8, upBytesPerS: 1e6 / 8, latencyMs: 100 };

if (!fs.existsSync(path.join(dist, 'index.html')))
  throw new Error(`no web build in ${dist}: run \`npm run build\` first`);
const tp = await startTestPlatform('pglite', {
  demoCases: false,
  loginsPerMinutePerIp: 10_000,
  webDist: dist,
});
const browser: Browser = await launchBrowser();

interface Load {
  ms: number;
  js: { files: number; raw: number; gzip9: number; wire: number };
  /** requests for /assets/… that reached the server (a cached file asked again: a 304) */
  assetRequests: number;
}

let assetRequests = 0;
tp.platform.app.server.on('request', (req: { url?: string }) => {
  if (req.url?.startsWith('/assets/')) assetRequests++;
});

/** a fresh phone (empty cache), signed in through the API when `user` is given */
async function phone(user: string | null): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', isMobile: true });
  if (user) await signInByApi(context, tp.baseUrl, user);
  return context;
}

async function throttle(page: Page, on: boolean): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: on ? LINK.latencyMs : 0,
    downloadThroughput: on ? LINK.downBytesPerS : -1,
    uploadThroughput: on ? LINK.upBytesPerS : -1,
  });
}

/** load `url` (or reload) until `ready` is visible and enabled; the scripts it fetched */
async function load(page: Page, url: string | null, ready: string): Promise<Load> {
  // the scripts' bodies are read and gzipped after the clock stops: the server runs in this
  // process, and work here during the load would be counted as the page's
  const scripts: import('playwright-core').Response[] = [];
  const onResponse = (r: import('playwright-core').Response) => {
    if (r.request().resourceType() === 'script') scripts.push(r);
  };
  page.on('response', onResponse);
  assetRequests = 0;
  const t0 = performance.now();
  if (url) await page.goto(url, { waitUntil: 'commit' });
  else await page.reload({ waitUntil: 'commit' });
  const field = page.getByTestId(ready);
  await field.waitFor({ state: 'visible', timeout: 60_000 });
  while (!(await field.isEnabled())) await page.waitForTimeout(10);
  const ms = performance.now() - t0;
  await page.waitForLoadState('networkidle');
  page.off('response', onResponse);
  const all = await Promise.all(
    scripts.map(async (r) => {
      const body = await r.body().catch(() => Buffer.alloc(0));
      const sizes = await r.request().sizes();
      return {
        raw: body.length,
        gzip9: zlib.gzipSync(body, { level: 9 }).length,
        // a script taken from the memory or disk cache has no body on the wire (-1 here)
        wire: Math.max(0, sizes.responseBodySize),
      };
    }),
  );
  const sum = (k: 'raw' | 'gzip9' | 'wire') => all.reduce((s, x) => s + x[k], 0);
  return {
    ms,
    js: { files: all.length, raw: sum('raw'), gzip9: sum('gzip9'), wire: sum('wire') },
    assetRequests,
  };
}

async function coldAndWarm(
  user: string | null,
  pathname: string,
  ready: string,
  throttled: boolean,
): Promise<{ cold: Load; warm: Load }> {
  const context = await phone(user);
  const page = await context.newPage();
  await throttle(page, throttled);
  const cold = await load(page, `${tp.baseUrl}${pathname}`, ready);
  const warm = await load(page, null, ready);
  await context.close();
  return { cold, warm };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;

const pages = [
  { name: 'sign-in page', user: null, path: '/login', ready: 'login-username' },
  { name: 'report page', user: 'inspector', path: '/report', ready: 'report-scenario-search' },
];
try {
  for (const p of pages) {
    const fast: { cold: Load; warm: Load }[] = [];
    const slow: { cold: Load; warm: Load }[] = [];
    for (let i = 0; i < runs; i++) {
      fast.push(await coldAndWarm(p.user, p.path, p.ready, false));
      slow.push(await coldAndWarm(p.user, p.path, p.ready, true));
    }
    const js = slow[0]!.cold.js;
    const coldMs = median(slow.map((r) => r.cold.ms));
    const warmMs = median(slow.map((r) => r.warm.ms));
    const baseCold = median(fast.map((r) => r.cold.ms));
    const baseWarm = median(fast.map((r) => r.warm.ms));
    report(`phone link: ${p.name} (${path.relative(REPO_ROOT, dist)})`, {
      'JS files (cold)': js.files,
      'JS raw': kb(js.raw),
      'JS gzip -9 of the same': kb(js.gzip9),
      'JS bytes on the wire (cold)': kb(js.wire),
      'JS bytes on the wire (warm reload)': kb(slow[0]!.warm.js.wire),
      'asset requests reaching the server: cold / warm reload': `${slow[0]!.cold.assetRequests} / ${slow[0]!.warm.assetRequests}`,
      [`4 Mbit/s 100 ms: cold load until usable ms (median of ${runs})`]: Math.round(coldMs),
      '4 Mbit/s 100 ms: warm reload until usable ms': Math.round(warmMs),
      'unthrottled (baseline): cold ms': Math.round(baseCold),
      'unthrottled (baseline): warm ms': Math.round(baseWarm),
      'cold: throttled / unthrottled': (coldMs / baseCold).toFixed(1),
    });
  }
} finally {
  await browser.close();
  await tp.close();
}
