import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSmallGroup, maskName, maskPhone, SMALL_GROUP_DISPLAY } from './masking.js';

describe('masking', () => {
  it('when masking names, then only the first character of each word stays', () => {
    assert.equal(maskName('张三丰'), '张**');
    assert.equal(maskName('张三'), '张*');
    assert.equal(maskName('欧阳修'), '欧**');
    assert.equal(maskName('张'), '*');
    assert.equal(maskName(''), '*');
    assert.equal(maskName('John Smith'), 'J*** S****');
    assert.equal(maskName(' Anna  Maria Lopez '), 'A*** M**** L****');
  });

  it('when masking a mobile, then 3 and 4 digits stay, and a short one shows nothing', () => {
    assert.equal(maskPhone('13812345678'), '138****5678');
    assert.equal(maskPhone('1234567'), '*******');
  });

  it('when a count of people is between 1 and 4, then it is a small group shown as <5', () => {
    assert.deepEqual(
      [0, 1, 4, 5, null].map((n) => isSmallGroup(n)),
      [false, true, true, false, false],
    );
    assert.equal(SMALL_GROUP_DISPLAY, '<5');
  });
});
