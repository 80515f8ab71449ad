import type { Area, Comparison, Dashboard, IndicatorValue } from '@cc/contracts';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testT } from '../../app/test-i18n';
import { toCsv, type CsvCell } from '../../lib/csv';
import {
  compareRows,
  eventRows,
  indicatorRows,
  pointRows,
  scenarioRows,
  statusRows,
  summaryRows,
  trendRows,
} from './dashboard-csv';

const zh = testT('zh-CN');
const en = testT('en');

const area = (code: string, name: string, nameEn: string | null): Area => ({
  code,
  name,
  nameEn,
  level: 'street',
  parentCode: '310101000000',
  approximate: false,
  centre: [121.48, 31.23],
});

const NANJING = area('310101002000', '南京东路街道', 'Nanjing Road East');
const WAITAN = area('310101013000', '外滩街道', null);

const indicator = (over: Partial<IndicatorValue>): IndicatorValue => ({
  id: 'cases.on_time_rate',
  name: '按时办结率',
  nameEn: 'On-time rate',
  group: 'efficiency',
  unit: '%',
  unitEn: '%',
  decimals: 1,
  definition: '按时办结数 / 办结数，含退回重办',
  definitionEn: 'on time, over resolved',
  direction: 'higher',
  target: 95,
  thresholds: { green: 95, red: 80 },
  perResidents: false,
  source: 'platform',
  department: null,
  noFeed: false,
  value: 96.5,
  display: '96.5',
  state: 'green',
  ...over,
});

const dashboard: Dashboard = {
  area: NANJING,
  chain: [],
  children: [],
  range: { from: '2026-04-30T16:00:00.000Z', to: '2026-05-03T16:00:00.000Z' },
  groups: [{ id: 'efficiency', name: '处置效率', nameEn: 'Efficiency' }],
  indicators: [
    indicator({}),
    indicator({
      id: 'stock.open',
      name: '在办工单',
      nameEn: 'Open cases',
      group: 'stock',
      unit: '件',
      unitEn: 'cases',
      decimals: 0,
      target: null,
      value: null,
      display: '—',
      state: null,
    }),
  ],
  summary: ['stock.open'],
  byScenario: [
    {
      scenarioCode: '0101',
      name: '道路破损',
      nameEn: 'Damaged road',
      domain: 'roads',
      reported: 12,
      open: 3,
    },
  ],
  bySource: [],
  byStatus: [
    { status: 'reported', n: 4 },
    { status: 'closed', n: 9 },
  ],
  trend: {
    bucket: 'day',
    points: [{ t: '2026-05-01T16:00:00.000Z', reported: 5, resolved: 2, closed: 1 }],
  },
};

/** A header a person can read: no translation key left in it. */
function assertTranslated(header: readonly CsvCell[]) {
  for (const cell of header) {
    assert.equal(typeof cell, 'string');
    assert.doesNotMatch(
      String(cell),
      /^[a-z]+\.[a-zA-Z.]+$/,
      `untranslated header ${String(cell)}`,
    );
  }
}

