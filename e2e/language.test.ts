import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { TestPlatform } from '../apps/server/src/testing.js';
import { artifact, DESK, PHONE, signIn, startWithDemoResidents } from './browser.js';
import { browserMissing } from './browser.js';

/**
 * The language check: the main pages of several demo roles, in Chinese and in English, read as
 * a person sees them. What is checked (the rule):
 *
 * - Text a person typed or a record holds — names, user names, addresses, titles, notes — is not
 *   the interface's: it is marked `data-user-text` where the page shows it, and left out; so is
 *   the demo city's own data wherever it is shown (the names of its areas, accounts, buildings,
 *   organisations, fixed points and units, read from the database), and text whose `lang`
 *   attribute says it is in another language on purpose (the language switch's 中文).
 * - In Chinese, all other visible text (and placeholders) must hold no Latin word of three
 *   letters or more, but for a few names people use as they are (CSV, PDF, SMS, API, …).
 * - In English, the interface's own words — headings, buttons, menus, tabs, table headers, form
 *   labels, placeholders, tags, card and drawer titles, alerts, empty states — must hold no
 *   Chinese. The rest is the demo city's data, which is Chinese (a street's unit name, a case's
 *   description) and stays as it was written.
 * - In both, nothing code-like: snake_case, dotted.codes, raw UUIDs, `{{…}}` left by a missing
 *   value, i18n key paths, a lone `*` or `@`.
 * - No form leaves a required field to the browser's own message (it speaks the browser's
 *   language, not the page's): forms with required inputs say `novalidate`.
 */

const skip = browserMissing();
const COMMITTEE = '310101002001';

/** Latin words that are names in Chinese too. */
const ALLOWED_LATIN = new Set(
  [
    'CSV',
    'PDF',
    'SMS',
    'API',
    'URL',
    'HTTP',
    'HTTPS',
    'JSON',
    'UTF',
    'ISO',
    'Excel',
    'XLSX',
    'DOCX',
    'PNG',
    'JPG',
    'JPEG',
    'HEIC',
    'TOTP',
    'SSO',
    'OIDC',
    'Open311',
    'Webhook',
    'App',
    'WiFi',
    'GPS',
    'Ant',
    'Design',
    // the air quality index: a unit, read as AQI in Chinese too
    'AQI',
  ].map((w) => w.toLowerCase()),
);

/** three letters in a row: H00006 (a household number) or 5G are not words */
const LATIN_WORD = /[A-Za-z]{3,}\w*/g;
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const CODE_LIKE: [string, RegExp][] = [
  ['snake_case', /\b[a-z]+_[a-z_]+\b/],
  ['dotted.code', /\b[a-z][a-zA-Z]+\.[a-z][a-zA-Z]+(\.[a-zA-Z]+)*\b/],
  ['uuid', /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i],
  ['{{…}}', /\{\{|\}\}/],
  ['lone * or @', /(^|\s)[*@](\s|$)/],
];

/** The interface's own words (the English check reads these). */
const INTERFACE = [
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'button',
  'th',
  'label',
  '.ant-menu-title-content',
  '.ant-tabs-tab-btn',
  '.ant-form-item-label',
  '.ant-form-item-extra',
  '.ant-descriptions-item-label',
  '.ant-card-head-title',
  '.ant-drawer-title',
  '.ant-modal-title',
  '.ant-statistic-title',
  '.ant-empty-description',
  '.ant-alert-message',
  '.ant-alert-description',
  '.ant-pagination',
  '.ant-select-selection-placeholder',
  '.ant-tag',
  '.ant-breadcrumb',
  '.ant-result-title',
  '.ant-result-subtitle',
].join(',');

interface PageText {
  /** every visible text outside [data-user-text], with the placeholders */
  all: string[];
  /** the interface's own words among them */
  chrome: string[];
  /** required inputs the browser would check with its own message */
  nativeRequired: number;
  /** the page was refused or not found (the walk would read nothing of it) */
  notShown: boolean;
}

