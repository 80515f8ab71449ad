import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SsoClientWithSecret } from '@cc/contracts';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startDeptDemo, type DeptDemo } from '../apps/dept-demo/src/dept-demo.js';
import { totpCode } from '../apps/server/src/modules/identity/index.js';
import { DEMO, startTestPlatform, type TestPlatform } from '../apps/server/src/testing.js';
import { artifact, browserMissing, DESK, launchBrowser, until } from './browser.js';

const skip = browserMissing();
const now = () => Date.now() / 1000;

describe(
  'browser journey: yunnan signs in with her second factor, opens 专业系统 and lands in a department system signed in, which hears when she signs out',
  { skip: skip ?? false },
  () => {
    let tp: TestPlatform;
    let browser: Browser;
    let desk: BrowserContext;
    let page: Page;
    let demo: DeptDemo;
    /** the browser reaches the platform at localhost, where the department system's URIs are */
    let base = '';
    let secret = '';
    let lastCodeAt = 0;
    /** a code the server has not seen yet: each 30-second step is accepted once */
    const freshCode = async () => {
      let at = now();
      if (Math.floor(at / 30) <= Math.floor(lastCodeAt / 30))
        at = (Math.floor(lastCodeAt / 30) + 1) * 30;
      lastCodeAt = at;
      // a code of the next step is inside the ±1 step window
      return totpCode(secret, at);
    };

    before(async () => {
      [tp, browser] = await Promise.all([
        startTestPlatform('pglite', {
          loginsPerMinutePerIp: 1000,
          jobPollMs: 200,
          // committee staff can reveal personal data: a second factor (always so in production)
          totpRequiredRoles: ['committee_staff'],
        }),
        launchBrowser(),
      ]);
      base = tp.baseUrl.replace('127.0.0.1', 'localhost');
      demo = await startDeptDemo({ issuer: `${base}/oidc` });
      // the department system registered at its real address by the administrator
      const admin = await tp.login('admin');
      const r = await admin.post<SsoClientWithSecret>('/api/sso/clients', {
        name: '部门业务演示系统（本机）',
        department: '演示委办局',
        redirectUris: [`${demo.url}/callback`],
        postLogoutRedirectUris: [`${demo.url}/`],
        initiateLoginUri: `${demo.url}/login`,
        backchannelLogoutUri: `${demo.url}/backchannel-logout`,
        allowedRoles: ['committee_staff'],
        allowedClaims: ['name', 'roles'],
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      demo.setClient({ clientId: r.body.clientId, clientSecret: r.body.clientSecret });
      desk = await browser.newContext({ viewport: DESK, locale: 'zh-CN' });
      page = await desk.newPage();
    });
    after(async () => {
      await browser?.close();
      await demo?.close();
      await tp?.close();
    });

    const signInWithPassword = async () => {
      await page.goto(`${base}/login`);
      await page.getByTestId('login-username').fill('yunnan');
      await page.getByTestId('login-password').fill(DEMO.password);
      await page.getByTestId('login-submit').click();
    };

    it('when yunnan signs in for the first time, then she must enrol a second factor: she scans the QR code, confirms a code and keeps her recovery codes', async () => {
      await signInWithPassword();
      await page.getByTestId('totp-enrolment').waitFor();
      await page.getByTestId('totp-qr').waitFor();
      secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s/g, '');
      assert.match(secret, /^[A-Z2-7]{32}$/);
      await page.getByTestId('totp-code-input').fill(await freshCode());
      await page.getByTestId('totp-confirm').click();
      await page.getByTestId('recovery-codes').waitFor();
      assert.equal(await page.getByTestId('recovery-code').count(), 10);
      await page.screenshot({ path: artifact('sso-recovery-codes.png') });
      await page.getByTestId('recovery-codes-saved').click();
      await page.waitForURL((u) => u.pathname !== '/login');
    });

    it('when she signs in again, then the password alone is not enough; with the code from her app she is in', async () => {
      await desk.clearCookies();
      await signInWithPassword();
      await page.getByTestId('login-totp').waitFor();
      assert.equal(new URL(page.url()).pathname, '/login');
      await page.getByTestId('login-totp').fill(await freshCode());
      await page.getByTestId('login-submit').click();
      await page.waitForURL((u) => u.pathname !== '/login');
    });

    it('when she opens 专业系统, then she sees the systems her role may use, and not the police systems', async () => {
      await page.goto(`${base}/systems`);
      await page.getByTestId('systems-page').waitFor();
      const names = await until(async () => {
        const all = await page
          .getByTestId('system-card')
          .evaluateAll((cards) => cards.map((c) => c.getAttribute('data-name') ?? ''));
        assert.ok(all.includes('部门业务演示系统（本机）'), all.join(', '));
        return all;
      });
      assert.ok(names.includes('社会救助管理信息系统'), 'a civil affairs system of her role');
      assert.ok(!names.includes('实有人口管理系统'), 'the police systems are not for her role');
      assert.ok(!names.includes('治安案事件协同平台'));
      await page.screenshot({ path: artifact('sso-systems.png') });
    });

    it('when she clicks the department system, then she consents to what it reads once and lands there signed in as herself with her role and area', async () => {
      await page
        .locator('[data-testid="system-card"][data-name="部门业务演示系统（本机）"]')
        .getByTestId('system-open')
        .click();
      await page.getByTestId('sso-consent-claims').waitFor();
      await page.screenshot({ path: artifact('sso-consent.png') });
      await page.getByTestId('sso-confirm').click();
      await page.waitForURL((u) => u.origin === demo.url);
      await page.getByTestId('dept-signed-in').waitFor();
      assert.equal(await page.getByTestId('dept-name').textContent(), '云南中路居委会 刘芳');
      const role = page.locator('[data-testid="dept-roles"] li').first();
      assert.equal(await role.getAttribute('data-role'), 'committee_staff');
      assert.equal(await role.getAttribute('data-area'), '310101002001');
      await page.screenshot({ path: artifact('sso-landed.png') });
    });

    it('when she goes back and clicks it again, then she lands signed in with no page between', async () => {
      // the department system forgets her browser (its own cookie); the sign-on remembers her
      await desk.clearCookies({ name: 'dept_demo_sid' });
      await page.goto(`${demo.url}/`);
      await page.getByTestId('dept-signed-out').waitFor();
      const seen: string[] = [];
      page.on('framenavigated', (f) => {
        if (f === page.mainFrame()) seen.push(new URL(f.url()).pathname);
      });
      await page.goto(`${base}/systems`);
      await page
        .locator('[data-testid="system-card"][data-name="部门业务演示系统（本机）"]')
        .getByTestId('system-open')
        .click();
      await page.getByTestId('dept-signed-in').waitFor();
      assert.ok(!seen.some((p) => p.startsWith('/sso/interaction')), seen.join(' → '));
    });

    it('when she signs out of Community Cloud, then the department system is told and signs her out too', async () => {
      assert.equal(demo.sessionCount(), 2, 'the first jump’s session and this one');
      await page.goto(`${base}/`);
      await page.getByTestId('logout').click();
      await page.waitForURL((u) => u.pathname === '/login');
      await until(async () => assert.equal(demo.sessionCount(), 0));
      assert.equal(
        demo.logouts.reduce((n, l) => n + l.ended, 0),
        2,
        'both sessions of her provider session end',
      );
      await page.goto(`${demo.url}/`);
      await page.getByTestId('dept-signed-out').waitFor();
    });
  },
);
