import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Dashboard, IndicatorValue } from '@cc/contracts';
import {
  accountId,
  DATABASES,
  openEventStream,
  startTestPlatform,
  uploadTestPhoto,
  type Client,
  type TestPlatform,
} from '../../testing.js';
import { RESOLVE_BUCKET_MINUTES } from '../cases/index.js';
import {
  computeValue,
  emptyTotals,
  getIndicators,
  histogramPercentile,
  indicatorValue,
  parseIndicators,
} from './indicators.js';

const STREET = '310101002000'; // 南京东路街道
const COMMITTEE = '310101002001';

describe('indicators as data', () => {
  it('when the rollups hold a hand-made set of figures, then every kind of formula gives the hand-computed value', () => {
    const t = emptyTotals(2);
    Object.assign(t.flows, {
      reported: 40,
      dispatched: 30,
      accepted: 27,
      resolved: 20,
      resolved_on_time: 17,
      resolve_seconds: 20 * 5400,
      closed: 16,
      returned: 3,
      reopened: 1,
      escalated: 2,
      rated: 8,
      rating_sum: 34,
    });
    t.stock = { reported: 5, returned: 1, dispatched: 3, accepted: 2, in_progress: 4, resolved: 4 };
    t.reportedByDomain = { 'public-safety': 12 };
    // 20 resolutions: 10 took 30–60 min (bucket 6), 10 took 2–4 h (bucket 8)
    t.hist[6] = 10;
    t.hist[8] = 10;
    // the volunteers board's fed figures: 150 hours confirmed among 5,000 residents
    t.fed = {
      'volunteers.volunteers': 120,
      'volunteers.active_volunteers': 45,
      'volunteers.on_duty': 3,
      'volunteers.service_minutes': 9000,
    };
    t.residents = 5000;
    const value = (id: string) => {
      const def = getIndicators().indicators.find((i) => i.id === id)!;
      return indicatorValue(def, t);
    };
    assert.equal(value('cases.reported').value, 40);
    assert.equal(value('cases.reported_per_day').value, 20);
    assert.equal(value('cases.resolve_rate').value, 50);
    assert.equal(value('cases.on_time_rate').value, 85);
    assert.equal(value('cases.on_time_rate').state, 'amber'); // green ≥ 90, red < 80
    assert.equal(value('cases.returned_rate').value, 10);
    assert.equal(value('cases.returned_rate').state, 'amber'); // green ≤ 3, red > 10
    assert.equal(value('cases.reopen_rate').value, 5);
    assert.equal(value('cases.resolve_hours_mean').value, 1.5);
    assert.equal(value('cases.resolve_hours_mean').display, '1.5');
    assert.equal(value('satisfaction.mean').value, 4.25);
    assert.equal(value('satisfaction.mean').state, 'amber');
    assert.equal(value('stock.open').value, 19);
    assert.equal(value('stock.awaiting_dispatch').value, 6);
    assert.equal(value('domain.public-safety').value, 12);
    assert.equal(value('domain.greening').value, 0);
    // the median lies at the top of bucket 6 (60 min); p90 at 80 % of bucket 9 (2 h + 0.8 × 2 h)
    assert.equal(value('cases.resolve_hours_p50').value, 1);
    assert.equal(value('cases.resolve_hours_p90').value, 3.6);
    // every indicator in the file, by hand from the figures above
    const expected: Record<string, number | null> = {
      'cases.reported': 40,
      'cases.reported_per_day': 20,
      'cases.dispatched': 30,
      'cases.merged_rate': 0,
      'cases.rejected_rate': 0,
      'cases.returned_rate': 10,
      'cases.accepted_rate': 90,
      'cases.resolved': 20,
      'cases.closed': 16,
      'cases.resolve_rate': 50,
      'cases.close_rate': 40,
      'cases.reopen_rate': 5,
      'cases.escalation_rate': 5,
      'cases.escalated': 2,
      'cases.on_time_rate': 85,
      'cases.resolve_hours_mean': 1.5,
      'cases.resolve_hours_p90': 3.6,
      'cases.resolve_hours_p50': 1,
      'stock.open': 19,
      'stock.awaiting_dispatch': 6,
      'stock.awaiting_acceptance': 3,
      'stock.in_progress': 6,
      'stock.awaiting_verification': 4,
      'stock.escalated': 0,
      'satisfaction.mean': 4.25,
      'satisfaction.rated_share': 50,
      'satisfaction.ratings': 8,
      'domain.public-facilities': 0,
      'domain.roads-traffic': 0,
      'domain.city-environment': 0,
      'domain.greening': 0,
      'domain.housing': 0,
      'domain.construction': 0,
      'domain.advertising': 0,
      'domain.street-order': 0,
      'domain.public-safety': 12,
      'domain.public-health': 0,
      'domain.community-affairs': 0,
      'volunteers.registered': 120,
      'volunteers.active': 45,
      // three people: shown as "<5"
      'volunteers.on_duty': null,
      'volunteers.hours_per_1000': 30,
    };
    assert.deepEqual(
      Object.fromEntries(getIndicators().indicators.map((d) => [d.id, indicatorValue(d, t).value])),
      expected,
    );
  });

  it('when there is nothing to divide by, then a rate has no value and no colour', () => {
    const t = emptyTotals(1);
    const def = getIndicators().indicators.find((i) => i.id === 'cases.on_time_rate')!;
    assert.deepEqual(
      {
        v: indicatorValue(def, t).value,
        s: indicatorValue(def, t).state,
        d: indicatorValue(def, t).display,
      },
      { v: null, s: null, d: '—' },
    );
    assert.equal(histogramPercentile(Array(RESOLVE_BUCKET_MINUTES.length + 1).fill(0), 90), null);
    assert.equal(computeValue({ kind: 'perDay', of: 'reported' }, emptyTotals(0)), null);
    const perResidents = getIndicators().indicators.find(
      (i) => i.id === 'volunteers.hours_per_1000',
    )!;
    assert.equal(indicatorValue(perResidents, t).value, null, 'no residents, no rate');
  });

  it('when a count of people is below five, then neither the value nor its colour is shown, only "<5"', () => {
    const base = getIndicators().indicators.find((i) => i.id === 'stock.open')!;
    const people = { ...base, unit: '人', unitEn: 'people' };
    const t = emptyTotals(1);
    t.stock = { reported: 3 };
    assert.deepEqual(
      (({ value, display, state }) => ({ value, display, state }))(indicatorValue(people, t)),
      { value: null, display: '<5', state: null },
    );
    t.stock = { reported: 5 };
    assert.equal(indicatorValue(people, t).value, 5);
    t.stock = {};
    assert.equal(indicatorValue(people, t).display, '0');
  });

  it('when the indicator file is wrong, then it is refused with the reason', () => {
    const file = JSON.parse(JSON.stringify({ version: 1, source: 'x', ...getIndicators() }));
    file.indicators.push({ ...file.indicators[0] });
    assert.throws(() => parseIndicators(file), /defined twice/);
    file.indicators.pop();
    file.indicators[0].formula = { kind: 'ratio', of: 'nonsense', over: 'reported', scale: 1 };
    assert.throws(() => parseIndicators(file), /indicator file/);
    // a topic's metric must be one a module feeds (an imported one has no place here)
    file.indicators[0].formula = { kind: 'topic', topic: 'epidemic', metric: 'health_green' };
    assert.throws(() => parseIndicators(file), /no fed metric health_green of topic epidemic/);
    file.indicators[0].formula = { kind: 'topic', topic: 'volunteers', metric: 'volunteers' };
    assert.doesNotThrow(() => parseIndicators(file));
    assert.ok(getIndicators().indicators.length >= 30);
  });
});

