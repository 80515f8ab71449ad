import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasPersonalNumbers, maskPersonalNumbers } from './text-masking.js';

describe('masking numbers in published text', () => {
  it('when a post holds an ID number or a mobile, then both are masked and the rest stays', () => {
    const text = '我是310101199001011234，电话13812345678，楼下有积水';
    assert.equal(maskPersonalNumbers(text), '我是3101**********1234，电话138****5678，楼下有积水');
  });

  it('when a mobile is written with spaces, dashes or +86, then it is still masked', () => {
    assert.equal(maskPersonalNumbers('call +86 138-1234-5678 now'), 'call 138****5678 now');
    assert.equal(maskPersonalNumbers('139 8765 4321'), '139****4321');
  });

  it('when the ID ends in x, then it is masked too', () => {
    assert.equal(maskPersonalNumbers('id 31010119900101123x'), 'id 3101**********123X');
  });

  it('when numbers are part of a longer run, a date or an amount, then nothing is masked', () => {
    for (const text of [
      '订单 1381234567890123',
      '2026-12-06 10:00',
      '共 12345678 元',
      '5 号楼 1201 室',
    ]) {
      assert.equal(maskPersonalNumbers(text), text);
      assert.equal(hasPersonalNumbers(text), false);
    }
  });
});
