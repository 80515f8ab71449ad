import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  accountId,
  DATABASES,
  startTestPlatform,
  type Client,
  type TestPlatform,
} from '../../testing.js';

const NANJINGDONG = '310101002000';
const YUNNAN = '310101002001';

for (const kind of DATABASES) {
  describe(`the 2.0 boards: typhoon and flood, outage repair (${kind})`, () => {
    let tp: TestPlatform;
    let admin: Client;
    let street: Client;
    let inspector: Client;
    let here: { lat: number; lng: number };
    const keyOf = async (department: string) =>
      (await admin.post(`/api/departments/${department}/key`)).body.apiKey as string;
    const push = (key: string, figures: unknown[]) =>
      tp.client().post('/api/indicators/figures', { figures }, { authorization: `Bearer ${key}` });

    before(async () => {
      tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 1000 });
      [admin, street, inspector] = await Promise.all([
        tp.login('admin'),
        tp.login('nanjingdong'),
        tp.login('inspector'),
      ]);
      here = await tp.centreOf(YUNNAN);
    });
    after(() => tp.close());

    it('lists the boards, and every indicator a board names is one the dashboards know', async () => {
      const list = await street.get('/api/boards');
      assert.equal(list.status, 200);
      assert.deepEqual(
        list.body.items.map((b: { id: string }) => b.id),
        ['outage-repair', 'typhoon-flood'],
      );
      const city = await admin.get('/api/dashboards/310000000000');
      const known = new Set(city.body.indicators.map((i: { id: string }) => i.id));
      for (const b of list.body.items) {
        const board = await admin.get(`/api/boards/${b.id}/310000000000`);
        assert.equal(board.status, 200, JSON.stringify(board.body));
        assert.ok(board.body.indicators.length > 0);
        for (const i of board.body.indicators) assert.ok(known.has(i.id), `${b.id}: ${i.id}`);
      }
    });

    it('shows the typhoon board: rainfall and a river level fed live, a flood point and its case', async () => {
      const [weather, water] = await Promise.all([keyOf('meteorology'), keyOf('water')]);
      const at = new Date(Date.now() - 10 * 60_000).toISOString();
      assert.equal(
        (
          await push(weather, [
            { indicator: 'weather.rainfall_1h', area: NANJINGDONG, at, value: 42.5, unit: 'mm' },
          ])
        ).status,
        200,
      );
      // the river crosses its amber threshold (4.2 m), not the red (4.8 m)
      assert.equal(
        (
          await push(water, [
            { indicator: 'water.river_level', area: NANJINGDONG, at, value: 4.5, unit: 'm' },
          ])
        ).status,
        200,
      );
      const point = await street.post('/api/dispatch/points', {
        name: '云南中路下立交积水点',
        kind: 'flood_point',
        lat: here.lat,
        lng: here.lng,
        radiusMeters: 100,
        scenarioCodes: ['waterlogging'],
        leaderId: await accountId(tp, 'handler'),
        unitName: '南京东路街道防汛办',
      });
      assert.equal(point.status, 201, JSON.stringify(point.body));
      const report = await inspector.post('/api/cases', {
        scenarioCode: 'waterlogging',
        description: '下立交积水约30厘米',
        attributes: { depth_cm: 30, place: 'road' },
        ...here,
      });
      assert.equal(report.status, 201, JSON.stringify(report.body));
      assert.equal(report.body.status, 'dispatched', "the flood point's leader has it at once");

      const b = await street.get(`/api/boards/typhoon-flood/${NANJINGDONG}`);
      assert.equal(b.status, 200, JSON.stringify(b.body));
      const byId = new Map(b.body.indicators.map((i: { id: string }) => [i.id, i]));
      const rain = byId.get('weather.rainfall_1h') as {
        value: number;
        state: string;
        noFeed: boolean;
      };
      assert.equal(rain.value, 42.5);
      assert.equal(rain.state, 'red');
      const river = byId.get('water.river_level') as { value: number; state: string };
      assert.equal(river.value, 4.5);
      assert.equal(river.state, 'amber');
      const shelters = byId.get('emergency.shelters_open') as { noFeed: boolean; display: string };
      assert.equal(shelters.noFeed, true, 'an indicator nobody feeds says so');
      assert.ok(byId.has('volunteers.on_duty'), "ours beside the departments'");
      assert.deepEqual(
        b.body.points.map((p: { name: string; leaderName: string }) => [
          p.name,
          p.leaderName !== null,
        ]),
        [['云南中路下立交积水点', true]],
      );
      assert.equal(b.body.cases.open, 1);
      assert.deepEqual(
        b.body.cases.latest.map((c: { id: string }) => c.id),
        [report.body.id],
      );
      assert.equal(b.body.lead.indicator, 'weather.rainfall_1h');
      assert.equal(b.body.affected, null);
    });

    it('shows the outage board: the committees affected, their elderly living alone as counts only', async () => {
      const r = await inspector.post('/api/cases', {
        scenarioCode: 'power-outage',
        description: '整栋楼停电',
        attributes: { scope: 'building' },
        ...here,
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const b = await street.get(`/api/boards/outage-repair/${NANJINGDONG}`);
      assert.equal(b.status, 200, JSON.stringify(b.body));
      const committees = b.body.affected.committees;
      assert.equal(committees.length, 1);
      assert.equal(committees[0].area.code, YUNNAN);
      assert.equal(committees[0].openCases, 1);
      // the test city has no registry here: none is counted (one to four would show as "<5")
      assert.equal(committees[0].elderlyAloneDisplay, '0');
      assert.equal(committees[0].elderlyAlone, 0);
      assert.ok(!JSON.stringify(b.body).includes('"name":"张'), 'no person is named');
    });

    it('refuses an unknown board and an area the reader may not open', async () => {
      const unknown = await street.get(`/api/boards/snow/${NANJINGDONG}`);
      assert.equal(unknown.status, 400);
      assert.equal(unknown.body.field, 'board');
      const yunnan = await tp.login('yunnan');
      const elsewhere = await yunnan.get('/api/boards/typhoon-flood/310101013000');
      assert.equal(elsewhere.status, 403);
    });
  });
}