for (const kind of DATABASES) {
  describe(`dashboards of the operation centres (${kind})`, () => {
    let tp: TestPlatform;
    let street: Client;
    let inspector: Client;
    let handler: Client;
    let resident: Client;
    let here: { lat: number; lng: number };

    before(async () => {
      tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 1000 });
      [street, inspector, handler, resident] = await Promise.all([
        tp.login('nanjingdong'),
        tp.login('inspector'),
        tp.login('handler'),
        tp.login('resident'),
      ]);
      here = await tp.centreOf(COMMITTEE);
      const rule = await street.post('/api/dispatch/rules', {
        scenarioCode: 'noise-nuisance',
        areaCode: STREET,
        unitName: '南京东路街道综合执法队',
        assigneeId: await accountId(tp, 'handler'),
      });
      assert.equal(rule.status, 201);
    });
    after(() => tp.close());

    const report = async (who: Client, scenarioCode: string, attributes: object) => {
      const r = await who.post('/api/cases', {
        scenarioCode,
        description: '看板测试',
        attributes,
        ...here,
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body as { id: string; status: string };
    };
    const act = async (who: Client, id: string, body: object) => {
      const r = await who.post(`/api/cases/${id}/actions`, body);
      assert.equal(r.status, 200, JSON.stringify(r.body));
    };
    const ind = (d: Dashboard, id: string): IndicatorValue =>
      d.indicators.find((i) => i.id === id)!;

    it('when cases are filed and handled today, then the street dashboard counts them exactly', async () => {
      // four reports: two noise cases dispatched by the rule, one fire exit in the queue,
      // one noise case by a resident that is resolved, rated 4 and closed
      const noise = { source: 'renovation' };
      const a = await report(inspector, 'noise-nuisance', noise);
      await report(inspector, 'noise-nuisance', noise);
      await report(inspector, 'fire-exit-blocked', { exit_location: '北门', blocked_by: 'locked' });
      const d = await report(resident, 'noise-nuisance', noise);
      await act(handler, a.id, { action: 'accept' });
      await act(handler, d.id, { action: 'accept' });
      await act(handler, d.id, { action: 'resolve', photoIds: [await uploadTestPhoto(handler)] });
      await act(resident, d.id, { action: 'rate', rating: 4 });
      await act(resident, d.id, { action: 'close' });

      const r = await street.get(`/api/dashboards/${STREET}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const dash = r.body as Dashboard;
      assert.equal(dash.area.code, STREET);
      assert.ok(dash.children.some((c) => c.code === COMMITTEE));
      assert.deepEqual(
        dash.chain.map((c) => c.code),
        [],
        'a street operator cannot open the district above',
      );
      assert.equal(ind(dash, 'cases.reported').value, 4);
      assert.equal(ind(dash, 'cases.reported_per_day').value, 4, 'today so far is one day');
      assert.equal(ind(dash, 'cases.dispatched').value, 3);
      assert.equal(ind(dash, 'cases.resolved').value, 1);
      assert.equal(ind(dash, 'cases.resolve_rate').value, 25);
      assert.equal(ind(dash, 'cases.on_time_rate').value, 100);
      assert.equal(ind(dash, 'cases.on_time_rate').state, 'green');
      assert.equal(ind(dash, 'cases.closed').value, 1);
      assert.equal(ind(dash, 'satisfaction.mean').value, 4);
      assert.equal(ind(dash, 'stock.open').value, 3);
      assert.equal(ind(dash, 'stock.awaiting_dispatch').value, 1);
      assert.equal(ind(dash, 'stock.awaiting_acceptance').value, 1);
      assert.equal(ind(dash, 'stock.in_progress').value, 1);
      assert.equal(ind(dash, 'domain.public-safety').value, 1);
      const noiseRow = dash.byScenario.find((s) => s.scenarioCode === 'noise-nuisance')!;
      assert.deepEqual(
        { reported: noiseRow.reported, open: noiseRow.open },
        { reported: 3, open: 2 },
      );
      assert.deepEqual(Object.fromEntries(dash.byStatus.map((s) => [s.status, s.n])), {
        reported: 1,
        dispatched: 1,
        accepted: 1,
        closed: 1,
      });
      assert.equal(dash.trend.bucket, 'hour');
      assert.equal(
        dash.trend.points.reduce((n, p) => n + p.reported, 0),
        4,
      );
      // the district above sees the same cases; the city too
      const city = await tp.login('city');
      const up = (await city.get('/api/dashboards/310101000000')).body as Dashboard;
      assert.equal(ind(up, 'cases.reported').value, 4);
      assert.deepEqual(
        up.chain.map((c) => c.code),
        ['310000000000'],
      );
    });

    it('when the children are compared, then the committee with the cases comes first on a count and is the worst on open cases', async () => {
      const r = await street.get(`/api/dashboards/${STREET}/compare?indicator=cases.reported`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.items[0].area.code, COMMITTEE);
      assert.equal(r.body.items[0].value, 4);
      assert.equal(r.body.worst, null, 'a neutral count has no worst');
      const open = await street.get(`/api/dashboards/${STREET}/compare?indicator=stock.open`);
      assert.equal(open.body.worst, COMMITTEE);
      assert.equal(open.body.items.at(-1).area.code, COMMITTEE);
    });

    it("when the map asks for points, then the range's cases come back with their domain", async () => {
      const r = await street.get(`/api/dashboards/${STREET}/points`);
      assert.equal(r.status, 200);
      assert.equal(r.body.items.length, 4);
      assert.equal(r.body.truncated, false);
      assert.ok(r.body.items.every((p: { domain: string }) => p.domain.length > 0));
    });

    it('when the input is bad or the area is not theirs, then a clear 4xx', async () => {
      const bad = async (who: Client, url: string, status: number, field?: string) => {
        const r = await who.get(url);
        assert.equal(r.status, status, `${url}: ${JSON.stringify(r.body)}`);
        if (field) assert.equal(r.body.field, field, JSON.stringify(r.body));
      };
      await bad(street, '/api/dashboards/310199999000', 404);
      await bad(street, '/api/dashboards/not-a-code', 400, 'code');
      await bad(
        street,
        `/api/dashboards/${STREET}?from=1990-01-01T00:00:00Z&to=2090-01-01T00:00:00Z`,
        400,
        'to',
      );
      await bad(
        street,
        `/api/dashboards/${STREET}?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z`,
        400,
        'from',
      );
      await bad(street, `/api/dashboards/${STREET}?from=yesterday`, 400, 'from');
      await bad(
        street,
        `/api/dashboards/${STREET}/compare?indicator=cases.nonsense`,
        400,
        'indicator',
      );
      await bad(street, `/api/dashboards/${STREET}/compare`, 400, 'indicator');
      const district = await tp.login('huangpu');
      await bad(district, '/api/dashboards/310104000000', 403); // 徐汇区: another district
      await bad(street, '/api/dashboards/310101000000', 403); // the district above
      await bad(resident, `/api/dashboards/${STREET}`, 403);
      await bad(inspector, `/api/dashboards/${STREET}/stream`, 403);
    });

    it('when a case is filed while a dashboard is open, then its stream tells it at once', async () => {
      const stream = await openEventStream(
        `${tp.baseUrl}/api/dashboards/${STREET}/stream`,
        street.cookieHeader(),
      );
      assert.match(stream.contentType, /text\/event-stream/);
      const c = await report(inspector, 'noise-nuisance', { source: 'renovation' });
      const { event, data } = await stream.eventWith(c.id);
      assert.equal(event, 'case');
      assert.equal(data.id, c.id);
      assert.equal(data.status, 'dispatched');
      assert.ok(String(data.areaCode).startsWith(COMMITTEE), String(data.areaCode));
      await stream.close();
    });

    describe('the epidemic topic board (专题)', () => {
      const day = (ago: number) =>
        new Date(Date.now() + 8 * 3_600_000 - ago * 86_400_000).toISOString().slice(0, 10);
      const csv = (rows: string[]) => ['date,area_code,metric,value', ...rows].join('\n');
      const upload = (who: Client, body: string) =>
        who.request('POST', '/api/topics/epidemic/figures', body, { 'content-type': 'text/csv' });
      const good = csv([
        `${day(1)},310101002001,health_green,9`,
        `${day(0)},310101002001,health_green,12`,
        `${day(0)},310101002002,health_green,3`,
        `${day(1)},310101002001,shops_checked,40`,
        `${day(0)},310101002001,shops_checked,35`,
        `${day(0)},310101002002,shops_failed,2`,
      ]);
      const figures = async () =>
        Number(
          (
            await tp.platform.database.db
              .selectFrom('topic_figures')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );

      it('when a street imports its daily figures, then the board adds them up, compares the committees and hides small groups', async () => {
        const first = await upload(street, good);
        assert.equal(first.status, 200, JSON.stringify(first.body));
        assert.deepEqual(first.body, { rows: 6, stored: 6, unchanged: 0 });
        const again = await upload(street, good);
        assert.deepEqual(
          again.body,
          { rows: 6, stored: 0, unchanged: 6 },
          'the same file changes nothing',
        );
        await report(inspector, 'shop-epidemic-check', { problems: ['no_scan'] });
        const r = await street.get(
          `/api/topics/epidemic/${STREET}?from=${day(3)}T00:00:00%2B08:00`,
        );
        assert.equal(r.status, 200, JSON.stringify(r.body));
        const m = (id: string) => r.body.metrics.find((x: { id: string }) => x.id === id);
        assert.equal(r.body.lastDay, day(0));
        // the latest day: 12 + 3 people; the committee with 3 shows "<5", and the one with 12
        // is withheld too, or 15 − 12 would give the 3 away
        assert.equal(m('health_green').value, 15);
        const shown = m('health_green').byChild.map(
          (c: { value: number | null; display: string }) => c.display,
        );
        assert.deepEqual(shown.slice(0, 2), ['*', '<5']);
        assert.equal(m('health_green').byChild[0].area.code, COMMITTEE);
        assert.deepEqual(m('health_green').keyAreas, [COMMITTEE, '310101002002']);
        assert.equal(m('shops_checked').value, 75, 'a flow adds up the days');
        assert.equal(m('shops_checked').trend.length, 2);
        assert.equal(m('shops_failed').value, 2, 'not people: shown exactly');
        assert.equal(m('health_red').value, null);
        assert.equal(r.body.cases.reported, 1);
        assert.equal(
          r.body.cases.byScenario.find(
            (s: { scenarioCode: string }) => s.scenarioCode === 'shop-epidemic-check',
          ).open,
          1,
        );
        assert.ok(
          (await street.get('/api/topics')).body.items.some(
            (t: { id: string }) => t.id === 'epidemic',
          ),
        );
      });

      it('when a file has bad rows, then every one is listed and nothing is stored', async () => {
        const before = await figures();
        const r = await upload(
          street,
          csv([
            `${day(0)},310101002001,health_green,7`,
            `${day(-2)},310101002001,health_green,1`,
            `${day(0)},310101013001,health_green,1`,
            `${day(0)},310101002001,nonsense,1`,
            `${day(0)},310101002001,shops_checked,-4`,
            `2026-13-45,310101002001,shops_checked,1`,
            `${day(0)},310101002001,health_green,8`,
            `${day(0)},310101002001`,
          ]),
        );
        assert.equal(r.status, 400, JSON.stringify(r.body));
        assert.deepEqual(
          r.body.rows.map((p: { row: number; field: string }) => `${p.row}:${p.field}`),
          ['2:date', '3:area_code', '4:metric', '5:value', '6:date', '7:row', '8:row'],
        );
        assert.equal(await figures(), before);
        const header = await upload(
          street,
          'day,area,metric,value\n2026-01-01,310101002001,health_green,1',
        );
        assert.equal(header.status, 400);
        assert.equal(header.body.rule, 'header');
        assert.equal((await upload(street, csv([]))).status, 400);
        assert.equal((await upload(resident, good)).status, 400, 'a resident reaches no area');
        assert.equal((await street.get(`/api/topics/nonsense/${STREET}`)).status, 404);
        assert.equal((await street.get('/api/topics/epidemic/310101000000')).status, 403);
      });
    });
  });
}
