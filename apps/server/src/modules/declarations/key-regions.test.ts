import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  Client,
  DATABASES,
  staffAccount,
  startTestPlatform,
  type TestPlatform,
} from '../../testing.js';
import { matchKeyRegion } from './key-regions.service.js';
import {
  childRegions,
  findRegion,
  regionAncestry,
  regionFacet,
  regionWithin,
  searchRegions,
} from './regions.js';

const patch = (c: Client, url: string, body: unknown) => c.request('PATCH', url, body);

describe('regions (data)', () => {
  it('when a county is asked for, then it names its kind, parent and path without the stand-in city', () => {
    const r = findRegion('110101');
    assert.deepEqual(r, {
      code: '110101',
      name: '东城区',
      nameEn: '东城区',
      kind: 'county',
      path: '北京市 东城区',
      pathEn: 'Beijing 东城区',
      parentCode: '1101',
    });
    assert.equal(findRegion('420102')?.path, '湖北省 武汉市 江岸区');
    assert.equal(findRegion('429004')?.path, '湖北省 仙桃市');
    assert.equal(findRegion('4201')?.path, '湖北省 武汉市');
    assert.equal(findRegion('42')?.nameEn, 'Hubei');
    assert.equal(findRegion('CN')?.kind, 'country');
    assert.equal(findRegion('US')?.name, '美国');
    assert.equal(findRegion('99'), undefined);
    assert.equal(findRegion('441900003'), undefined, 'towns are not regions');
  });

  it('when Taiwan, Hong Kong and Macao are asked for, then they are provinces of China, not countries', () => {
    assert.deepEqual(
      ['71', '81', '82'].map((c) => findRegion(c)?.kind),
      ['province', 'province', 'province'],
    );
    for (const c of ['TW', 'HK', 'MO']) assert.equal(findRegion(c), undefined);
    assert.equal(childRegions()!.filter((r) => r.code === 'CN').length, 1);
  });

  it('when one region is tested within another, then the tree decides (a country only itself)', () => {
    assert.ok(regionWithin('420102', '420102'));
    assert.ok(regionWithin('420102', '4201'));
    assert.ok(regionWithin('420102', '42'));
    assert.ok(regionWithin('420102', 'CN'));
    assert.ok(!regionWithin('4201', '420102'));
    assert.ok(!regionWithin('420202', '4201'));
    assert.ok(!regionWithin('420102', '11'));
    assert.ok(regionWithin('US', 'US'));
    assert.ok(!regionWithin('US', 'CN'));
    assert.ok(!regionWithin('ZZ', 'ZZ'));
    assert.deepEqual(regionAncestry('420102'), ['420102', '4201', '42', 'CN']);
    assert.deepEqual(regionAncestry('US'), ['US']);
  });

  it("when a region's board facet is asked for, then China gives CN-<province> and a country its code", () => {
    assert.equal(regionFacet('420102'), 'CN-42');
    assert.equal(regionFacet('4201'), 'CN-42');
    assert.equal(regionFacet('42'), 'CN-42');
    assert.equal(regionFacet('81'), 'CN-81');
    assert.equal(regionFacet('US'), 'US');
    assert.equal(regionFacet('nope'), undefined);
  });

  it('when a search matches a municipality, then it is listed once, as the province', () => {
    const hits = searchRegions('北京市', 20);
    assert.deepEqual(
      hits.filter((r) => r.name === '北京市').map((r) => r.code),
      ['11'],
    );
  });
});

