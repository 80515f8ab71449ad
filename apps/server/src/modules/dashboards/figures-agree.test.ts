import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CASE_STATUSES,
  dashboardSummary,
  formatIndicatorNumber,
  TERMINAL_STATUSES,
  type Dashboard,
  type DashboardEvents,
  type IndicatorValue,
} from '@cc/contracts';
import {
  accountId,
  DATABASES,
  staffAccount,
  startTestPlatform,
  uploadTestPhoto,
  type Client,
  type TestPlatform,
} from '../../testing.js';
import { getIndicators, parseIndicators } from './indicators.js';

const STREET = '310101002000'; // 南京东路街道
const COMMITTEE = '310101002001'; // 云南中路居委会
const OTHER_COMMITTEE = '310101002002'; // 龙泉园路居委会

describe('the indicator file names the strip', () => {
  it('when the strip names an indicator the file does not define, then the file is refused', () => {
    const file = structuredClone(getIndicators()) as unknown as {
      summary: string[];
      indicators: { decimals?: number }[];
    };
    assert.deepEqual(file.summary, [
      'cases.reported',
      'stock.open',
      'cases.resolved',
      'cases.closed',
    ]);
    const parsed = { version: 1, source: 'test', ...file };
    assert.doesNotThrow(() => parseIndicators(parsed));
    parsed.summary = [...file.summary, 'cases.nothing'];
    assert.throws(() => parseIndicators(parsed), /summary names no indicator cases\.nothing/);
    // without decimals, counts are whole and the rest get one
    parsed.summary = [];
    for (const i of parsed.indicators) delete i.decimals;
    const again = parseIndicators(parsed);
    assert.equal(again.indicators.find((i) => i.id === 'stock.open')!.decimals, 0);
    assert.equal(again.indicators.find((i) => i.id === 'cases.on_time_rate')!.decimals, 1);
  });
});

for (const kind of DATABASES) {
  describe(`one definition per figure on the dashboard (${kind})`, () => {
    let tp: TestPlatform;
    let street: Client;
    let inspector: Client;
    let handler: Client;
    let resident: Client;
    let here: { lat: number; lng: number };
    const filed: string[] = [];

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
      const report = async (who: Client) => {
        const r = await who.post('/api/cases', {
          scenarioCode: 'noise-nuisance',
          description: '指标一致性测试',
          attributes: { source: 'renovation' },
          ...here,
        });
        assert.equal(r.status, 201, JSON.stringify(r.body));
        filed.push(r.body.number);
        return r.body as { id: string };
      };
      const act = async (who: Client, id: string, body: object) => {
        const r = await who.post(`/api/cases/${id}/actions`, body);
        assert.equal(r.status, 200, JSON.stringify(r.body));
      };
      // four cases: one dispatched, one accepted, one resolved and waiting for the reporter
      // to verify it (待核实: the figure the strip used to leave out), one closed, one in progress
      await report(inspector);
      const accepted = await report(inspector);
      await act(handler, accepted.id, { action: 'accept' });
      const awaiting = await report(resident);
      await act(handler, awaiting.id, { action: 'accept' });
      await act(handler, awaiting.id, {
        action: 'resolve',
        photoIds: [await uploadTestPhoto(handler)],
      });
      const closed = await report(resident);
      await act(handler, closed.id, { action: 'accept' });
      await act(handler, closed.id, {
        action: 'resolve',
        photoIds: [await uploadTestPhoto(handler)],
      });
      await act(resident, closed.id, { action: 'close' });
    });
    after(() => tp.close());

    it("when the street's dashboard is read, then each figure of the strip is the indicator of the same id, and agrees with the status and trend charts", async () => {
      const r = await street.get(`/api/dashboards/${STREET}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const dash = r.body as Dashboard;
      const strip = dashboardSummary(dash);
      assert.deepEqual(
        strip.map((i) => i.id),
        ['cases.reported', 'stock.open', 'cases.resolved', 'cases.closed'],
      );
      const indicator = (id: string): IndicatorValue => dash.indicators.find((i) => i.id === id)!;
      for (const figure of strip) {
        // same name, definition, unit, value and display as the indicator card
        assert.deepEqual(figure, indicator(figure.id));
      }
      // the figures, counted from the other panels of the same screen
      const stockNow = (statuses: readonly string[]) =>
        dash.byStatus.filter((s) => statuses.includes(s.status)).reduce((n, s) => n + s.n, 0);
      const notEnded = CASE_STATUSES.filter((s) => !TERMINAL_STATUSES.includes(s));
      const trendSum = (key: 'reported' | 'resolved' | 'closed') =>
        dash.trend.points.reduce((n, p) => n + p[key], 0);
      const byId = Object.fromEntries(strip.map((i) => [i.id, i.value]));
      assert.deepEqual(byId, {
        'cases.reported': trendSum('reported'),
        'stock.open': stockNow(notEnded),
        'cases.resolved': trendSum('resolved'),
        'cases.closed': trendSum('closed'),
      });
      // and the hand count: four filed, two resolved, one closed, three not ended (one 待核实)
      assert.deepEqual(byId, {
        'cases.reported': 4,
        'stock.open': 3,
        'cases.resolved': 2,
        'cases.closed': 1,
      });
      assert.equal(stockNow(['resolved']), 1, 'one case waits for verification');
      // every figure is shown to its indicator's decimals
      for (const i of dash.indicators) {
        if (i.value === null || i.display === '<5') continue;
        assert.equal(i.display, formatIndicatorNumber(i.value, i.decimals), i.id);
      }
      assert.equal(indicator('cases.resolve_rate').display, '50.0');
    });

    it('when the big screen opens, then it gets the latest case events of its area, newest first, scoped like the dashboard', async () => {
      const r = await street.get(`/api/dashboards/${STREET}/events?limit=5`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const { items } = r.body as DashboardEvents;
      assert.equal(items.length, 5);
      const times = items.map((e) => Date.parse(e.at));
      assert.deepEqual(
        times,
        [...times].sort((a, b) => b - a),
      );
      // the newest step: the last case closed
      assert.equal(items[0]!.status, 'closed');
      assert.equal(items[0]!.number, filed.at(-1));
      assert.ok(items.every((e) => e.areaCode.startsWith(COMMITTEE) && filed.includes(e.number)));
      const all = (await street.get(`/api/dashboards/${STREET}/events`)).body as DashboardEvents;
      // filed ×4 (and dispatched by the rule), accepted ×3, resolved ×2, closed ×1
      assert.ok(all.items.length >= 10, String(all.items.length));
      // another committee's staff see nothing of it; a handler has no dashboard
      const other = await staffAccount(tp, {
        username: 'h4-other-committee',
        role: 'committee_staff',
        areaCode: OTHER_COMMITTEE,
      });
      const theirs = await other.get(`/api/dashboards/${OTHER_COMMITTEE}/events`);
      assert.equal(theirs.status, 200);
      assert.deepEqual(theirs.body.items, []);
      assert.equal((await other.get(`/api/dashboards/${COMMITTEE}/events`)).status, 403);
      assert.equal((await handler.get(`/api/dashboards/${STREET}/events`)).status, 403);
      for (const bad of ['0', '101', 'x']) {
        const b = await street.get(`/api/dashboards/${STREET}/events?limit=${bad}`);
        assert.equal(b.status, 400, bad);
        assert.match(JSON.stringify(b.body), /limit/);
      }
    });
  });
}
