import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DATABASES, startTestPlatform, type Client, type TestPlatform } from '../../testing.js';

for (const kind of DATABASES) {
  describe(`areas over HTTP (${kind})`, () => {
    let tp: TestPlatform;
    let staff: Client;
    before(async () => {
      tp = await startTestPlatform(kind);
      staff = await tp.login('yunnan');
    });
    after(() => tp.close());

    it('when not signed in, then area endpoints answer 401', async () => {
      const r = await tp.client().get('/api/areas/310000000000');
      assert.equal(r.status, 401);
      assert.equal(r.body.code, 'UNAUTHENTICATED');
    });

    it('when asked for Shanghai, then it has 16 districts and no parent', async () => {
      const r = await staff.get('/api/areas/310000000000');
      assert.equal(r.status, 200);
      assert.equal(r.body.area.name, '上海市');
      assert.deepEqual(r.body.chain, []);
      assert.deepEqual(r.body.childCounts, { district: 16 });
      const children = await staff.get('/api/areas/310000000000/children');
      assert.equal(children.body.items.length, 16);
      assert.ok(children.body.items.some((a: { name: string }) => a.name === '黄浦区'));
    });

    it('when given the short forms 31, 310101 and 310101002, then the 12-digit areas answer', async () => {
      for (const [short, code, name] of [
        ['31', '310000000000', '上海市'],
        ['310101', '310101000000', '黄浦区'],
        ['310101002', '310101002000', '南京东路街道'],
      ] as const) {
        const r = await staff.get(`/api/areas/${short}`);
        assert.equal(r.status, 200, short);
        assert.equal(r.body.area.code, code);
        assert.equal(r.body.area.name, name);
      }
    });

    it('when a committee is asked for, then its chain runs city → district → street', async () => {
      const r = await staff.get('/api/areas/310101002001');
      assert.equal(r.status, 200);
      assert.deepEqual(
        r.body.chain.map((a: { code: string }) => a.code),
        ['310000000000', '310101000000', '310101002000'],
      );
      assert.equal(r.body.area.level, 'committee');
      assert.equal(r.body.area.approximate, true);
    });

    it('when the whole city is counted, then it holds 234 streets and 6,509 committees', async () => {
      const { db } = tp.platform.database;
      const rows = await db
        .selectFrom('areas')
        .select(['level', (eb) => eb.fn.countAll<number>().as('n')])
        .where('level', 'in', ['district', 'street', 'committee'])
        .groupBy('level')
        .execute();
      const counts = Object.fromEntries(rows.map((r) => [r.level, Number(r.n)]));
      assert.deepEqual(counts, { district: 16, street: 234, committee: 6509 });
    });

    it('when a district is mapped, then its streets come back as approximate GeoJSON cells', async () => {
      const r = await staff.get('/api/areas/310101000000/boundaries');
      assert.equal(r.status, 200);
      assert.equal(r.body.type, 'FeatureCollection');
      const children = await staff.get('/api/areas/310101000000/children');
      assert.equal(r.body.features.length, children.body.items.length);
      for (const f of r.body.features) {
        assert.equal(f.geometry.type, 'MultiPolygon');
        assert.equal(f.properties.level, 'street');
        assert.equal(f.properties.approximate, true);
        assert.ok(f.geometry.coordinates[0][0].length >= 4);
      }
    });

    it('when an unknown or malformed code is asked for, then 404 or 400 names the field', async () => {
      const unknown = await staff.get('/api/areas/310199000000');
      assert.equal(unknown.status, 404);
      assert.match(unknown.body.message, /310199000000/);
      for (const bad of ['abc', '3101', '31010100200', "31' OR '1'='1", '<script>']) {
        const r = await staff.get(`/api/areas/${encodeURIComponent(bad)}`);
        assert.equal(r.status, 400, bad);
        assert.equal(r.body.field, 'code');
        assert.equal(r.body.rule, 'pattern');
      }
    });

    it('when a point inside a committee is resolved, then the committee and its chain answer', async () => {
      const detail = await staff.get('/api/areas/310101002001');
      const [lng, lat] = detail.body.area.centre;
      const r = await staff.get(`/api/areas/resolve?lat=${lat}&lng=${lng}`);
      assert.equal(r.status, 200);
      // the deepest area holding the committee's centre is the committee or a demo grid in it
      assert.ok(r.body.area.code.startsWith('310101002001'), r.body.area.code);
      assert.deepEqual(
        r.body.chain.slice(0, 3).map((a: { code: string }) => a.code),
        ['310000000000', '310101000000', '310101002000'],
      );
    });

    it('when a point lies outside the city, then 404 says so', async () => {
      const r = await staff.get('/api/areas/resolve?lat=39.9042&lng=116.4074');
      assert.equal(r.status, 404);
      assert.match(r.body.message, /outside/);
    });

    it('when lat/lng are out of range or not numbers, then 400 names the field', async () => {
      for (const [q, field] of [
        ['lat=91&lng=121', 'lat'],
        ['lat=31&lng=-181', 'lng'],
        ['lat=abc&lng=121', 'lat'],
        ['lat=31', 'lng'],
        ['lat=31&lng=121&x=1', 'x'],
      ] as const) {
        const r = await staff.get(`/api/areas/resolve?${q}`);
        assert.equal(r.status, 400, q);
        assert.equal(r.body.field, field, q);
      }
    });
  });
}