for (const kind of DATABASES) {
  describe(`regions and key regions over HTTP (${kind})`, () => {
    let tp: TestPlatform;
    let anon: Client;
    let city: Client;
    let admin: Client;
    let yunnan: Client;
    let huangpu: Client;
    let districtAdmin: Client;
    let resident: Client;

    const rows = () =>
      tp.platform.database.db.selectFrom('key_regions').selectAll().orderBy('id').execute();
    const audits = (objectId?: string) => {
      let q = tp.platform.database.db
        .selectFrom('audit_log')
        .select(['action', 'outcome', 'detail', 'actor_name', 'object_id'])
        .where('object_type', '=', 'key_region');
      if (objectId) q = q.where('object_id', '=', objectId);
      return q.orderBy('seq').execute();
    };
    const list = async (c: Client = city, query = '') => {
      const r = await c.get(`/api/key-regions${query}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body.items as { id: string; region: { code: string } }[];
    };

    before(async () => {
      tp = await startTestPlatform(kind);
      // the demo may list key regions of its own: each test here makes the ones it needs
      await tp.platform.database.db.deleteFrom('key_regions').execute();
      anon = tp.client();
      [city, admin, yunnan, huangpu, resident] = await Promise.all([
        tp.login('city'),
        tp.login('admin'),
        tp.login('yunnan'),
        tp.login('huangpu'),
        tp.login('resident'),
      ]);
      districtAdmin = await staffAccount(tp, {
        username: 'kr-district-admin',
        role: 'administrator',
        areaCode: '310101000000',
      });
    });
    after(() => tp?.close());

    it('when no parent is given, then the countries come, China first, without a session', async () => {
      const r = await anon.get('/api/regions');
      assert.equal(r.status, 200);
      // the same for everyone: no personal data, so a cache may keep it
      assert.equal(r.headers.get('cache-control'), 'public, max-age=3600');
      const items = r.body.items as { code: string; name: string; nameEn: string; kind: string }[];
      assert.deepEqual(items[0], { code: 'CN', name: '中国', nameEn: 'China', kind: 'country' });
      assert.equal(items.length, 246);
      assert.ok(items.every((i) => i.kind === 'country'));
      assert.ok(items.some((i) => i.code === 'US' && i.name === '美国'));
      assert.ok(!items.some((i) => ['TW', 'HK', 'MO'].includes(i.code)));
    });

    it('when a parent is given, then its children come a level down: provinces, cities, counties', async () => {
      const provinces = (await anon.get('/api/regions?parent=CN')).body.items as any[];
      assert.equal(provinces.length, 34);
      assert.ok(provinces.every((p) => p.kind === 'province' && /^\d{2}$/.test(p.code)));
      assert.deepEqual(
        provinces.find((p) => p.code === '42'),
        { code: '42', name: '湖北省', nameEn: 'Hubei', kind: 'province' },
      );
      assert.ok(provinces.some((p) => p.code === '81' && p.name === '香港特别行政区'));

      const cities = (await anon.get('/api/regions?parent=42')).body.items as any[];
      assert.ok(cities.every((c) => c.kind === 'city' && /^42\d{2}$/.test(c.code)));
      assert.ok(cities.some((c) => c.code === '4201' && c.name === '武汉市'));

      const counties = (await anon.get('/api/regions?parent=4201')).body.items as any[];
      assert.ok(counties.every((c) => c.kind === 'county' && /^4201\d{2}$/.test(c.code)));
      assert.ok(counties.some((c) => c.code === '420102' && c.name === '江岸区'));

      // a municipality: one city that stands in for it, named as the province
      const beijing = (await anon.get('/api/regions?parent=11')).body.items as any[];
      assert.deepEqual(beijing, [
        { code: '1101', name: '北京市', nameEn: 'Beijing', kind: 'city' },
      ]);
      // the bottom of the tree, and a country, have no children
      assert.deepEqual((await anon.get('/api/regions?parent=420102')).body, { items: [] });
      assert.deepEqual((await anon.get('/api/regions?parent=US')).body, { items: [] });
      assert.deepEqual((await anon.get('/api/regions?parent=81')).body, { items: [] });
    });

    it('when a parent is unknown, then 404', async () => {
      for (const parent of ['99', '4299', 'XX', 'TW', '441900003']) {
        const r = await anon.get(`/api/regions?parent=${parent}`);
        assert.equal(r.status, 404, parent);
        assert.equal(r.body.code, 'NOT_FOUND');
      }
    });

    it('when searched, then up to 20 matches anywhere come with their path', async () => {
      const r = await anon.get(`/api/regions?q=${encodeURIComponent('武汉')}`);
      assert.equal(r.status, 200);
      assert.deepEqual(r.body.items[0], {
        code: '4201',
        name: '武汉市',
        nameEn: '武汉市',
        kind: 'city',
        path: '湖北省 武汉市',
      });
      const east = await anon.get(`/api/regions?q=${encodeURIComponent('东城区')}`);
      assert.ok(
        east.body.items.some((i: any) => i.code === '110101' && i.path === '北京市 东城区'),
      );
      const usa = await anon.get('/api/regions?q=united%20states');
      assert.equal(usa.body.items[0].code, 'US');
      assert.equal(usa.body.items[0].path, '美国');
      const many = await anon.get(`/api/regions?q=${encodeURIComponent('区')}`);
      assert.equal(many.body.items.length, 20);
      const within = await anon.get(`/api/regions?parent=42&q=${encodeURIComponent('区')}`);
      assert.ok(within.body.items.length > 0);
      assert.ok(within.body.items.every((i: any) => i.code.startsWith('42')));
      const none = await anon.get('/api/regions?q=zzzzqqq');
      assert.deepEqual(none.body, { items: [] });
    });

    it('when a search is longer than 40 characters or has an unknown parameter, then 400 naming it', async () => {
      const long = await anon.get(`/api/regions?q=${'a'.repeat(41)}`);
      assert.equal(long.status, 400);
      assert.equal(long.body.field, 'q');
      const odd = await anon.get('/api/regions?country=CN');
      assert.equal(odd.status, 400);
    });

    it('when the city lists, changes and removes a key region, then staff see it and each change is audited', async () => {
      const created = await city.post('/api/key-regions', {
        regionCode: '4201',
        level: 'medium',
        from: '2026-01-20',
        note: ' 测试 ',
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const id = created.body.id as string;
      assert.deepEqual(
        { ...created.body, id: undefined, updatedAt: undefined },
        {
          id: undefined,
          region: { code: '4201', name: '武汉市', path: '湖北省 武汉市' },
          level: 'medium',
          from: '2026-01-20',
          to: null,
          note: '测试',
          updatedAt: undefined,
          updatedBy: '市城运中心 李强',
        },
      );
      // any staff member reads it, committee staff too
      assert.ok((await list(yunnan)).some((k) => k.id === id));

      const changed = await patch(city, `/api/key-regions/${id}`, {
        level: 'high',
        to: '2026-02-20',
      });
      assert.equal(changed.status, 200, JSON.stringify(changed.body));
      assert.equal(changed.body.level, 'high');
      assert.equal(changed.body.to, '2026-02-20');
      assert.equal(changed.body.note, '测试');

      // an administrator at the city may change it too
      const byAdmin = await patch(admin, `/api/key-regions/${id}`, { to: null, note: '' });
      assert.equal(byAdmin.status, 200);
      assert.equal(byAdmin.body.to, null);
      assert.equal(byAdmin.body.updatedBy, '系统管理员 王敏');

      const gone = await city.delete(`/api/key-regions/${id}`);
      assert.equal(gone.status, 204);
      assert.ok(!(await list()).some((k) => k.id === id));
      assert.equal((await city.delete(`/api/key-regions/${id}`)).status, 404);
      assert.equal((await patch(city, `/api/key-regions/${id}`, { level: 'high' })).status, 404);

      const trail = await audits(id);
      assert.deepEqual(
        trail.map((a) => [a.action, a.outcome, a.actor_name]),
        [
          ['key_region.create', 'ok', 'city'],
          ['key_region.update', 'ok', 'city'],
          ['key_region.update', 'ok', 'admin'],
          ['key_region.delete', 'ok', 'city'],
        ],
      );
      assert.deepEqual((trail[0]!.detail as any).regionCode, '4201');
      assert.deepEqual((trail[1]!.detail as any).changed, {
        level: { before: 'medium', after: 'high' },
        to: { before: null, after: '2026-02-20' },
      });
    });

    it('when active=true, then only the listings that cover today come', async () => {
      const post = (body: object) => city.post('/api/key-regions', body);
      const past = await post({
        regionCode: '33',
        level: 'medium',
        from: '2020-01-01',
        to: '2020-01-31',
      });
      const now = await post({ regionCode: 'KR', level: 'high', from: '2020-01-01' });
      const future = await post({ regionCode: '3301', level: 'high', from: '2999-01-01' });
      for (const r of [past, now, future]) assert.equal(r.status, 201, JSON.stringify(r.body));
      const active = (await list(city, '?active=true')).map((k) => k.id);
      assert.ok(active.includes(now.body.id));
      assert.ok(!active.includes(past.body.id));
      assert.ok(!active.includes(future.body.id));
      const everything = (await list(city, '?active=false')).map((k) => k.id);
      for (const r of [past, now, future]) assert.ok(everything.includes(r.body.id));
      for (const r of [past, now, future]) await city.delete(`/api/key-regions/${r.body.id}`);
    });

    it('when anyone but the city writes, or a non-staff account reads, then 403 (401 without a session) and nothing changes', async () => {
      const listed = await city.post('/api/key-regions', {
        regionCode: '44',
        level: 'medium',
        from: '2026-01-01',
      });
      assert.equal(listed.status, 201);
      const id = listed.body.id as string;
      const before = await rows();
      const body = { regionCode: '42', level: 'high', from: '2026-01-01' };
      for (const c of [yunnan, huangpu, districtAdmin, resident]) {
        assert.equal((await c.post('/api/key-regions', body)).status, 403);
        assert.equal((await patch(c, `/api/key-regions/${id}`, { level: 'high' })).status, 403);
        assert.equal((await c.delete(`/api/key-regions/${id}`)).status, 403);
      }
      assert.equal((await resident.get('/api/key-regions')).status, 403);
      assert.equal((await anon.get('/api/key-regions')).status, 401);
      assert.equal((await anon.post('/api/key-regions', body)).status, 401);
      assert.deepEqual(await rows(), before);
      const denied = (await audits()).filter((a) => a.outcome === 'denied');
      assert.equal(denied.length, 12);
      assert.ok(denied.every((a) => a.action.startsWith('key_region.')));
      await city.delete(`/api/key-regions/${id}`);
    });

    it('when the input is bad, then 400 naming the field and nothing is stored', async () => {
      const listed = await city.post('/api/key-regions', {
        regionCode: 'US',
        level: 'medium',
        from: '2026-03-01',
        to: '2026-03-31',
      });
      assert.equal(listed.status, 201);
      const id = listed.body.id as string;
      const beforeRows = await rows();
      const beforeAudits = (await audits()).length;
      const ok = { regionCode: '42', level: 'high', from: '2026-01-01' };
      const cases: [string, object, string][] = [
        ['unknown region', { ...ok, regionCode: '999999' }, 'regionCode'],
        ['unknown country', { ...ok, regionCode: 'ZZ' }, 'regionCode'],
        ['a town', { ...ok, regionCode: '441900003' }, 'regionCode'],
        ['Taiwan as a country', { ...ok, regionCode: 'TW' }, 'regionCode'],
        ['empty region', { ...ok, regionCode: '' }, 'regionCode'],
        ['unknown level', { ...ok, level: 'low' }, 'level'],
        ['no level', { regionCode: '42', from: '2026-01-01' }, 'level'],
        ['to before from', { ...ok, to: '2025-12-31' }, 'to'],
        ['not a day', { ...ok, from: '2026-02-30' }, 'from'],
        ['not a date', { ...ok, from: 'tomorrow' }, 'from'],
        ['bad to', { ...ok, to: '2026-13-01' }, 'to'],
        ['long note', { ...ok, note: 'x'.repeat(201) }, 'note'],
        ['unknown field', { ...ok, colour: 'red' }, 'colour'],
      ];
      for (const [what, body, field] of cases) {
        const r = await city.post('/api/key-regions', body);
        assert.equal(r.status, 400, `${what}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.field, field, `${what}: ${JSON.stringify(r.body)}`);
      }
      const patches: [string, object, string][] = [
        ['to before from', { to: '2026-02-01' }, 'to'],
        ['not a day', { to: '2026-04-31' }, 'to'],
        ['unknown level', { level: 'extreme' }, 'level'],
        ['from cannot change', { from: '2026-01-01' }, 'from'],
      ];
      for (const [what, body, field] of patches) {
        const r = await patch(city, `/api/key-regions/${id}`, body);
        assert.equal(r.status, 400, `${what}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.field, field, `${what}: ${JSON.stringify(r.body)}`);
      }
      assert.equal(
        (await patch(city, '/api/key-regions/not-an-id', { level: 'high' })).status,
        400,
      );
      assert.deepEqual(await rows(), beforeRows);
      assert.equal((await audits()).length, beforeAudits);
      await city.delete(`/api/key-regions/${id}`);
    });

    it('when a declaration is matched, then the highest level listed over its origin on its arrival date wins', async () => {
      const listings: Record<string, string> = {};
      for (const [name, body] of Object.entries({
        hubei: { regionCode: '42', level: 'medium', from: '2020-01-10', to: '2020-01-31' },
        wuhan: { regionCode: '4201', level: 'high', from: '2020-01-20' },
        jiangan: { regionCode: '420102', level: 'high', from: '2020-01-22', to: '2020-01-23' },
        dongcheng: { regionCode: '110101', level: 'medium', from: '2020-03-01', to: '2020-03-10' },
        usa: { regionCode: 'US', level: 'high', from: '2020-02-01', to: '2020-02-29' },
      })) {
        const r = await city.post('/api/key-regions', body);
        assert.equal(r.status, 201, JSON.stringify(r.body));
        listings[name] = r.body.id as string;
      }
      const db = tp.platform.database.db;
      const match = async (origin: string, day: string) => {
        const hit = await matchKeyRegion(db, origin, day);
        return hit && { id: hit.id, level: hit.level, code: hit.region.code };
      };
      // a county within a listed province, before the city is listed
      assert.deepEqual(await match('420102', '2020-01-15'), {
        id: listings.hubei,
        level: 'medium',
        code: '42',
      });
      // the city (high) wins over the province (medium)
      assert.deepEqual(await match('420102', '2020-01-25'), {
        id: listings.wuhan,
        level: 'high',
        code: '4201',
      });
      // two listings of one level: the nearest region
      assert.equal((await match('420102', '2020-01-22'))?.id, listings.jiangan);
      // the city listed with no end covers the years after
      assert.equal((await match('420102', '2024-06-01'))?.id, listings.wuhan);
      // dates outside every listing
      assert.equal(await match('420102', '2020-01-09'), null);
      // in the province but not the city: the province's dates only
      assert.equal((await match('420202', '2020-01-31'))?.id, listings.hubei);
      assert.equal(await match('420202', '2020-02-01'), null);
      // the province itself, and the city code when the person knows no more
      assert.equal((await match('42', '2020-01-25'))?.id, listings.hubei);
      assert.equal((await match('4201', '2020-01-25'))?.id, listings.wuhan);
      // a county's listing covers neither its city nor its neighbour; both ends are inclusive
      assert.equal((await match('110101', '2020-03-01'))?.id, listings.dongcheng);
      assert.equal((await match('110101', '2020-03-10'))?.id, listings.dongcheng);
      assert.equal(await match('110101', '2020-03-11'), null);
      assert.equal(await match('1101', '2020-03-05'), null);
      assert.equal(await match('110102', '2020-03-05'), null);
      // a country matches itself only
      assert.deepEqual(await match('US', '2020-02-10'), {
        id: listings.usa,
        level: 'high',
        code: 'US',
      });
      assert.equal(await match('CA', '2020-02-10'), null);
      assert.equal(await match('ZZ', '2020-02-10'), null);
      // taken off the list: no longer matched
      await city.delete(`/api/key-regions/${listings.wuhan}`);
      assert.equal(await match('420102', '2024-06-01'), null);
      assert.equal((await match('420102', '2020-01-25'))?.id, listings.hubei);
    });
  });
}