async function readPage(page: Page): Promise<PageText> {
  return page.evaluate((chromeSelector) => {
    const all: string[] = [];
    const chrome: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim();
      const el = node.parentElement;
      if (!text || !el) continue;
      if (el.closest('[data-user-text],script,style,noscript,svg,pre,code')) continue;
      const tagged = el.closest('[lang]');
      if (tagged && tagged !== document.documentElement) continue;
      if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
      all.push(text);
      if (el.closest(chromeSelector)) chrome.push(text);
    }
    for (const input of Array.from(document.querySelectorAll<HTMLInputElement>('[placeholder]'))) {
      if (input.closest('[data-user-text]') || !input.checkVisibility()) continue;
      all.push(input.placeholder);
      chrome.push(input.placeholder);
    }
    const nativeRequired = document.querySelectorAll(
      'form:not([novalidate]) :is(input,select,textarea)[required]',
    ).length;
    const notShown = document.querySelector('.ant-result-403, .ant-result-404') !== null;
    return { all, chrome, nativeRequired, notShown };
  }, INTERFACE);
}

/** Wait for a page to settle: loaded, no spinner or skeleton left. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  const end = Date.now() + 8000;
  while (Date.now() < end) {
    const busy = await page
      .locator('.ant-spin-spinning, .ant-skeleton-active, .cc-page-spin')
      .count();
    if (busy === 0) break;
    await page.waitForTimeout(150);
  }
  await page.waitForTimeout(100);
}

/** Go to `route` inside the app (the router follows the history), without loading it again. */
async function navigate(page: Page, route: string): Promise<void> {
  await page.evaluate((to) => {
    window.history.pushState({}, '', to);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, route);
  await page.waitForURL((url) => `${url.pathname}${url.search}` === route);
}

type Lang = 'zh-CN' | 'en';

/** The text with the demo city's data taken out (longest names first). */
const withoutData = (text: string, data: readonly string[]) =>
  data.reduce(
    (t, name) => (t.includes(name) ? t.split(name).join(' ') : t),
    // web and mail addresses are addresses, not words
    text.replace(/\bhttps?:\/\/\S+/g, ' ').replace(/\S+@\S+\.\w+/g, ' '),
  );

function problems(page: PageText, lang: Lang, data: readonly string[]): string[] {
  const found: string[] = [];
  const text = {
    ...page,
    all: page.all.map((t) => withoutData(t, data)),
    chrome: page.chrome.map((t) => withoutData(t, data)),
  };
  for (const t of text.all) {
    for (const [what, re] of CODE_LIKE) {
      if (re.test(t)) found.push(`${what}: “${t}”`);
    }
    if (lang === 'zh-CN') {
      const words = (t.match(LATIN_WORD) ?? []).filter((w) => !ALLOWED_LATIN.has(w.toLowerCase()));
      if (words.length > 0) found.push(`Latin (${words.join(' ')}): “${t}”`);
    }
  }
  if (lang === 'en') {
    for (const t of text.chrome) if (CJK.test(t)) found.push(`Chinese: “${t}”`);
  }
  if (page.notShown) found.push('the page was refused or not found: walk another');
  else if (page.all.length < 5) found.push(`the page shows almost nothing (${page.all.length})`);
  if (text.nativeRequired > 0) {
    found.push(`${text.nativeRequired} required input(s) left to the browser's own message`);
  }
  return found;
}

interface Walk {
  username: string;
  phone?: boolean;
  routes: string[];
}

const WALKS: Walk[] = [
  {
    username: 'admin',
    routes: [
      '/',
      '/accounts',
      '/audit',
      '/areas',
      '/systems',
      '/sso/clients',
      '/webhooks',
      '/departments',
      '/hotline',
      '/indicators',
      '/sensors',
    ],
  },
  {
    username: 'city',
    routes: [
      '/',
      '/dashboards',
      '/cases',
      '/topics',
      '/boards/typhoon-flood/310000000000',
      '/boards/outage-repair/310000000000',
      '/indicators',
      '/sms-outbox',
    ],
  },
  {
    username: 'nanjingdong',
    routes: [
      '/',
      '/cases',
      '/dispatch',
      '/sensors',
      '/sms-outbox',
      '/notices',
      '/moderation',
      '/affairs',
    ],
  },
  {
    username: 'yunnan',
    routes: [
      '/',
      `/registry/${COMMITTEE}`,
      `/registry/${COMMITTEE}/residents`,
      `/registry/${COMMITTEE}/housing`,
      '/verifications',
      '/notices',
      '/meetings',
      '/votes',
      '/consultations',
      '/proposals',
      '/declarations',
      '/observations',
      '/daily-logs',
      '/building-groups',
      '/property',
      '/elevators',
      '/certificates',
    ],
  },
  { username: 'inspector', routes: ['/', '/report', '/tasks'] },
  { username: 'handler', routes: ['/', '/tasks'] },
  {
    username: 'chenyu',
    phone: true,
    routes: [
      '/r',
      '/r/report',
      '/r/reports',
      '/r/me',
      '/r/affairs',
      '/r/together',
      '/r/volunteer',
      '/r/household',
    ],
  },
];

describe(
  'the language check: the main pages in Chinese and in English',
  { skip: skip ?? false },
  () => {
    let tp: TestPlatform;
    let browser: Browser;
    let caseId = '';
    /** the demo city's names: data, not interface */
    let data: string[] = [];

    before(async () => {
      [tp, browser] = await startWithDemoResidents();
      // a case, so the case pages and the timeline (its automatic dispatch) have something
      const inspector = await tp.login('inspector');
      const here = await tp.centreOf(COMMITTEE);
      const filed = await inspector.post('/api/cases', {
        scenarioCode: 'fire-exit-blocked',
        description: '安全出口堵塞',
        attributes: { exit_location: '北门', blocked_by: 'locked' },
        ...here,
      });
      assert.equal(filed.status, 201, JSON.stringify(filed.body));
      caseId = filed.body.id;
      // the hotline as a department, a mapped category and a file holding one back: rows to read
      const admin = await tp.login('admin');
      const department = await admin.post('/api/departments', {
        code: 'hotline-intake',
        name: '12345热线工单系统',
        nameEn: '12345 Hotline Work-Order System',
        grants: ['hotline'],
      });
      assert.equal(department.status, 201, JSON.stringify(department.body));
      const mapped = await admin.request(
        'PUT',
        `/api/hotline/categories/${encodeURIComponent('噪声扰民')}`,
        { scenarioCode: 'noise-nuisance', attributes: { source: 'other' } },
      );
      assert.equal(mapped.status, 200, JSON.stringify(mapped.body));
      const at = new Date(Date.now() - 60_000).toISOString();
      const orders = new FormData();
      orders.append(
        'file',
        new Blob([
          `hotline_id,category,text,lng,lat,received_at\nL-1,噪声扰民,夜间噪声,${here.lng},${here.lat},${at}\nL-2,占道经营,早餐摊占道,${here.lng},${here.lat},${at}\n`,
        ]),
        'orders.csv',
      );
      const imported = await admin.post('/api/hotline/imports', orders);
      assert.equal(imported.status, 201, JSON.stringify(imported.body));
      // a department's figure and a sensor: the catalogue, the boards and the sensors have rows
      const weather = await admin.post('/api/departments/meteorology/key');
      assert.equal(weather.status, 200, JSON.stringify(weather.body));
      const fed = await tp.client().post(
        '/api/indicators/figures',
        {
          figures: [
            {
              indicator: 'weather.rainfall_1h',
              area: '310101000000',
              at: new Date(Date.now() - 1000).toISOString(),
              value: 12.5,
              unit: 'mm',
            },
          ],
        },
        { authorization: `Bearer ${weather.body.apiKey}` },
      );
      assert.equal(fed.status, 200, JSON.stringify(fed.body));
      const device = await admin.post('/api/sensors/devices', {
        id: 'WL-0001',
        kind: 'water-level',
        name: '云南中路下立交水位计',
        ownerDepartment: 'water',
        ...here,
      });
      assert.equal(device.status, 201, JSON.stringify(device.body));
      const db = tp.platform.database.db;
      const names = await Promise.all([
        db.selectFrom('areas').select('name as n').execute(),
        db.selectFrom('areas').select('name_en as n').where('name_en', 'is not', null).execute(),
        db.selectFrom('rooms').select('unit as n').distinct().execute(),
        db.selectFrom('sso_clients').select('name as n').execute(),
        db.selectFrom('sso_clients').select('department as n').execute(),
        db.selectFrom('accounts').select('display_name as n').execute(),
        db.selectFrom('accounts').select('username as n').execute(),
        db.selectFrom('buildings').select('name as n').execute(),
        db.selectFrom('organisations').select('name as n').execute(),
        db.selectFrom('dispatch_points').select('name as n').execute(),
        db.selectFrom('dispatch_points').select('unit_name as n').execute(),
        db.selectFrom('dispatch_rules').select('unit_name as n').execute(),
      ]);
      data = [...new Set(names.flat().map((r) => r.n))]
        .filter((n): n is string => typeof n === 'string' && n.length >= 2)
        .sort((a, b) => b.length - a.length);
      WALKS.find((w) => w.username === 'city')!.routes.push(`/cases/${caseId}`);
      WALKS.find((w) => w.username === 'inspector')!.routes.push(`/cases/${caseId}`);
    });
    after(async () => {
      await browser?.close();
      await tp?.close();
    });

    it('when the check reads text the issue found, then it fails on each', () => {
      const page = (all: string[]): PageText => ({
        all: [...all, ...Array.from({ length: 10 }, () => '工单')],
        chrome: all,
        nativeRequired: 0,
        notShown: false,
      });
      const zh = [
        '自动派单 auto-dispatch',
        '(point 第一食品商店 (0 m))',
        '(rule * @ 310101002001-G1)',
        'outbox · 尝试 1 次',
        '标题 {{name}}',
        'cases.timeline.to',
        '2c0c4b6e-5b1a-4f43-9f0e-8f3c2b1d4a55',
        'registry.resident.reveal',
        'client_id',
      ];
      for (const t of zh) assert.notDeepEqual(problems(page([t]), 'zh-CN', []), [], t);
      assert.notDeepEqual(problems(page(['派单规则']), 'en', []), []);
      // what it lets through: names people use as they are, numbers, the data, addresses
      for (const t of [
        '导出 CSV',
        '户号 H00006',
        '12345 热线',
        '张伟 admin',
        'https://x.example.com/cb',
      ]) {
        assert.deepEqual(problems(page([t]), 'zh-CN', ['admin']), [], t);
      }
      assert.deepEqual(
        problems(page(['To: 南京东路街道城管中队']), 'en', ['南京东路街道城管中队']),
        [],
      );
      assert.notDeepEqual(problems({ ...page([]), nativeRequired: 1 }, 'zh-CN', []), []);
      assert.notDeepEqual(problems({ ...page([]), notShown: true }, 'en', []), []);
    });

    for (const lang of ['zh-CN', 'en'] as const) {
      it(`when the demo roles walk their pages in ${lang}, then no page speaks the other language or code`, async () => {
        const found: string[] = [];
        for (const walk of WALKS) {
          const context = await browser.newContext({
            viewport: walk.phone ? PHONE : DESK,
            locale: lang,
            isMobile: walk.phone ?? false,
          });
          await context.addInitScript((l) => localStorage.setItem('cc.language', l), lang);
          const page = await signIn(context, tp.baseUrl, walk.username).catch(async (e) => {
            const [open] = context.pages();
            await open?.screenshot({ path: artifact(`language-${lang}-${walk.username}.png`) });
            throw e;
          });
          try {
            for (const [i, route] of walk.routes.entries()) {
              // the first page loads the app; the others are reached inside it, as a click would
              if (i === 0) await page.goto(`${tp.baseUrl}${route}`);
              else await navigate(page, route);
              await settle(page);
              for (const p of problems(await readPage(page), lang, data)) {
                found.push(`${walk.username} ${route}: ${p}`);
              }
            }
          } finally {
            await context.close();
          }
        }
        const unique = [...new Set(found)];
        fs.writeFileSync(artifact(`language-${lang}.txt`), unique.join('\n'));
        if (unique.length > 0) assert.fail(`${unique.length} problems:\n${unique.join('\n')}`);
      });
    }
  },
);
