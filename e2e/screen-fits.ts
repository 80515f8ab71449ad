import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

/*
 * What the walls' journeys check of a big screen, in its own module: it reads the page's DOM,
 * and the benchmarks that share browser.ts are compiled without the DOM's types.
 */

/**
 * A big screen (大屏) fills the viewport exactly: no scrolling, no panel clipping its content,
 * every panel wholly on screen. Returns the panels' boxes, named by their test ids.
 */
export async function assertScreenFits(page: Page, viewport: { width: number; height: number }) {
  const layout = await page.evaluate(() => {
    const root = document.documentElement;
    const boxes = Array.from(
      document.querySelectorAll('.cc-screen-head, .cc-screen-panel, .cc-screen .cc-kpis'),
    ).map((element) => {
      const box = element.getBoundingClientRect();
      return {
        name: element.getAttribute('data-testid') ?? element.className,
        top: box.top,
        left: box.left,
        bottom: box.bottom,
        right: box.right,
      };
    });
    // a panel's body hides what overflows it: nothing may
    const clipped = Array.from(document.querySelectorAll('.cc-screen-panel-body'))
      .filter(
        (body) =>
          body.scrollHeight > body.clientHeight + 1 || body.scrollWidth > body.clientWidth + 1,
      )
      .map((body) => body.parentElement?.getAttribute('data-testid') ?? '?');
    return {
      clipped,
      scrollHeight: root.scrollHeight,
      scrollWidth: root.scrollWidth,
      innerHeight: window.innerHeight,
      innerWidth: window.innerWidth,
      boxes,
    };
  });
  assert.equal(layout.innerWidth, viewport.width);
  assert.equal(layout.innerHeight, viewport.height);
  assert.ok(
    layout.scrollHeight <= layout.innerHeight,
    `no vertical scroll (${layout.scrollHeight} > ${layout.innerHeight})`,
  );
  assert.ok(
    layout.scrollWidth <= layout.innerWidth,
    `no horizontal scroll (${layout.scrollWidth} > ${layout.innerWidth})`,
  );
  assert.ok(layout.boxes.length >= 5, `the panels are there (${layout.boxes.length})`);
  assert.deepEqual(layout.clipped, [], 'no panel clips its content');
  for (const box of layout.boxes) {
    assert.ok(
      box.top >= 0 &&
        box.left >= 0 &&
        box.bottom <= layout.innerHeight + 0.5 &&
        box.right <= layout.innerWidth + 0.5,
      `${box.name} lies inside the viewport: ${JSON.stringify(box)}`,
    );
  }
  return layout.boxes;
}
