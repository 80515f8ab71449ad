import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { heldBack } from './hotline-format';

describe('the hotline page’s formatting', () => {
  it('when a file held orders back by category and by address, then they are counted together', () => {
    assert.equal(
      heldBack({
        unmapped: [
          { category: '噪声扰民', rows: 2, hotlineIds: ['A', 'B'] },
          { category: '占道经营', rows: 3, hotlineIds: ['C', 'D', 'E'] },
        ],
        unplaced: { rows: 1, hotlineIds: ['F'] },
      }),
      6,
    );
    assert.equal(heldBack({ unmapped: [], unplaced: { rows: 0, hotlineIds: [] } }), 0);
  });
});
