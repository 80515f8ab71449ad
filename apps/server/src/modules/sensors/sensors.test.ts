import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  accountId,
  DATABASES,
  startTestPlatform,
  type Client,
  type TestPlatform,
} from '../../testing.js';

for (const kind of DATABASES) {
  describe(`sensors (${kind})`, () => {
    let tp: TestPlatform;
    let admin: Client;
    let street: Client;
    let yunnan: Client;
    let here: { lat: number; lng: number };
    let smokeKey: string;
    let waterKey: string;

    const send = (id: string, key: string | null, events: unknown[]) =>
      tp
        .client()
        .post(
          `/api/sensors/devices/${id}/events`,
          { events },
          key ? { authorization: `Bearer ${key}` } : {},
        );
    const sensorCases = async () =>
      tp.platform.deps.db
        .selectFrom('cases')
        .select(['id', 'scenario_code', 'attributes', 'lat', 'lng', 'source'])
        .where('source', '=', 'sensor')
        .execute();
    const readings = async (id: string) =>
      tp.platform.deps.db
        .selectFrom('sensor_events')
        .select(['value', 'alarm', 'case_id'])
        .where('device_id', '=', id)
        .orderBy('id')
        .execute();

    before(async () => {
      tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 1000 });
      [admin, street, yunnan] = await Promise.all([
        tp.login('admin'),
        tp.login('nanjingdong'),
        tp.login('yunnan'),
      ]);
      here = await tp.centreOf('310101002001');
      // 'fire' (市消防救援总队) is one of the city's shipped departments
      // the street sends smoke alarms to its handler, who gets a text at once
      const rule = await street.post('/api/dispatch/rules', {
        scenarioCode: 'smoke-alarm',
        areaCode: '310101002000',
        unitName: '南京东路街道微型消防站',
        assigneeId: await accountId(tp, 'handler'),
      });
      assert.equal(rule.status, 201, JSON.stringify(rule.body));
      const smoke = await admin.post('/api/sensors/devices', {
        id: 'SMK-0001',
        kind: 'smoke',
        name: '云南中路88号2楼楼道',
        lat: here.lat,
        lng: here.lng,
        ownerDepartment: 'fire',
      });
      assert.equal(smoke.status, 201, JSON.stringify(smoke.body));
      smokeKey = smoke.body.key;
      assert.equal(smoke.body.device.areaCode.slice(0, 12), '310101002001');
      const water = await admin.post('/api/sensors/devices', {
        id: 'WL-0001',
        kind: 'water-level',
        name: '云南中路下立交',
        lat: here.lat,
        lng: here.lng,
        ownerDepartment: 'fire',
      });
      assert.equal(water.status, 201, JSON.stringify(water.body));
      waterKey = water.body.key;
    });
    after(() => tp.close());

    it('stores readings below the threshold without a case', async () => {
      const r = await send('SMK-0001', smokeKey, [{ value: 0.5 }, { value: 1.2 }]);
      assert.equal(r.status, 202, JSON.stringify(r.body));
      assert.equal(r.body.accepted, 2);
      assert.deepEqual(r.body.alarms, []);
      assert.equal((await sensorCases()).length, 0);
      assert.deepEqual(
        (await readings('SMK-0001')).map((e) => [e.value, e.alarm]),
        [
          [0.5, false],
          [1.2, false],
        ],
      );
    });

    it('opens one case for an alarm, texts its handler, and joins a burst to it', async () => {
      const first = await send('SMK-0001', smokeKey, [{ value: 6.5 }]);
      assert.equal(first.status, 202, JSON.stringify(first.body));
      assert.equal(first.body.alarms.length, 1);
      const caseId = first.body.alarms[0].caseId;
      assert.ok(caseId);
      assert.equal(first.body.alarms[0].joined, false);
      // a burst from the same device, some requests at once: all join the one case
      const burst = await Promise.all(
        [7, 8, 9, 10, 11].map((v) => send('SMK-0001', smokeKey, [{ value: v }, { value: 1 }])),
      );
      for (const b of burst) {
        assert.equal(b.status, 202, JSON.stringify(b.body));
        assert.equal(b.body.alarms[0].caseId, caseId);
        assert.equal(b.body.alarms[0].joined, true);
      }
      const cases = await sensorCases();
      assert.equal(cases.length, 1, 'one case for the burst');
      assert.equal(cases[0]!.scenario_code, 'smoke-alarm');
      assert.equal(cases[0]!.lat, here.lat);
      const alarms = (await readings('SMK-0001')).filter((e) => e.alarm);
      assert.equal(alarms.length, 6);
      assert.ok(alarms.every((e) => e.case_id === caseId));
      const detail = await street.get(`/api/cases/${caseId}`);
      assert.equal(detail.status, 200);
      assert.equal(detail.body.source, 'sensor');
      assert.equal(detail.body.status, 'dispatched');
      const sms = await tp.platform.deps.db
        .selectFrom('notifications')
        .select('id')
        .where('case_id', '=', caseId)
        .where('channel', '=', 'sms')
        .execute();
      assert.equal(sms.length, 1, 'the handler is texted once');
      const devices = await street.get('/api/sensors/devices');
      const d = devices.body.items.find((x: { id: string }) => x.id === 'SMK-0001');
      assert.equal(d.openCaseId, caseId);
      assert.equal(d.lastValue, 1);
    });

    it('opens a new case once the window has passed, and answers the scenario with the reading', async () => {
      const long = new Date(Date.now() - 5 * 3_600_000).toISOString();
      const later = new Date(Date.now() - 60_000).toISOString();
      const r = await send('WL-0001', waterKey, [
        { value: 40, at: later },
        { value: 22, at: long },
      ]);
      assert.equal(r.status, 202, JSON.stringify(r.body));
      // in time order: the older alarm opens, the later one (5 h on, past the 3 h window) opens again
      assert.deepEqual(
        r.body.alarms.map((a: { value: number; joined: boolean }) => [a.value, a.joined]),
        [
          [22, false],
          [40, false],
        ],
      );
      assert.notEqual(r.body.alarms[0].caseId, r.body.alarms[1].caseId);
      const water = (await sensorCases()).filter((c) => c.scenario_code === 'waterlogging');
      assert.deepEqual(
        water.map((c) => (c.attributes as { depth_cm: number }).depth_cm).sort(),
        [22, 40],
      );
    });

    it("opens its case for a reading off the form's scale, answering the form's most", async () => {
      const gauge = await admin.post('/api/sensors/devices', {
        id: 'WL-0002',
        kind: 'water-level',
        name: '南京东路地道',
        lat: here.lat,
        lng: here.lng,
        ownerDepartment: 'fire',
      });
      assert.equal(gauge.status, 201, JSON.stringify(gauge.body));
      const r = await send('WL-0002', gauge.body.key, [{ value: 250 }]);
      assert.equal(r.status, 202, JSON.stringify(r.body));
      const c = (await sensorCases()).find((x) => x.id === r.body.alarms[0].caseId)!;
      assert.equal((c.attributes as { depth_cm: number }).depth_cm, 200);
      assert.equal(
        (await readings('WL-0002'))[0]!.value,
        250,
        'the reading itself is kept as read',
      );
    });

    it('refuses an unknown sensor, a forged or missing key, a disabled device and bad readings', async () => {
      const before = (await readings('SMK-0001')).length;
      const unknown = await send('SMK-9999', smokeKey, [{ value: 1 }]);
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.field, 'id');
      const forged = await send('SMK-0001', waterKey, [{ value: 99 }]);
      assert.equal(forged.status, 401);
      assert.equal(forged.body.field, 'authorization');
      assert.equal((await send('SMK-0001', null, [{ value: 99 }])).status, 401);
      const future = await send('SMK-0001', smokeKey, [
        { value: 1 },
        { value: 1, at: new Date(Date.now() + 3_600_000).toISOString() },
      ]);
      assert.equal(future.status, 400);
      assert.equal(future.body.field, 'events.1.at');
      assert.equal(future.body.rule, 'future');
      const old = await send('SMK-0001', smokeKey, [{ value: 1, at: '2020-01-01T00:00:00Z' }]);
      assert.equal(old.status, 400);
      assert.equal(old.body.rule, 'maxAge');
      const text = await send('SMK-0001', smokeKey, [{ value: 'hot' }]);
      assert.equal(text.status, 400);
      assert.match(text.body.field, /^events\.0\.value/);
      const none = await send('SMK-0001', smokeKey, []);
      assert.equal(none.status, 400);
      const tooMany = await send(
        'SMK-0001',
        smokeKey,
        Array.from({ length: 501 }, () => ({ value: 1 })),
      );
      assert.equal(tooMany.status, 400);
      const off = await admin.request('PATCH', '/api/sensors/devices/SMK-0001', { disabled: true });
      assert.equal(off.status, 200);
      assert.equal((await send('SMK-0001', smokeKey, [{ value: 1 }])).status, 403);
      await admin.request('PATCH', '/api/sensors/devices/SMK-0001', { disabled: false });
      // a new key: the old one is forged from then on
      const rotated = await admin.post('/api/sensors/devices/SMK-0001/key');
      assert.equal(rotated.status, 200);
      assert.equal((await send('SMK-0001', smokeKey, [{ value: 1 }])).status, 401);
      smokeKey = rotated.body.key;
      assert.equal((await send('SMK-0001', smokeKey, [{ value: 1 }])).status, 202);
      assert.equal((await readings('SMK-0001')).length, before + 1, 'only the last was stored');
    });

    it('keeps the registry and rules to the city administrators; operators see their own areas', async () => {
      const denied = await street.post('/api/sensors/devices', {
        id: 'SMK-0002',
        kind: 'smoke',
        name: 'x',
        lat: here.lat,
        lng: here.lng,
        ownerDepartment: 'fire',
      });
      assert.equal(denied.status, 403);
      const badOwner = await admin.post('/api/sensors/devices', {
        id: 'SMK-0002',
        kind: 'smoke',
        name: 'x',
        lat: here.lat,
        lng: here.lng,
        ownerDepartment: 'nobody',
      });
      assert.equal(badOwner.status, 400);
      assert.equal(badOwner.body.field, 'ownerDepartment');
      const outside = await admin.post('/api/sensors/devices', {
        id: 'SMK-0002',
        kind: 'smoke',
        name: 'x',
        lat: 0,
        lng: 0,
        ownerDepartment: 'fire',
      });
      assert.equal(outside.status, 400);
      assert.equal(outside.body.rule, 'inside-city');
      const twice = await admin.post('/api/sensors/devices', {
        id: 'WL-0001',
        kind: 'water-level',
        name: 'x',
        lat: here.lat,
        lng: here.lng,
        ownerDepartment: 'fire',
      });
      assert.equal(twice.status, 409);
      assert.equal((await yunnan.get('/api/sensors/devices')).status, 403);
      const rules = await street.get('/api/sensors/rules');
      assert.equal(rules.status, 200);
      assert.deepEqual(
        rules.body.items.map((r: { kind: string }) => r.kind),
        ['manhole-tilt', 'smoke', 'water-level'],
      );
      const rule = {
        name: '烟感探测器',
        nameEn: 'Smoke detector',
        unit: '%/m',
        threshold: 3,
        windowMinutes: 20,
        scenarioCode: 'smoke-alarm',
      };
      assert.equal((await street.request('PUT', '/api/sensors/rules/smoke', rule)).status, 403);
      const missing = await admin.request('PUT', '/api/sensors/rules/manhole-tilt', {
        ...rule,
        scenarioCode: 'manhole-cover-missing',
      });
      assert.equal(missing.status, 400);
      assert.equal(missing.body.field, 'attributes.cover_state');
      const notNumber = await admin.request('PUT', '/api/sensors/rules/smoke', {
        ...rule,
        valueAttribute: 'place',
      });
      assert.equal(notNumber.status, 400);
      assert.equal(notNumber.body.field, 'valueAttribute');
      const ok = await admin.request('PUT', '/api/sensors/rules/smoke', rule);
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal(ok.body.threshold, 3);
      // the new threshold applies at once: 3.5 is an alarm now
      const r = await send('SMK-0001', smokeKey, [{ value: 3.5 }]);
      assert.equal(r.body.alarms.length, 1);
    });
  });
}
