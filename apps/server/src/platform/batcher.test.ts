import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Batcher } from './batcher.js';

/** A write that records each batch it was given; items < 0 fail the whole batch, 0 fails alone. */
function recorder() {
  const batches: number[][] = [];
  const write = async (items: number[]) => {
    batches.push(items);
    await new Promise((r) => setTimeout(r, 5));
    if (items.some((i) => i < 0)) throw new Error(`batch with ${items.join(',')} failed`);
    return items.map((i) => (i === 0 ? new Error('zero is refused') : i * 10));
  };
  return { batches, write };
}

describe('group commit (Batcher)', () => {
  it('when many items arrive at once, then they are written in a few batches, each answered with its own result', async () => {
    const { batches, write } = recorder();
    const b = new Batcher(write, { maxBatch: 10, concurrency: 2, lingerMs: 2 });
    const results = await Promise.all(Array.from({ length: 35 }, (_, i) => b.submit(i + 1)));
    assert.deepEqual(
      results,
      Array.from({ length: 35 }, (_, i) => (i + 1) * 10),
    );
    assert.ok(batches.length <= 5, `35 items in ${batches.length} batches`);
    assert.ok(batches.every((x) => x.length <= 10));
    assert.deepEqual(
      batches.flat().sort((x, y) => x - y),
      results.map((r) => r / 10),
    );
  });

  it('when one item fails in a batch, then only its submitter gets the error', async () => {
    const { write } = recorder();
    const b = new Batcher(write, { maxBatch: 10, concurrency: 1, lingerMs: 2 });
    const settled = await Promise.allSettled([1, 0, 2].map((i) => b.submit(i)));
    assert.deepEqual(
      settled.map((s) => s.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    assert.match(String((settled[1] as PromiseRejectedResult).reason), /zero is refused/);
  });

  it('when a whole batch fails, then each item is written again alone and the others still succeed', async () => {
    const { batches, write } = recorder();
    const b = new Batcher(write, { maxBatch: 10, concurrency: 1, lingerMs: 2 });
    const settled = await Promise.allSettled([3, -1, 4].map((i) => b.submit(i)));
    assert.deepEqual(
      settled.map((s) => (s.status === 'fulfilled' ? s.value : 'failed')),
      [30, 'failed', 40],
    );
    assert.deepEqual(batches, [[3, -1, 4], [3], [-1], [4]]);
  });

  it('when an item arrives alone, then it is written at once in a batch of one', async () => {
    const { batches, write } = recorder();
    const b = new Batcher(write, { maxBatch: 10, concurrency: 2, lingerMs: 1000 });
    assert.equal(await b.submit(7), 70);
    assert.deepEqual(batches, [[7]]);
  });
});
