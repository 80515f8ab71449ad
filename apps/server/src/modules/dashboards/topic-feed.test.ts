import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TopicBoard, TopicMetric } from '@cc/contracts';
import {
  DATABASES,
  eventually,
  openEventStream,
  startTestPlatform,
  type Client,
  type TestPlatform,
} from '../../testing.js';
import { shanghaiDate } from '../../platform/shanghai-time.js';
import { dashboardJobHandlers } from './topic-carry.js';
import { announceTopicFigures, feedTopicFigures, type TopicFigureChange } from './topic-feed.js';

const CITY = '310000000000';
const DISTRICT = '310101000000'; // 黄浦区
const STREET = '310101002000'; // 南京东路街道
const COMMITTEE = '310101002001'; // 云南中路居委会
const XUHUI = '310104000000';
const streetPath = `${CITY}/${DISTRICT}/${STREET}`;
/** a compound's path: committee → grid → compound */
const compound = (committee: string, grid: number, n = 1) =>
  `${streetPath}/${committee}/${committee}-G${grid}/${committee}-G${grid}-C${n}`;
const day = (ago: number) => shanghaiDate(new Date(Date.now() - ago * 86_400_000));
/** from the start of the Shanghai day `ago` days back */
const since = (ago: number) => `?from=${day(ago)}T00:00:00%2B08:00`;

/** An open event stream's text so far. */
async function readStream(url: string, who: Client) {
  const controller = new AbortController();
  const res = await fetch(url, {
    headers: { cookie: who.cookieHeader() },
    signal: controller.signal,
  });
  assert.equal(res.status, 200);
  const decoder = new TextDecoder();
  let text = '';
  const reading = (async () => {
    for await (const chunk of res.body!)
      text += decoder.decode(chunk as Uint8Array, { stream: true });
  })().catch(() => undefined);
  await eventually(async () => text.includes(': connected'));
  return {
    text: () => text,
    async close() {
      controller.abort();
      await reading;
    },
  };
}

