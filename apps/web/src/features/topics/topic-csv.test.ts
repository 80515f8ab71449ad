import type { Area, TopicBoard, TopicMetric } from '@cc/contracts';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testT } from '../../app/test-i18n';
import { toCsv } from '../../lib/csv';
import { caseRows, compareRows, metricRows, trendRows } from './topic-csv';

const zh = testT('zh-CN');
const en = testT('en');

const area = (code: string, name: string, nameEn: string | null): Area => ({
  code,
  name,
  nameEn,
  level: 'committee',
  parentCode: '310101002000',
  approximate: false,
  centre: [121.48, 31.23],
});

const A = area('310101002001', '云南中路居委', 'Yunnan Road Central');
const B = area('310101002002', '贵州路居委', null);

const metric = (over: Partial<TopicMetric>): TopicMetric => ({
  id: 'elderly.visits',
  name: '探访老人',
  nameEn: 'Elderly visits',
  unit: '人次',
  unitEn: 'visits',
  aggregate: 'sum',
  feed: 'csv',
  value: 40,
  display: '40',
  byChild: [
    { area: A, value: 36, display: '36' },
    // fewer than five people: hidden, shown as "<5"
    { area: B, value: null, display: '<5' },
  ],
  keyAreas: [A.code],
  trend: [
    { day: '2026-05-01', value: 12, display: '12' },
    { day: '2026-05-03', value: null, display: '<5' },
  ],
  ...over,
});

const board: TopicBoard = {
  topic: {
    id: 'elderly',
    name: '为老服务',
    nameEn: 'Elderly care',
    description: '',
    descriptionEn: '',
  },
  area: area('310101002000', '南京东路街道', 'Nanjing Road East'),
  chain: [],
  range: { from: '2026-04-30T16:00:00.000Z', to: '2026-05-03T16:00:00.000Z' },
  lastDay: '2026-05-03',
  breakdowns: [],
  metrics: [
    metric({}),
    metric({
      id: 'elderly.alone',
      name: '独居老人',
      nameEn: 'Living alone',
      unit: '人',
      unitEn: 'people',
      aggregate: 'latest',
      keyAreas: ['310101009999'],
      trend: [{ day: '2026-05-02', value: 7, display: '7' }],
    }),
  ],
  cases: {
    reported: 3,
    open: 1,
    byScenario: [
      {
        scenarioCode: '0901',
        name: '独居老人求助',
        nameEn: 'Help for a lone elder',
        reported: 3,
        open: 1,
      },
    ],
  },
};

const isUntranslated = (cell: unknown) => /^[a-z]+\.[a-zA-Z.]+$/.test(String(cell));

describe('topic CSV rows', () => {
  it('when metrics are exported, then key areas are named and a hidden figure stays "<5"', () => {
    const [header, first, second] = metricRows(board, zh, 'zh-CN');
    assert.ok(!header!.some(isUntranslated), String(header));
    assert.deepEqual(first, [
      'elderly.visits',
      '探访老人',
      zh('topics.aggregate.sum'),
      '40',
      '人次',
      '云南中路居委',
    ]);
    // a key area no child names shows its code
    assert.equal(second![5], '310101009999');
    assert.equal(second![2], zh('topics.aggregate.latest'));
  });

  it('when metrics are exported in English, then names, units and key areas are English', () => {
    const [header, first] = metricRows(board, en, 'en');
    assert.ok(!header!.some(isUntranslated), String(header));
    assert.deepEqual(first!.slice(1, 6), [
      'Elderly visits',
      en('topics.aggregate.sum'),
      '40',
      'visits',
      'Yunnan Road Central',
    ]);
  });

  it('when a metric is compared, then children are ranked with the figure as shown and key areas marked', () => {
    const rows = compareRows(board.metrics[0]!, zh, 'zh-CN');
    assert.equal(rows[0]![3], '探访老人');
    assert.ok(!rows[0]!.some(isUntranslated), String(rows[0]));
    assert.deepEqual(rows.slice(1), [
      [1, A.code, '云南中路居委', '36', '人次', zh('topics.compare.key')],
      [2, B.code, '贵州路居委', '<5', '人次', ''],
    ]);
  });

  it('when the trend is exported, then every day of the range has a row and a missing figure is blank', () => {
    const rows = trendRows(board, 'zh-CN', zh);
    assert.deepEqual(rows, [
      [zh('topics.csv.day'), '探访老人', '独居老人'],
      ['2026-05-01', '12', ''],
      ['2026-05-02', '', '7'],
      ['2026-05-03', '<5', ''],
    ]);
  });

  it('when the range is empty or reversed, then the trend has only its header', () => {
    const reversed = { ...board, range: { from: board.range.to, to: board.range.from } };
    assert.equal(trendRows(reversed, 'zh-CN', zh).length, 1);
    assert.equal(trendRows({ ...board, metrics: [] }, 'en', en)[0]!.length, 1);
  });

  it('when the topic cases are exported, then each scenario is named in the reader’s language', () => {
    assert.deepEqual(caseRows(board, zh, 'zh-CN')[1], ['0901', '独居老人求助', 3, 1]);
    assert.deepEqual(caseRows(board, en, 'en')[1], ['0901', 'Help for a lone elder', 3, 1]);
  });

  it('when the rows are written, then "<5" is text and no formula', () => {
    const csv = toCsv(compareRows(board.metrics[0]!, zh, 'zh-CN'));
    assert.ok(csv.startsWith('\uFEFF'));
    assert.ok(csv.includes(',<5,人次,'));
  });
});
