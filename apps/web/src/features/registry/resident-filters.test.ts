import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  FILTER_KEYS,
  hasFilters,
  readFilters,
  writeFilters,
  type ResidentFilters,
} from './resident-filters';

const read = (query: string) => readFilters(new URLSearchParams(query));
const BUILDING = '0b0f6a52-3c1d-4c55-9a0e-1f2d3c4b5a69';

describe('readFilters', () => {
  it('when the URL has no filters, then there are none', () => {
    assert.deepEqual(read(''), {});
    assert.equal(hasFilters(read('')), false);
  });

  it('when the URL holds good filters, then each is read, Chinese text included', () => {
    const filters = read(
      `name=${encodeURIComponent('张三')}&document=310101&phone=13812345678&tag=elderly_alone` +
        `&registration=migrant&nationality=CHN&sex=female&ageFrom=60&ageTo=80` +
        `&building=${BUILDING}&room=${BUILDING.toUpperCase()}&status=moved_out`,
    );
    assert.deepEqual(filters, {
      name: '张三',
      tag: 'elderly_alone',
      registration: 'migrant',
      nationality: 'CHN',
      sex: 'female',
      ageFrom: 60,
      ageTo: 80,
      building: BUILDING,
      room: BUILDING.toUpperCase(),
      status: 'moved_out',
    });
    assert.equal(hasFilters(filters), true);
  });

  it('when text has spaces around it, then they are trimmed; blank text is no filter', () => {
    assert.deepEqual(read(`name=${encodeURIComponent('  李 四 ')}`), { name: '李 四' });
    assert.deepEqual(read('name=%20%20&document='), {});
  });

  it('when text is shorter or longer than the server takes, then it is left out', () => {
    assert.deepEqual(read('document=310'), {});
    assert.deepEqual(read(`document=${'1'.repeat(31)}`), {});
    assert.deepEqual(read('phone=1381234567'), {});
    assert.deepEqual(read(`name=${'张'.repeat(41)}`), {});
    assert.deepEqual(read(`name=${'张'.repeat(40)}`), { name: '张'.repeat(40) });
  });

  it('when a value is not one the server knows, then it is left out', () => {
    assert.deepEqual(
      read('registration=alien&sex=other&status=gone&tag=Elderly&nationality=chn&building=12'),
      {},
    );
    assert.deepEqual(read('tag=a'), {});
    assert.deepEqual(read('nationality=CHINA'), {});
  });

  it('when an age is not a whole number from 0 to 130, then it is left out', () => {
    for (const bad of ['', ' ', '-1', '131', '3.5', 'abc', 'NaN']) {
      assert.deepEqual(read(`ageFrom=${encodeURIComponent(bad)}`), {}, `ageFrom=${bad}`);
    }
    assert.deepEqual(read('ageFrom=0&ageTo=130'), { ageFrom: 0, ageTo: 130 });
  });

  it('when the URL has other parameters, then they are no filters', () => {
    assert.deepEqual(read('area=310101002001&cursor=abc&limit=5&foo=bar'), {});
  });

  it('when a parameter is repeated, then the first one counts', () => {
    assert.deepEqual(read('sex=male&sex=female'), { sex: 'male' });
  });
});

describe('writeFilters', () => {
  it('when filters are written, then the order is steady whatever the object order', () => {
    const a = writeFilters({ status: 'present', name: '王五', ageFrom: 0 }).toString();
    const b = writeFilters({ ageFrom: 0, name: '王五', status: 'present' }).toString();
    assert.equal(a, b);
    assert.equal(a, `name=${encodeURIComponent('王五')}&ageFrom=0&status=present`);
  });

  it('when a filter is empty or undefined, then it is not written', () => {
    assert.equal(writeFilters({ name: '', tag: undefined, sex: undefined }).toString(), '');
  });

  it('when a URL carries a document number or phone, then it is no filter (an exact lookup goes in a POST body)', () => {
    const params = new URLSearchParams({ document: '310101199001011234', phone: '13912345678' });
    assert.deepEqual(readFilters(params), {});
    assert.equal(writeFilters(readFilters(params)).toString(), '');
  });

  it('when filters go through the URL and back, then they are the same', () => {
    const filters: ResidentFilters = {
      name: '欧阳修',
      tag: 'disabled',
      registration: 'overseas',
      ageTo: 17,
      building: BUILDING,
      status: 'present',
    };
    assert.deepEqual(readFilters(writeFilters(filters)), filters);
  });

  it('when a URL is read and written again, then bad values are gone and good ones keep their order', () => {
    const url = `status=present&junk=1&sex=bad&name=${encodeURIComponent(' 赵六 ')}`;
    assert.equal(
      writeFilters(read(url)).toString(),
      `name=${encodeURIComponent('赵六')}&status=present`,
    );
  });

  it('when every filter key is listed, then each is written in that order', () => {
    const params = writeFilters(
      read(
        `status=present&room=${BUILDING}&building=${BUILDING}&ageTo=9&ageFrom=1&sex=male` +
          `&nationality=CHN&registration=local&tag=ab&phone=13812345678&document=1234&name=x`,
      ),
    );
    assert.deepEqual([...params.keys()], [...FILTER_KEYS]);
  });
});
