import type { Area, Comparison, DashboardCaseEvent, IndicatorValue } from '@cc/contracts';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testT } from '../../app/test-i18n';
import { legendText, mergeFeed, packPages, stripFigures, trendNames, worstFirst } from './figures';

const zh = testT('zh-CN');
const en = testT('en');

const indicator = (over: Partial<IndicatorValue>): IndicatorValue => ({
  id: 'cases.on_time_rate',
  name: '按时处置率',
  nameEn: 'On-time rate',
  group: 'timeliness',
  unit: '%',
  unitEn: '%',
  decimals: 1,
  definition: '按时处置数 ÷ 处置数',
  definitionEn: 'Resolved on time ÷ resolved',
  direction: 'higher',
  target: 95,
  thresholds: { green: 95, red: 80 },
  perResidents: false,
  source: 'platform',
  department: null,
  noFeed: false,
  value: 67.74,
  display: '67.7',
  state: 'red',
  ...over,
});

const area = (code: string): Area => ({
  code,
  name: code,
  nameEn: null,
  level: 'committee',
  parentCode: '310101002000',
  approximate: false,
  centre: [121.48, 31.23],
});

describe('the map legend shows a figure as its indicator does', () => {
  it('when a rate has one decimal, then 67.74 reads 67.7% and never the raw number', () => {
    const rate = indicator({});
    assert.equal(legendText(67.74, rate, 'zh-CN'), '67.7%');
    assert.equal(legendText(100, rate, 'zh-CN'), '100.0%');
    assert.equal(legendText(0.04, rate, 'en'), '0.0%');
  });

  it('when the figure is a count or a time, then its unit follows in the language, to its decimals', () => {
    const open = indicator({ id: 'stock.open', unit: '件', unitEn: 'cases', decimals: 0 });
    assert.equal(legendText(633, open, 'zh-CN'), '633 件');
    assert.equal(legendText(632.6, open, 'en'), '633 cases');
    const hours = indicator({ unit: '小时', unitEn: 'hours', decimals: 1 });
    assert.equal(legendText(12.345, hours, 'zh-CN'), '12.3 小时');
    assert.equal(legendText(12.345, hours, 'en'), '12.3 hours');
  });

  it('when the measure has no decimals (a topic metric), then whole numbers stay whole and others get one', () => {
    const metric = { unit: '人', unitEn: 'people' };
    assert.equal(legendText(12, metric, 'zh-CN'), '12 人');
    assert.equal(legendText(2.75, metric, 'en'), '2.8 people');
  });
});

describe('the strip and the trend are named by the indicators', () => {
  const indicators = [
    indicator({ id: 'cases.reported', name: '上报工单', nameEn: 'Cases reported', value: 5 }),
    indicator({ id: 'stock.open', name: '在办工单', nameEn: 'Open cases', value: 633 }),
    indicator({ id: 'cases.resolved', name: '处置完成', nameEn: 'Resolved', value: 2 }),
    indicator({ id: 'cases.closed', name: '办结', nameEn: 'Closed', value: 1 }),
  ];

  it('when the dashboard names its strip, then the strip is those indicators in that order, keyed for their colours', () => {
    const strip = stripFigures({
      summary: ['cases.reported', 'stock.open', 'cases.resolved', 'cases.closed', 'gone'],
      indicators,
    });
    assert.deepEqual(
      strip.map((f) => [f.key, f.indicator.name, f.indicator.value]),
      [
        ['reported', '上报工单', 5],
        ['open', '在办工单', 633],
        ['resolved', '处置完成', 2],
        ['closed', '办结', 1],
      ],
    );
  });

  it("when the trend is drawn, then its series carry the indicators' names, not labels of their own", () => {
    assert.deepEqual(trendNames(indicators, 'zh-CN', zh), {
      reported: '上报工单',
      resolved: '处置完成',
      closed: '办结',
    });
    assert.deepEqual(trendNames(indicators, 'en', en), {
      reported: 'Cases reported',
      resolved: 'Resolved',
      closed: 'Closed',
    });
    // a file without them: the chart's own labels
    assert.equal(trendNames([], 'zh-CN', zh).closed, zh('dashboards.chart.closed'));
  });
});

describe("the wall's ranking and indicator pages", () => {
  const comparison = (direction: IndicatorValue['direction']): Comparison => ({
    area: area('310101002000'),
    source: null,
    indicator: indicator({ direction }),
    range: { from: '2026-05-01T00:00:00.000Z', to: '2026-05-02T00:00:00.000Z' },
    perTenThousand: false,
    worst: null,
    // the server's order: best first for "higher"
    items: [90, 80, null, 60].map((value, i) => ({
      area: area(`31010100200${i + 1}`),
      value,
      display: String(value),
      state: null,
      residents: null,
      perTenThousand: value === null ? null : value / 10,
    })),
  });

  it('when higher is better, then the lowest comes first and a child without a figure last', () => {
    assert.deepEqual(
      worstFirst(comparison('higher')).map((i) => i.value),
      [60, 80, 90, null],
    );
  });

  it('when lower is better or the figure is neutral, then the highest comes first', () => {
    assert.deepEqual(
      worstFirst(comparison('lower')).map((i) => i.value),
      [90, 80, 60, null],
    );
    assert.deepEqual(
      worstFirst(comparison('neutral')).map((i) => i.value),
      [90, 80, 60, null],
    );
  });

  it('when ranked per 10,000 residents, then that figure orders them', () => {
    const per = { ...comparison('higher'), perTenThousand: true };
    per.items[0]!.perTenThousand = 1;
    assert.deepEqual(
      worstFirst(per).map((i) => i.perTenThousand),
      [1, 6, 8, null],
    );
  });

  it('when groups are small, then they share a page, so no page of the wall is half empty', () => {
    const groups = [
      { id: 'a', name: '受理', indicators: [1, 2, 3] },
      { id: 'b', name: '处置', indicators: [4, 5, 6, 7, 8, 9] },
      { id: 'c', name: '时效', indicators: [10] },
    ];
    const pages = packPages(groups, 8);
    assert.deepEqual(
      pages.map((p) => [p.names, p.list]),
      [
        [
          ['受理', '处置'],
          [1, 2, 3, 4, 5, 6, 7, 8],
        ],
        [
          ['处置', '时效'],
          [9, 10],
        ],
      ],
    );
    assert.equal(new Set(pages.map((p) => p.key)).size, pages.length, 'keys are unique');
    assert.deepEqual(packPages([], 8), []);
  });
});

describe("the wall's live feed", () => {
  const event = (id: string, status: DashboardCaseEvent['status'], at: string) => ({
    id,
    number: `2026050100000${id}`,
    areaCode: '310101002001',
    scenarioCode: 'noise-nuisance',
    status,
    lat: null,
    lng: null,
    at,
  });

  it('when the screen opens with the latest events and the stream adds more, then the feed is newest first with each step once', () => {
    const recent = [
      event('2', 'dispatched', '2026-05-01T02:00:00.000Z'),
      event('1', 'reported', '2026-05-01T01:00:00.000Z'),
    ];
    const live = [
      event('3', 'reported', '2026-05-01T03:00:00.000Z'),
      event('2', 'dispatched', '2026-05-01T02:00:00.000Z'),
    ];
    assert.deepEqual(
      mergeFeed(live, recent, 30).map((e) => `${e.id}:${e.status}`),
      ['3:reported', '2:dispatched', '1:reported'],
    );
    assert.equal(mergeFeed(live, recent, 2).length, 2);
    assert.deepEqual(mergeFeed([], recent, 30), recent);
  });
});