describe('dashboard CSV rows', () => {
  it('when indicators are exported in Chinese, then names, groups, units and states are Chinese', () => {
    const [header, first, second] = indicatorRows(dashboard, zh, 'zh-CN');
    assertTranslated(header!);
    assert.equal(header![0], zh('dashboards.csv.group'));
    assert.match(String(header![0]), /[\u4e00-\u9fff]/);
    assert.deepEqual(first, [
      '处置效率',
      'cases.on_time_rate',
      '按时办结率',
      96.5,
      '96.5',
      '%',
      95,
      zh('dashboards.state.green'),
      '按时办结数 / 办结数，含退回重办',
    ]);
    // a group the dashboard does not name shows its id; no value, no target and no state stay blank
    assert.deepEqual(second, [
      'stock',
      'stock.open',
      '在办工单',
      null,
      '—',
      '件',
      null,
      '',
      '按时办结数 / 办结数，含退回重办',
    ]);
  });

  it('when indicators are exported in English, then the English texts are used', () => {
    const [header, first] = indicatorRows(dashboard, en, 'en');
    assertTranslated(header!);
    assert.equal(header![2], en('dashboards.csv.indicator'));
    assert.deepEqual(first!.slice(0, 3), ['Efficiency', 'cases.on_time_rate', 'On-time rate']);
    assert.equal(first![8], 'on time, over resolved');
  });

  it('when the rows are written, then Excel gets a BOM and one line per indicator', () => {
    const csv = toCsv(indicatorRows(dashboard, zh, 'zh-CN'));
    assert.ok(csv.startsWith('\uFEFF'));
    // a full-width comma is text, not a separator: no quotes needed
    assert.ok(csv.includes(',按时办结数 / 办结数，含退回重办\r\n'));
    assert.equal(csv.split('\r\n').length, 4);
  });

  it('when the strip is exported, then each figure has its indicator, name, value, unit and definition', () => {
    const figures = [
      {
        indicator: indicator({
          id: 'stock.open',
          name: '在办工单',
          nameEn: 'Open cases',
          unit: '件',
          unitEn: 'cases',
          value: 633,
          definition: '当前尚未办结的工单',
          definitionEn: 'Cases not yet ended now',
        }),
      },
    ];
    const rows = summaryRows(figures, zh, 'zh-CN');
    assertTranslated(rows[0]!);
    assert.deepEqual(rows.slice(1), [['stock.open', '在办工单', 633, '件', '当前尚未办结的工单']]);
    assert.deepEqual(summaryRows(figures, en, 'en')[1], [
      'stock.open',
      'Open cases',
      633,
      'cases',
      'Cases not yet ended now',
    ]);
    assert.equal(summaryRows([], zh, 'zh-CN').length, 1);
  });

  it('when scenarios and statuses are exported, then codes stay and names are translated', () => {
    assert.deepEqual(scenarioRows(dashboard, zh, 'zh-CN')[1], ['0101', '道路破损', 'roads', 12, 3]);
    assert.deepEqual(scenarioRows(dashboard, en, 'en')[1], [
      '0101',
      'Damaged road',
      'roads',
      12,
      3,
    ]);
    const status = statusRows(dashboard, zh);
    assertTranslated(status[0]!);
    assert.deepEqual(status[2], [zh('cases.status.closed'), 'closed', 9]);
    assert.notEqual(status[2]![0], 'closed');
  });

  it('when the trend has gaps, then every day of the range has a row, missing days at 0', () => {
    const rows = trendRows(dashboard, zh, 'zh-CN');
    assertTranslated(rows[0]!);
    assert.deepEqual(rows.slice(1), [
      ['2026-04-30T16:00:00.000Z', 0, 0, 0],
      ['2026-05-01T16:00:00.000Z', 5, 2, 1],
      ['2026-05-02T16:00:00.000Z', 0, 0, 0],
    ]);
  });

  it('when a comparison is per 10,000 residents, then residents and the rate are added and the worst marked', () => {
    const comparison: Comparison = {
      area: NANJING,
      source: null,
      indicator: { ...indicator({}), unit: '件', unitEn: 'cases' },
      range: dashboard.range,
      perTenThousand: true,
      worst: WAITAN.code,
      items: [
        {
          area: NANJING,
          value: 10,
          display: '10',
          state: 'green',
          residents: 20000,
          perTenThousand: 5,
        },
        {
          area: WAITAN,
          value: 30,
          display: '30',
          state: 'red',
          residents: 10000,
          perTenThousand: 30,
        },
      ],
    };
    const rows = compareRows(comparison, zh, 'zh-CN');
    assertTranslated(rows[0]!);
    assert.equal(rows[0]!.length, 10);
    assert.ok(String(rows[0]![7]).includes('件'), 'the rate names its unit');
    assert.deepEqual(rows[1], [
      1,
      NANJING.code,
      '南京东路街道',
      10,
      '10',
      '件',
      20000,
      5,
      zh('dashboards.state.green'),
      '',
    ]);
    assert.equal(rows[2]![9], zh('dashboards.compare.worst'));

    const plain = compareRows({ ...comparison, perTenThousand: false, worst: null }, en, 'en');
    assert.equal(plain[0]!.length, 8);
    assert.deepEqual(plain[2], [
      2,
      WAITAN.code,
      '外滩街道',
      30,
      '30',
      'cases',
      en('dashboards.state.red'),
      '',
    ]);
  });

  it('when points and live events are exported, then domains and scenarios are named', () => {
    const points = pointRows(
      [
        {
          id: 'c-1',
          lat: 31.2,
          lng: 121.5,
          scenarioCode: '0101',
          domain: 'roads',
          status: 'reported',
        },
      ],
      [{ code: 'roads', name: '道路', nameEn: 'Roads' }],
      (code) => `场景${code}`,
      zh,
      'zh-CN',
    );
    assertTranslated(points[0]!);
    assert.deepEqual(points[1], [
      'c-1',
      31.2,
      121.5,
      '0101',
      '场景0101',
      '道路',
      zh('cases.status.reported'),
    ]);
    const unknownDomain = pointRows(
      [{ id: 'c-2', lat: 0, lng: 0, scenarioCode: 'x', domain: 'water', status: 'closed' }],
      [],
      (code) => code,
      en,
      'en',
    );
    assert.equal(unknownDomain[1]![5], 'water');

    const events = eventRows(
      [
        {
          id: 'c-1',
          number: 'SH-001',
          areaCode: '310101002000',
          scenarioCode: '0101',
          status: 'dispatched',
          lat: null,
          lng: null,
          at: '2026-05-01T01:00:00Z',
        },
      ],
      (code) => `场景${code}`,
      zh,
    );
    assertTranslated(events[0]!);
    assert.deepEqual(events[1], [
      '2026-05-01T01:00:00Z',
      'SH-001',
      '场景0101',
      zh('cases.status.dispatched'),
      '310101002000',
    ]);
  });
});
