import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { originCodeOf, parentAt, pickAt, regionName, regionPath, searchLabel } from './region-path';

describe('the origin picker path', () => {
  it('when a code is a county, city or province, then its path runs from China down to it', () => {
    assert.deepEqual(regionPath('420102'), ['CN', '42', '4201', '420102']);
    assert.deepEqual(regionPath('4201'), ['CN', '42', '4201']);
    assert.deepEqual(regionPath('42'), ['CN', '42']);
    assert.deepEqual(regionPath('CN'), ['CN']);
  });

  it('when a code is another country, then the path is that country alone', () => {
    assert.deepEqual(regionPath('US'), ['US']);
    assert.deepEqual(regionPath('jp'), ['JP']);
  });

  it('when a code cannot be a region, then the path is empty', () => {
    for (const code of ['', undefined, null, '4', '42010', '4201021', 'USA', '42-01']) {
      assert.deepEqual(regionPath(code), [], String(code));
    }
  });

  it('when levels are listed, then each lists the children of the one above, below China only', () => {
    const path = ['CN', '42', '4201'];
    assert.equal(parentAt(path, 0), undefined);
    assert.equal(parentAt(path, 1), 'CN');
    assert.equal(parentAt(path, 2), '42');
    assert.equal(parentAt(path, 3), '4201');
    assert.equal(parentAt(['CN'], 2), null);
    assert.equal(parentAt(['US'], 1), null);
    assert.equal(parentAt([], 1), null);
  });

  it('when a level is picked again, then what lay below it is dropped', () => {
    const path = ['CN', '42', '4201', '420102'];
    assert.deepEqual(pickAt(path, 1, '31'), ['CN', '31']);
    assert.deepEqual(pickAt(path, 0, 'US'), ['US']);
    assert.deepEqual(pickAt(path, 2, undefined), ['CN', '42']);
  });

  it('when the path stops at China, then it names no origin yet; deeper, the deepest code', () => {
    assert.equal(originCodeOf([]), undefined);
    assert.equal(originCodeOf(['CN']), undefined);
    assert.equal(originCodeOf(['CN', '42']), '42');
    assert.equal(originCodeOf(['CN', '42', '4201', '420102']), '420102');
    assert.equal(originCodeOf(['US']), 'US');
  });
});

describe('the names of regions', () => {
  it('when a search answer has a path, then the line shows the whole path once', () => {
    const wuhan = { name: '武汉市', nameEn: 'Wuhan', path: '湖北省 武汉市' };
    const jiangan = { name: '江岸区', nameEn: 'Jiang’an', path: '湖北省 武汉市' };
    assert.equal(searchLabel(wuhan, false), '湖北省 武汉市');
    assert.equal(searchLabel(jiangan, false), '湖北省 武汉市 江岸区');
    assert.equal(searchLabel(wuhan, true), 'Wuhan · 湖北省 武汉市');
    assert.equal(searchLabel({ name: '日本', nameEn: 'Japan' }, false), '日本');
  });

  it('when a region has no English name, then English readers see the Chinese', () => {
    assert.equal(regionName({ name: '江岸区', nameEn: '' }, true), '江岸区');
    assert.equal(regionName({ name: '日本', nameEn: 'Japan' }, true), 'Japan');
    assert.equal(regionName({ name: '日本', nameEn: 'Japan' }, false), '日本');
  });
});
