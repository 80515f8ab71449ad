import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FEN_MAX, fenToYuanText, formatFen, parseYuan } from './money';

describe('council money', () => {
  it('when yuan are typed with up to two decimals, then they become whole fen', () => {
    assert.equal(parseYuan('1234.56'), 123456);
    assert.equal(parseYuan('1234.5'), 123450);
    assert.equal(parseYuan('1234.'), 123400);
    assert.equal(parseYuan('0.01'), 1);
    assert.equal(parseYuan('0.1'), 10);
    assert.equal(parseYuan('  88 '), 8800);
    // the classic float trap: 0.29 * 100 is 28.999999999999996
    assert.equal(parseYuan('0.29'), 29);
    assert.equal(parseYuan('1.13'), 113);
    assert.equal(parseYuan('007.50'), 750);
  });

  it('when the amount is written the way people write money, then it is still read', () => {
    assert.equal(parseYuan('¥1,234.56'), 123456);
    assert.equal(parseYuan('￥ 12'), 1200);
    assert.equal(parseYuan('1,000,000'), 100_000_000);
    assert.equal(parseYuan('１２３．４'), 12340);
    assert.equal(parseYuan('50元'), 5000);
  });

  it('when an amount is negative, a fraction of a fen, not a number or empty, then it is refused', () => {
    for (const bad of [
      '-1',
      '-0.01',
      '1.234',
      '0.001',
      'abc',
      '',
      ' ',
      '1e3',
      '12,34',
      '1.2.3',
      '.5',
    ]) {
      assert.equal(parseYuan(bad), null, bad);
    }
  });

  it('when the amount is zero, then it is refused unless zero is allowed', () => {
    assert.equal(parseYuan('0'), null);
    assert.equal(parseYuan('0.00'), null);
    assert.equal(parseYuan('0', { allowZero: true }), 0);
    assert.equal(parseYuan('0.00', { allowZero: true }), 0);
  });

  it('when the amount is beyond the largest entry, then it is refused', () => {
    assert.equal(parseYuan('10000000000'), FEN_MAX);
    assert.equal(parseYuan('10000000000.01'), null);
    assert.equal(parseYuan('99999999999999999999'), null);
  });

  it('when fen are shown, then as yuan with two decimals and thousands grouped', () => {
    assert.equal(formatFen(123456), '¥1,234.56');
    assert.equal(formatFen(0), '¥0.00');
    assert.equal(formatFen(5), '¥0.05');
    assert.equal(formatFen(100_000_000), '¥1,000,000.00');
    assert.equal(formatFen(-1200), '-¥12.00');
    assert.equal(formatFen(1200, { signed: true }), '+¥12.00');
    assert.equal(formatFen(-1200, { signed: true }), '-¥12.00');
    assert.equal(formatFen(0, { signed: true }), '¥0.00');
  });

  it('when fen are shown and read back, then the amount is the same', () => {
    for (const fen of [1, 10, 99, 100, 123456, 987654321, FEN_MAX]) {
      assert.equal(parseYuan(formatFen(fen)), fen);
      assert.equal(parseYuan(fenToYuanText(fen)), fen);
    }
    assert.equal(fenToYuanText(123456), '1234.56');
    assert.equal(fenToYuanText(-5), '-0.05');
  });
});
