import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DECLARATION_STATUSES, KEY_REGION_LEVELS, OBSERVATION_TODAY, type Me } from '@cc/contracts';
import {
  DECLARATION_STATUS_COLORS,
  LEVEL_COLORS,
  TODAY_COLORS,
  declarationFilters,
  formatTemperature,
  isAbnormal,
  isDateRangeValid,
  isFever,
  keyRegionState,
  pickCommittee,
  regionOption,
  staffCommittees,
  type RegionOption,
  withChildren,
} from './epidemic-rules';

describe('the fever line', () => {
  it('when the temperature is 37.3 or above, then it is a fever; 37.2 and nothing are not', () => {
    assert.deepEqual([37.3, 37.31, 38, 42.9, 37.2, 36.5, null, undefined].map(isFever), [
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });

  it('when a float sum lands just under 37.3, then it still reads as the 37.3 it shows', () => {
    assert.equal(isFever(36.1 + 1.2), true);
  });

  it('when there is a symptom or a fever, then the report is abnormal', () => {
    assert.equal(isAbnormal(36.5, []), false);
    assert.equal(isAbnormal(36.5, ['cough']), true);
    assert.equal(isAbnormal(37.5, []), true);
  });

  it('when a temperature is shown, then it has one decimal and its unit', () => {
    assert.equal(formatTemperature(37), '37.0 °C');
    assert.equal(formatTemperature(37.46), '37.5 °C');
    assert.equal(formatTemperature(null), undefined);
  });
});

const me = (roles: [string, string, string][]): Me => ({
  id: 'a',
  username: 'u',
  displayName: 'U',
  roles: roles.map(([role, areaCode, areaName], i) => ({
    id: String(i),
    role: role as Me['roles'][number]['role'],
    areaCode,
    areaName,
    areaLevel: 'committee',
  })),
});

describe('the committees of a person', () => {
  it('when a person is committee staff twice and something else, then each committee shows once', () => {
    const person = me([
      ['committee_staff', '310101002001', '甲居委'],
      ['grid_leader', '310101002000', '街道'],
      ['committee_staff', '310101002002', '乙居委'],
      ['committee_staff', '310101002001', '甲居委'],
    ]);
    assert.deepEqual(staffCommittees(person), [
      { code: '310101002001', name: '甲居委' },
      { code: '310101002002', name: '乙居委' },
    ]);
  });

  it('when the page asks for a committee the person does not work for, then their first is shown', () => {
    const committees = [{ code: 'a' }, { code: 'b' }];
    assert.equal(pickCommittee(committees, 'b'), 'b');
    assert.equal(pickCommittee(committees, 'z'), 'a');
    assert.equal(pickCommittee(committees, null), 'a');
    assert.equal(pickCommittee([], 'a'), undefined);
  });
});

describe('key region listings', () => {
  it('when a day is before, within or after the listing, then it is upcoming, active or ended', () => {
    const listing = { from: '2026-12-01', to: '2026-12-10' };
    assert.equal(keyRegionState(listing, '2026-11-30'), 'upcoming');
    assert.equal(keyRegionState(listing, '2026-12-01'), 'active');
    assert.equal(keyRegionState(listing, '2026-12-10'), 'active');
    assert.equal(keyRegionState(listing, '2026-12-11'), 'ended');
    assert.equal(keyRegionState({ from: '2026-12-01', to: null }, '2030-01-01'), 'active');
  });

  it('when the end is before the start, then the dates are refused; an open end is fine', () => {
    assert.equal(isDateRangeValid('2026-12-02', '2026-12-01'), false);
    assert.equal(isDateRangeValid('2026-12-02', '2026-12-02'), true);
    assert.equal(isDateRangeValid('2026-12-02', null), true);
  });
});

describe('the declarations filters', () => {
  it('when everything is "all", then the query has no filters', () => {
    assert.deepEqual(declarationFilters({ status: 'all', keyRegion: 'all', range: null }), {
      status: undefined,
      keyRegion: undefined,
      from: undefined,
      to: undefined,
    });
  });

  it('when a status, key regions and a range are chosen, then each goes into the query', () => {
    assert.deepEqual(
      declarationFilters({
        status: 'more_info',
        keyRegion: 'no',
        range: ['2026-12-01', null],
      }),
      { status: 'more_info', keyRegion: false, from: '2026-12-01', to: undefined },
    );
    assert.equal(declarationFilters({ keyRegion: 'yes' }).keyRegion, true);
  });
});

describe('colours', () => {
  it('when a status, level or check-in state exists, then it has its own colour', () => {
    for (const status of DECLARATION_STATUSES) assert.ok(DECLARATION_STATUS_COLORS[status]);
    for (const level of KEY_REGION_LEVELS) assert.ok(LEVEL_COLORS[level]);
    for (const today of OBSERVATION_TODAY) assert.ok(TODAY_COLORS[today]);
    assert.notEqual(LEVEL_COLORS.high, LEVEL_COLORS.medium);
    assert.equal(new Set(OBSERVATION_TODAY.map((s) => TODAY_COLORS[s])).size, 3);
  });
});

describe('the region picker', () => {
  it('when a region is China, a province or a city, then it opens; a county or another country does not', () => {
    const leaf = (code: string, kind: 'country' | 'province' | 'city' | 'county') =>
      regionOption({ code, name: code, nameEn: code, kind }, false).isLeaf;
    assert.deepEqual(
      [leaf('CN', 'country'), leaf('42', 'province'), leaf('4201', 'city')],
      [false, false, false],
    );
    assert.deepEqual([leaf('420102', 'county'), leaf('US', 'country')], [true, true]);
  });

  it('when the page is in English, then a region shows its English name if it has one', () => {
    const r = { code: '42', name: '湖北省', nameEn: 'Hubei', kind: 'province' as const };
    assert.equal(regionOption(r, true).label, 'Hubei');
    assert.equal(regionOption(r, false).label, '湖北省');
    assert.equal(regionOption({ ...r, nameEn: '' }, true).label, '湖北省');
  });

  it('when a level loads, then its regions hang under the path picked, the rest untouched', () => {
    const top: RegionOption[] = [
      { value: 'CN', label: '中国', isLeaf: false },
      { value: 'US', label: '美国', isLeaf: true },
    ];
    const provinces = withChildren(top, ['CN'], [{ value: '42', label: '湖北省', isLeaf: false }]);
    const cities = withChildren(
      provinces,
      ['CN', '42'],
      [{ value: '4201', label: '武汉市', isLeaf: false }],
    );
    assert.equal(cities[0]?.children?.[0]?.children?.[0]?.value, '4201');
    assert.equal(cities[1], top[1]);
    assert.equal(top[0]?.children, undefined);
  });
});
