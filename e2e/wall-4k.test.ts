import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startTestPlatform, type Client, type TestPlatform } from '../apps/server/src/testing.js';
import { artifact, browserMissing, DESK, launchBrowser, signIn } from './browser.js';

const skip = browserMissing();
const STREET = '310101002000'; // 南京东路街道
const BUSY = '310101002001'; // 云南中路居委会: three cases open
const QUIET = '310101002002'; // 龙泉园路居委会: one
const HD = { width: 1920, height: 1080 };
const UHD = { width: 3840, height: 2160 };

/** What the wall's type measures: the header's title and range, and the median of all text. */
async function typeSizes(page: Page) {
  return page.evaluate(() => {
    // (no named functions in here: the page has no __name of the test's compiler)
    const [title, range] = ['[data-testid="dashboard-title"]', '.cc-screen-range'].map(
      (selector) => {
        const element = document.querySelector(selector);
        return element ? parseFloat(getComputedStyle(element).fontSize) : NaN;
      },
    );
    // every element that holds text of its own and is drawn
    const sizes = Array.from(document.querySelectorAll('.cc-screen *'))
      .filter((element) => {
        const box = element.getBoundingClientRect();
        return (
          box.width > 0 &&
          box.height > 0 &&
          Array.from(element.childNodes).some(
            (node) => node.nodeType === Node.TEXT_NODE && node.textContent!.trim() !== '',
          )
        );
      })
      .map((element) => parseFloat(getComputedStyle(element).fontSize))
      .sort((a, b) => a - b);
    const root = document.documentElement;
    return {
      title: title!,
      range: range!,
      median: sizes[Math.floor(sizes.length / 2)] ?? NaN,
      count: sizes.length,
      scrolls: root.scrollHeight > window.innerHeight || root.scrollWidth > window.innerWidth,
    };
  });
}

