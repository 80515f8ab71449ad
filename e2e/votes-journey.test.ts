import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { seedVoteStaircase, type VoteStaircase } from '../apps/server/src/demo/seed-votes.js';
import { verifiedResident, type TestPlatform } from '../apps/server/src/testing.js';
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

/**
 * Issue 21's journey: `yunnan` opens an elevator vote for the demo staircase (seed-votes.ts:
 * six flats, 360 m²) under 民法典 art. 278's major-matter rule, three owners agree on their
 * phones, a paper "disagree" comes in for 101 with the photo of the signed sheet, and the live
 * tally says it passes by head count but not by area (180 of 270 m² = 66.6 % < 75 %); the
 * campaign list shows 201 and 601 still to visit; a tenant is told why they cannot vote.
 */
describe(
  'browser journey: an elevator vote in one staircase of 云南中路 — owners on phones, a paper ballot, passed by head count but not by area',
  { skip: skip ?? false },
  () => {
    let tp: TestPlatform;
    let browser: Browser;
    let desk: BrowserContext;
    let office: Page;
    let staircase: VoteStaircase;
    let compoundName = '';
    let voteId = '';

    before(async () => {
      [tp, browser] = await startWithDemoResidents();
      const deps = tp.platform.deps;
      const made = await seedVoteStaircase(deps);
      assert.ok(made, 'the demo staircase is made');
      staircase = made.staircase;
      compoundName = (
        await deps.db
          .selectFrom('areas')
          .select('name')
          .where('code', '=', staircase.compoundCode)
          .executeTakeFirstOrThrow()
      ).name;
      desk = await browser.newContext({ viewport: DESK, locale: 'zh-CN' });
    });
    after(async () => {
      await browser?.close();
      await tp?.close();
    });

    const signedIn = (context: BrowserContext, username: string, from: string) =>
      signIn(context, tp.baseUrl, username, { from });

    async function noSideScroll(page: Page) {
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= PHONE.width, `no horizontal scroll (scrollWidth ${width})`);
    }

    const text = async (page: Page, testId: string) =>
      ((await page.getByTestId(testId).first().textContent()) ?? '').trim();

    it('when yunnan drafts a vote for the staircase in 业主表决, then the preview shows 6 heads over 360.00 m², and it opens', async () => {
      office = await signedIn(desk, 'yunnan', '/votes');
      await office.getByTestId('votes-page').waitFor();
      await office.getByTestId('vote-create').click();
      const drawer = office.getByTestId('vote-create-drawer');
      await drawer.getByTestId('vote-create-form').waitFor();
      await office
        .getByTestId('vote-title-input')
        .fill(`${staircase.buildingName}${staircase.unit}加装电梯`);
      await office
        .getByTestId('vote-body-input')
        .fill('本楼道拟加装电梯，费用按楼层分摊。请各位业主表决是否同意加装。');
      await office.getByTestId('vote-electorate-kind-unit').click();
      await choose(office, 'vote-compound', compoundName, compoundName);
      await choose(office, 'vote-building', staircase.buildingName, staircase.buildingName);
      await choose(office, 'vote-unit', staircase.unit);
      await office.getByTestId('vote-preview-run').click();
      await until(async () => {
        assert.equal(await text(office, 'vote-preview-heads'), '6');
        assert.equal(await text(office, 'vote-preview-units'), '6');
        assert.equal(await text(office, 'vote-preview-area'), '360.00 m²');
      });
      assert.equal(await office.getByTestId('vote-preview-problems').count(), 0);
      await choose(office, 'vote-rule', '重大事项');
      await until(async () =>
        assert.match(await text(office, 'vote-rule-source'), /第二百七十八条/),
      );
      await office.screenshot({ path: artifact('vote-create.png') });
      await office.getByTestId('vote-create-submit').click();

      await office.getByTestId('vote-page').waitFor();
      voteId = new URL(office.url()).pathname.split('/').pop()!;
      assert.equal(await office.getByTestId('vote-page').getAttribute('data-state'), 'draft');
      await office.getByTestId('vote-open').click();
      await office.getByTestId('vote-confirm-ok').click();
      // a refusal shows in the server's words: name it rather than wait for a state that won't come
      await until(async () => {
        const refusal = office.getByTestId('vote-open-error');
        if ((await refusal.count()) > 0)
          assert.fail(`open refused: ${await refusal.textContent()}`);
        assert.equal(await office.getByTestId('vote-page').getAttribute('data-state'), 'open');
      }, 40_000);
      await until(async () =>
        assert.match(await text(office, 'vote-electorate'), /6[^\d]+6[^\d]+360\.00 m²/),
      );
      await office.screenshot({ path: artifact('vote-opened.png') });
    });

    it('when three owners agree on their phones, then each sees their unit and a receipt from the hash chain', async () => {
      const owners = [
        ['chenyu', '301'],
        ['wangqiang', '401'],
        ['liuyang', '501'],
      ] as const;
      for (const [username, room] of owners) {
        const phone = await phoneContext(browser);
        // the first finds it in her list of votes; the others follow the link they were sent
        const page = await signedIn(
          phone,
          username,
          username === 'chenyu' ? '/r/together/votes' : `/r/together/votes/${voteId}`,
        );
        if (username === 'chenyu') {
          await page.locator(`[data-testid="vote-card"][data-id="${voteId}"]`).click();
          await page.waitForURL((url) => url.pathname === `/r/together/votes/${voteId}`);
        }
        await page.getByTestId('resident-vote').waitFor();
        assert.equal(await page.getByTestId('resident-vote').getAttribute('data-state'), 'open');
        const units = await page.getByTestId('vote-my-unit').allTextContents();
        assert.equal(units.length, 1, `${username} votes for one unit`);
        assert.match(units[0]!, new RegExp(`${staircase.unit} ${room}`));
        await page.getByTestId('vote-agree').click();
        await page.getByTestId('vote-confirm-ok').click();
        // the receipt, or the server's refusal in its words (a clearer failure than a timeout)
        await page.getByTestId('vote-receipt').or(page.getByTestId('vote-cast-error')).waitFor();
        const refused = page.getByTestId('vote-cast-error');
        if ((await refused.count()) > 0) assert.fail(`${username}: ${await refused.textContent()}`);
        assert.match(await text(page, 'vote-receipt-hash'), /^[0-9a-f]{64}$/);
        assert.match(await text(page, 'vote-receipt-seq'), /^\d+$/);
        // one ballot per unit: no buttons are left to press
        assert.equal(await page.getByTestId('vote-agree').count(), 0);
        await noSideScroll(page);
        await page.screenshot({ path: artifact(`vote-receipt-${room}.png`), fullPage: true });
        await phone.close();
      }
    });

    it('when the tenant of 201 opens the vote on a phone, then he is told why he cannot vote; zhaolei, a tenant elsewhere, does not see it', async () => {
      // 201's tenant (seed-votes.ts) verified as living there: he reads the question, not a ballot
      const tenant = await verifiedResident(tp, {
        building: staircase.buildingId,
        relation: 'tenant',
      });
      const phone = await phoneContext(browser);
      const page = await signedIn(phone, tenant.username, `/r/together/votes/${voteId}`);
      const why = page.getByTestId('vote-cannot').or(page.getByTestId('votes-verify-prompt'));
      await why.first().waitFor();
      assert.match((await why.first().textContent()) ?? '', /登记在册的业主|owners on record|租户/);
      assert.equal(await page.getByTestId('vote-agree').count(), 0);
      await noSideScroll(page);
      await page.screenshot({ path: artifact('vote-tenant.png'), fullPage: true });
      await phone.close();

      const elsewhere = await phoneContext(browser);
      const list = await signedIn(elsewhere, 'zhaolei', '/r/together/votes');
      await list
        .getByTestId('resident-votes')
        .or(list.getByTestId('votes-verify-prompt'))
        .first()
        .waitFor();
      assert.equal(await list.locator(`[data-testid="vote-card"][data-id="${voteId}"]`).count(), 0);
      await elsewhere.close();
    });

    it('when yunnan enters a paper "disagree" for 101 with the photo of the signed sheet, then the live tally says passed by head count, not by area', async () => {
      await office.reload();
      await office.getByTestId('vote-page').waitFor();
      await office.getByTestId('vote-tab-paper').click();
      await office.getByTestId('vote-paper').waitFor();
      await choose(office, 'paper-room', `${staircase.unit} 101`);
      await office.getByTestId('paper-choice-disagree').click();
      const png = await sharp({
        create: { width: 240, height: 320, channels: 3, background: { r: 245, g: 245, b: 240 } },
      })
        .png()
        .toBuffer();
      await office
        .getByTestId('paper-photo')
        .locator('input[type=file]')
        .setInputFiles({ name: 'ballot-101.png', mimeType: 'image/png', buffer: png });
      await office
        .getByTestId('paper-photo')
        .locator(
          '.ant-upload-list-item-done, .ant-upload-list-item:not(.ant-upload-list-item-uploading)',
        )
        .first()
        .waitFor();
      await until(async () =>
        assert.equal(await office.getByTestId('paper-submit').isEnabled(), true),
      );
      await office.getByTestId('paper-submit').click();
      await office.getByTestId('paper-receipt').waitFor();
      assert.match(await text(office, 'paper-receipt'), /101/);
      await office.screenshot({ path: artifact('vote-paper.png') });

      await office.getByTestId('vote-tab-tally').click();
      await until(async () => {
        const summary = office.getByTestId('vote-summary');
        assert.equal(await summary.getAttribute('data-passed'), 'false');
        const said = (await summary.textContent()) ?? '';
        assert.match(said, /按人数通过，按面积未通过|passed by head count, not by area/);
        assert.match(said, /66\.6 %/);
        assert.match(await text(office, 'vote-participating'), /4[^\d]+270\.00 m²/);
      });
      const met = await office
        .locator('[data-testid^="vote-check-"] [data-testid="vote-check-met"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-met')));
      assert.deepEqual(
        met.filter((m) => m === 'false'),
        ['false'],
        'one check fails: consent by area',
      );
      assert.equal(
        await office
          .getByTestId('vote-check-consent-area')
          .getByTestId('vote-check-met')
          .getAttribute('data-met'),
        'false',
      );
      await office.screenshot({ path: artifact('vote-tally.png'), fullPage: true });
    });

    it('when yunnan opens the campaign, then 201 and 601 are listed as not voted', async () => {
      await office.getByTestId('vote-tab-campaign').click();
      await office.getByTestId('vote-campaign').waitFor();
      await until(async () => {
        const units = await office.getByTestId('campaign-units').allTextContents();
        assert.deepEqual(units.map((u) => u.trim().split(' ').pop()).sort(), ['201', '601']);
        assert.match(await text(office, 'campaign-filter-not_voted'), /\b2\b/);
        assert.match(await text(office, 'campaign-filter-disagree'), /\b1\b/);
      });
      await office.screenshot({ path: artifact('vote-campaign.png'), fullPage: true });
    });
  },
);
