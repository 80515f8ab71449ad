import type { FedCatalogue, FedIndicator } from '@cc/contracts';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testT } from '../../app/test-i18n';
import { filterIndicators, isThresholdOrder, rulesText, thresholdsText } from './indicators-format';

const indicator = (over: Partial<FedIndicator>): FedIndicator => ({
  id: 'weather.rainfall_1h',
  group: 'weather',
  name: '小时雨量',
  nameEn: 'Hourly rainfall',
  unit: '毫米',
  unitEn: 'mm',
  decimals: 1,
  definition: '过去一小时降雨量',
  definitionEn: 'Rain in the last hour',
  department: 'meteorology',
  departmentName: '市气象局',
  departmentNameEn: 'Meteorological Service',
  rollup: 'max',
  overTime: 'latest',
  direction: 'lower',
  target: null,
  thresholds: { green: 10, red: 30 },
  levels: ['city', 'district', 'street'],
  lastFigureAt: null,
  updatedAt: '2026-05-01T00:00:00.000Z',
  ...over,
});

const catalogue: FedCatalogue = {
  groups: [
    { id: 'weather', name: '气象水文', nameEn: 'Weather and water levels' },
    { id: 'utilities', name: '水电气', nameEn: 'Water, power and gas' },
  ],
  indicators: [
    indicator({
      id: 'power.households_out',
      group: 'utilities',
      name: '停电户数',
      nameEn: 'Households without power',
      department: 'power',
      departmentName: '国网上海市电力公司',
      departmentNameEn: 'State Grid Shanghai Electric Power',
    }),
    indicator({}),
    indicator({
      id: 'water.river_level',
      name: '河道水位',
      nameEn: 'River level',
      department: 'water',
      departmentName: '市水务局',
      departmentNameEn: 'Water Authority',
    }),
  ],
};

describe('the indicator catalogue as listed', () => {
  it("when nothing is filtered, then every indicator is listed in its groups' order", () => {
    assert.deepEqual(
      filterIndicators(catalogue, {}).map((i) => i.id),
      ['weather.rainfall_1h', 'water.river_level', 'power.households_out'],
    );
  });

  it("when a group or a word is given, then only those match: names, code, the department's names", () => {
    const ids = (filter: Parameters<typeof filterIndicators>[1]) =>
      filterIndicators(catalogue, filter).map((i) => i.id);
    assert.deepEqual(ids({ group: 'utilities' }), ['power.households_out']);
    assert.deepEqual(ids({ q: '水务' }), ['water.river_level']);
    assert.deepEqual(ids({ q: 'RIVER' }), ['water.river_level']);
    assert.deepEqual(ids({ q: 'rainfall_1h' }), ['weather.rainfall_1h']);
    assert.deepEqual(ids({ q: 'grid', group: 'weather' }), []);
  });

  it('when an indicator is read, then its rules and thresholds are said in the language', () => {
    const zh = testT('zh-CN');
    const en = testT('en');
    const rain = indicator({});
    assert.equal(rulesText(rain, zh), '上级最大值 · 时段最新');
    assert.equal(thresholdsText(rain, zh, 'zh-CN'), '绿 ≤ 10 毫米 · 红 > 30');
    assert.equal(thresholdsText(rain, en, 'en'), 'green ≤ 10 mm · red > 30');
    const rate = indicator({ direction: 'higher', unit: '%', unitEn: '%', target: 99 });
    assert.equal(
      thresholdsText({ ...rate, thresholds: { green: 99, red: 95 } }, zh, 'zh-CN'),
      '绿 ≥ 99% · 红 < 95 · 目标 ≥ 99%',
    );
    assert.equal(thresholdsText({ ...rain, thresholds: null }, zh, 'zh-CN'), '未设阈值');
  });

  it('when thresholds are set, then green lies on the good side of red', () => {
    assert.equal(isThresholdOrder('lower', 10, 30), true);
    assert.equal(isThresholdOrder('lower', 30, 10), false);
    assert.equal(isThresholdOrder('higher', 99, 95), true);
    assert.equal(isThresholdOrder('higher', 95, 99), false);
    assert.equal(isThresholdOrder('neutral', 5, 1), true);
  });
});