describe(
  'browser journey: the wall at 4K, and the case centre at 1440 px',
  { skip: skip ?? false },
  () => {
    let tp: TestPlatform;
    let browser: Browser;
    let inspector: Client;
    const numbers: string[] = [];

    before(async () => {
      [tp, browser] = await Promise.all([
        startTestPlatform('pglite', { loginsPerMinutePerIp: 1000 }),
        launchBrowser(),
      ]);
      inspector = await tp.login('inspector');
      // before the wall opens: three cases in one committee, one in the next
      for (const [code, n] of [
        [BUSY, 3],
        [QUIET, 1],
      ] as const) {
        const here = await tp.centreOf(code);
        for (let i = 0; i < n; i++) {
          const r = await inspector.post('/api/cases', {
            scenarioCode: 'noise-nuisance',
            description: `楼下商铺音响太吵（大屏旅程 ${code} ${i}）`,
            attributes: { source: 'renovation' },
            ...here,
          });
          assert.equal(r.status, 201, JSON.stringify(r.body));
          numbers.push(r.body.number as string);
        }
      }
    });
    after(async () => {
      await browser?.close();
      await tp?.close();
    });

    /** The street's wall, ranked on open cases (lower is better), loaded and ranked. */
    async function openWall(viewport: { width: number; height: number }) {
      const context = await browser.newContext({ viewport, locale: 'zh-CN' });
      const page = await signIn(context, tp.baseUrl, 'nanjingdong');
      await page.goto(`${tp.baseUrl}/dashboards/${STREET}?mode=screen&indicator=stock.open`);
      await page
        .locator(`[data-testid="dashboard-page"][data-state="ready"][data-area-code="${STREET}"]`)
        .waitFor();
      await page.locator('[data-testid="ranking"] li').first().waitFor();
      await page.locator('[data-testid="dashboard-map"][data-area-code]').waitFor();
      return page;
    }

    it('when the wall opens at 1920×1080 and at 3840×2160, then its type doubles, its live panel is filled and the worst committee leads the ranking', async () => {
      const sizes: Record<string, Awaited<ReturnType<typeof typeSizes>>> = {};
      for (const [name, viewport] of [
        ['hd', HD],
        ['uhd', UHD],
      ] as const) {
        const page = await openWall(viewport);
        // the live panel: the latest events of the street, before any new one arrives
        await page.getByTestId('feed-item').first().waitFor({ timeout: 10_000 });
        const feed = await page.getByTestId('feed-item').allTextContents();
        assert.ok(feed.length >= 4, `the feed opens with the four filings: ${feed.length}`);
        assert.ok(
          numbers.some((n) => feed.some((line) => line.includes(n))),
          'the feed names the cases',
        );
        // the ranking: the committee with the most open cases first, marked the worst
        const first = page.locator('[data-testid="ranking"] li').first();
        assert.equal(await first.getAttribute('data-testid'), `rank-${BUSY}`);
        assert.equal(await first.getAttribute('data-worst'), 'true');
        assert.match((await first.textContent()) ?? '', /3 件/);
        // the strip: named as the indicators are, 在办 counting every case not ended
        assert.match((await page.getByTestId('kpi-open').textContent()) ?? '', /在办工单\s*4/);
        sizes[name] = await typeSizes(page);
        assert.equal(sizes[name].scrolls, false, `${name}: the wall does not scroll`);
        await page.screenshot({ path: artifact(`wall-${name}.png`) });
        await page.context().close();
      }
      const { hd, uhd } = sizes as Record<'hd' | 'uhd', (typeof sizes)[string]>;
      console.log(
        `wall type (px) 1080p → 4K: title ${hd.title} → ${uhd.title}, range ${hd.range} → ${uhd.range}, median ${hd.median} → ${uhd.median} (${uhd.count} texts)`,
      );
      assert.ok(uhd.title >= 1.8 * hd.title, `title ${hd.title} → ${uhd.title}`);
      assert.ok(uhd.range >= 1.8 * hd.range, `range ${hd.range} → ${uhd.range}`);
      assert.ok(uhd.median >= 1.8 * hd.median, `median ${hd.median} → ${uhd.median}`);
      // the header and range read from the room: at 1080p already larger than a desk's 14 px
      assert.ok(hd.title >= 30 && hd.range >= 18, JSON.stringify(hd));
    });

    it('when the case centre is opened at 1440 px, then 时限 and 超时 are whole on screen, and a case number finds its case', async () => {
      const context = await browser.newContext({ viewport: DESK, locale: 'zh-CN' });
      const page = await signIn(context, tp.baseUrl, 'nanjingdong');
      await page.goto(`${tp.baseUrl}/cases`);
      await page.locator(`[data-testid="case-row-${numbers[0]}"]`).waitFor();
      const columns = await page.evaluate(() => {
        // (no named functions in here: the page has no __name of the test's compiler)
        const [deadline, overdue] = [
          '[data-testid="cases-col-deadline"]',
          '[data-testid="cases-col-overdue"]',
        ].map((selector) => {
          const element = document.querySelector(selector)!;
          const r = element.getBoundingClientRect();
          return {
            left: r.left,
            right: r.right,
            text: element.textContent,
            // the text is cut when the cell is narrower than what it holds
            cut: element.scrollWidth > element.clientWidth + 1,
          };
        });
        const table = document.querySelector('[data-testid="cases-table"] .ant-table-container')!;
        const visible = table.getBoundingClientRect();
        const cell = document.querySelector(
          '[data-testid="cases-table"] tbody tr[data-status] td:nth-last-child(2)',
        )!;
        return {
          deadline: deadline!,
          overdue: overdue!,
          visible: { left: visible.left, right: Math.min(visible.right, window.innerWidth) },
          cell: { cut: cell.scrollWidth > cell.clientWidth + 1, text: cell.textContent },
        };
      });
      for (const [name, col] of [
        ['时限', columns.deadline],
        ['超时', columns.overdue],
      ] as const) {
        assert.equal(col.text, name);
        assert.ok(
          col.left >= columns.visible.left - 0.5 && col.right <= columns.visible.right + 0.5,
          `${name} lies inside the table's view: ${JSON.stringify({ col, visible: columns.visible })}`,
        );
        assert.equal(col.cut, false, `${name}'s header is not cut`);
      }
      assert.match(columns.cell.text ?? '', /接单时限 · 剩余/);
      assert.equal(columns.cell.cut, false, `the deadline cell is not cut: ${columns.cell.text}`);
      await page.screenshot({ path: artifact('cases-1440.png') });

      // the search box: a number finds that case alone
      await page.getByTestId('cases-filter-q').fill(numbers[2]!);
      await page.getByTestId('cases-search').click();
      await page.locator(`[data-testid="case-row-${numbers[0]}"]`).waitFor({ state: 'detached' });
      assert.equal(await page.locator('[data-testid^="case-row-"]').count(), 1);
      await page.locator(`[data-testid="case-row-${numbers[2]}"]`).waitFor();
      await page.context().close();
    });
  },
);