for (const kind of DATABASES) {
  describe(`the epidemic board fed live by 社区通 (${kind})`, () => {
    let tp: TestPlatform;
    let city: Client;
    let district: Client;
    let street: Client;
    let committee: Client;

    const feed = (changes: TopicFigureChange[]) =>
      tp.platform.database.db
        .transaction()
        .execute((trx) => feedTopicFigures(trx, 'epidemic', changes));
    const board = async (who: Client, code: string, query = '') => {
      const r = await who.get(`/api/topics/epidemic/${code}${query}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body as TopicBoard;
    };
    const metric = (b: TopicBoard, id: string): TopicMetric => b.metrics.find((m) => m.id === id)!;
    const children = (m: TopicMetric) =>
      Object.fromEntries(
        m.byChild.filter((c) => c.display !== '0').map((c) => [c.area.code, c.display]),
      );

    before(async () => {
      tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 1000 });
      [city, district, street, committee] = await Promise.all([
        tp.login('city'),
        tp.login('huangpu'),
        tp.login('nanjingdong'),
        tp.login('yunnan'),
      ]);
      const arrivals = (areaPath: string, d: string, origins: Record<string, number>) =>
        Object.entries(origins).flatMap(([facet, n]) => [
          { metric: 'arrivals_declared', areaPath, day: d, delta: n },
          { metric: 'arrivals_declared', facet, areaPath, day: d, delta: n },
        ]);
      // today: 云南中路 7 (grid 1) + 5 (grid 2), 贵州路 6, 龙泉园路 2; 徐汇 8; yesterday 云南中路 10
      await feed([
        ...arrivals(compound(COMMITTEE, 1), day(0), { 'CN-42': 5, US: 2 }),
        ...arrivals(compound(COMMITTEE, 2), day(0), { 'CN-44': 5 }),
        ...arrivals(compound('310101002003', 1), day(0), { 'CN-42': 6 }),
        ...arrivals(compound('310101002002', 1), day(0), { 'CN-11': 2 }),
        ...arrivals(`${CITY}/${XUHUI}/310104003000`, day(0), { 'CN-42': 8 }),
        ...arrivals(compound(COMMITTEE, 1), day(1), { 'CN-42': 10 }),
        { metric: 'arrivals_key_regions', areaPath: compound(COMMITTEE, 1), day: day(0), delta: 5 },
        // checked in: a day's count, the latest day shown
        {
          metric: 'observation_checked_in',
          areaPath: compound(COMMITTEE, 1),
          day: day(1),
          delta: 9,
        },
        {
          metric: 'observation_checked_in',
          areaPath: compound(COMMITTEE, 1),
          day: day(0),
          delta: 6,
        },
      ]);
    });
    after(() => tp.close());

    it('when declarations are fed, then the committee board counts them with each grid, its origins and the feed marked', async () => {
      const b = await board(committee, COMMITTEE);
      const m = metric(b, 'arrivals_declared');
      assert.equal(m.feed, 'platform');
      assert.equal(m.value, 12);
      assert.deepEqual(children(m), { [`${COMMITTEE}-G1`]: '7', [`${COMMITTEE}-G2`]: '5' });
      assert.equal(m.byChild.find((c) => c.area.code === `${COMMITTEE}-G3`)?.display, '0');
      assert.deepEqual(m.keyAreas, [`${COMMITTEE}-G1`, `${COMMITTEE}-G2`]);
      assert.deepEqual(
        m.trend.map((t) => [t.day, t.value]),
        [[day(0), 12]],
      );
      assert.equal(metric(b, 'arrivals_key_regions').value, 5);
      assert.equal(metric(b, 'health_green').feed, 'csv');
      // a fed metric nothing has fed yet: no figure
      assert.deepEqual(
        (({ value, display }) => ({ value, display }))(metric(b, 'arrivals_high_risk')),
        { value: null, display: '—' },
      );
      // origins: 湖北 5, 广东 5, the US 2 — the 2 is hidden, and one of the fives with it, or
      // 12 − 5 − 5 would give it away
      assert.deepEqual(b.breakdowns, [
        {
          metric: 'arrivals_declared',
          items: [
            { facet: 'CN-42', value: 5, display: '5' },
            { facet: 'CN-44', value: null, display: '*' },
            { facet: 'US', value: null, display: '<5' },
          ],
        },
      ]);
      assert.equal(b.lastDay, day(0));
    });

    it('when the street, the district and the city open the board, then each counts its children, and the city adds up its districts', async () => {
      const s = metric(await board(street, STREET), 'arrivals_declared');
      assert.equal(s.value, 20);
      // 龙泉园路's 2 is hidden; 贵州路's 6, the next smallest, is withheld with it
      assert.deepEqual(children(s), {
        [COMMITTEE]: '12',
        '310101002003': '*',
        '310101002002': '<5',
      });
      const d = metric(await board(district, DISTRICT), 'arrivals_declared');
      assert.equal(d.value, 20);
      assert.deepEqual(children(d), { [STREET]: '20' });
      const c = await board(city, CITY);
      const cm = metric(c, 'arrivals_declared');
      assert.equal(cm.value, 28);
      assert.deepEqual(children(cm), { [DISTRICT]: '20', [XUHUI]: '8' });
      assert.deepEqual(
        cm.trend.map((t) => [t.day, t.value]),
        [[day(0), 28]],
      );
      assert.deepEqual(
        c.breakdowns[0]!.items.map((i) => [i.facet, i.display]),
        [
          ['CN-42', '19'],
          ['CN-44', '5'],
          ['CN-11', '<5'],
          ['US', '<5'],
        ],
      );
    });

    it('when the range covers two days, then a flow adds them up and a daily figure shows its latest day', async () => {
      const b = await board(street, STREET, since(1));
      const m = metric(b, 'arrivals_declared');
      assert.equal(m.value, 30);
      assert.deepEqual(
        m.trend.map((t) => [t.day, t.value]),
        [
          [day(1), 10],
          [day(0), 20],
        ],
      );
      assert.equal(
        b.breakdowns[0]!.items[0]!.display,
        '21',
        "湖北: 5 + 6 today, 10 yesterday (not 徐汇's 8)",
      );
      const checked = metric(await board(committee, COMMITTEE, since(1)), 'observation_checked_in');
      assert.equal(checked.value, 6, 'the latest day, not the sum');
      assert.deepEqual(
        checked.trend.map((t) => t.value),
        [9, 6],
      );
      assert.deepEqual(children(checked), { [`${COMMITTEE}-G1`]: '6' });
    });

    it('when a fed metric comes in a CSV file, then the row is refused naming the metric and nothing is stored', async () => {
      const r = await street.request(
        'POST',
        '/api/topics/epidemic/figures',
        [
          'date,area_code,metric,value',
          `${day(0)},${COMMITTEE},health_green,40`,
          `${day(0)},${COMMITTEE},home_observation,3`,
        ].join('\n'),
        { 'content-type': 'text/csv' },
      );
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.deepEqual(
        r.body.rows.map((p: { row: number; field: string }) => `${p.row}:${p.field}`),
        ['2:metric'],
      );
      assert.match(r.body.rows[0].reason, /社区通/);
      assert.equal(metric(await board(street, STREET), 'health_green').value, null);
    });

    it('when the carry runs for a day twice, then each stock is carried into it once', async () => {
      const committee6 = '310101002006';
      await feed([
        { metric: 'home_observation', areaPath: compound(committee6, 1), day: day(4), delta: 7 },
        { metric: 'home_observation', areaPath: compound(committee6, 2), day: day(4), delta: 2 },
        // an observation ended on the day carried into: the day's own change stays
        { metric: 'home_observation', areaPath: compound(committee6, 1), day: day(3), delta: -1 },
      ]);
      const [, carry] = dashboardJobHandlers(tp.platform.deps)[0]!;
      assert.equal(typeof carry, 'function');
      const run = carry as (p: Record<string, unknown>) => Promise<void>;
      await run({ day: day(3) });
      await run({ day: day(3) });
      const range = `?from=${day(3)}T00:00:00%2B08:00&to=${day(2)}T00:00:00%2B08:00`;
      const b = metric(await board(street, committee6, range), 'home_observation');
      assert.equal(b.value, 8, '7 + 2 carried, less the one ended');
      assert.deepEqual(children(b), { [`${committee6}-G1`]: '*', [`${committee6}-G2`]: '<5' });
      const s = metric(await board(street, STREET, range), 'home_observation');
      assert.equal(s.value, 8);
      // the next day's carry is queued
      const next = await tp.platform.database.db
        .selectFrom('jobs')
        .select('run_at')
        .where('dedupe_key', '=', `dashboards.carry-stocks:${day(2)}`)
        .executeTakeFirst();
      assert.ok(next, 'the next day is queued');
    });

    it('when a stock changes for a day already carried forward, then the carried day moves too', async () => {
      const committee7 = '310101002007';
      await feed([
        { metric: 'home_observation', areaPath: compound(committee7, 1), day: day(6), delta: 3 },
      ]);
      const [, carry] = dashboardJobHandlers(tp.platform.deps)[0]!;
      await (carry as (p: Record<string, unknown>) => Promise<void>)({ day: day(5) });
      // an end for the day before, committed after the carry (a job run late)
      await feed([
        { metric: 'home_observation', areaPath: compound(committee7, 1), day: day(6), delta: -1 },
      ]);
      const range = `?from=${day(5)}T00:00:00%2B08:00&to=${day(4)}T00:00:00%2B08:00`;
      const b = metric(await board(street, committee7, range), 'home_observation');
      assert.equal(b.value, null, 'two people: fewer than five, no number');
      assert.equal(b.display, '<5');
      const rows = await tp.platform.database.db
        .selectFrom('topic_feed_figures')
        .select(['value'])
        .where('metric', '=', 'home_observation')
        .where('area_path', '=', compound(committee7, 1))
        .where('day', '=', day(5))
        .execute();
      assert.deepEqual(
        rows.map((r) => r.value),
        [2],
      );
    });

    it('when fed figures change under an open board, then its stream says figures, and a stream elsewhere does not', async () => {
      const here = await openEventStream(
        `${tp.baseUrl}/api/dashboards/${STREET}/stream`,
        street.cookieHeader(),
      );
      const xuhui = await readStream(`${tp.baseUrl}/api/dashboards/${XUHUI}/stream`, city);
      const areaPath = compound(COMMITTEE, 3);
      await feed([{ metric: 'arrivals_declared', areaPath, day: day(0), delta: 1 }]);
      announceTopicFigures(tp.platform.deps.live, 'epidemic', [areaPath]);
      const { event, data } = await here.eventWith('"topic":"epidemic"');
      assert.equal(event, 'figures');
      assert.deepEqual(data, { topic: 'epidemic' });
      assert.equal(metric(await board(street, STREET), 'arrivals_declared').value, 21);
      // then figures in 徐汇: its stream gets that one, and only that one
      announceTopicFigures(tp.platform.deps.live, 'epidemic', [`${CITY}/${XUHUI}/310104003000`]);
      await eventually(async () => xuhui.text().includes('event: figures'));
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(xuhui.text().split('event: figures').length - 1, 1, xuhui.text());
      await here.close();
      await xuhui.close();
    });
  });
}
