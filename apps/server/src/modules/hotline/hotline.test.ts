import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DATABASES, startTestPlatform, type Client, type TestPlatform } from '../../testing.js';

/** A file as the console's upload sends it. */
function fileForm(text: string, name: string): FormData {
  const form = new FormData();
  form.append('file', new Blob([text]), name);
  return form;
}

const csvLine = (cells: (string | number)[]) =>
  cells
    .map((c) => (/[",\n]/.test(String(c)) ? `"${String(c).replaceAll('"', '""')}"` : c))
    .join(',');

for (const kind of DATABASES) {
  describe(`12345 hotline work orders (${kind})`, () => {
    let tp: TestPlatform;
    let admin: Client;
    let yunnan: Client;
    let city: Client;
    let key: string;
    let here: { lat: number; lng: number };
    let there: { lat: number; lng: number };
    const received = new Date(Date.now() - 3_600_000).toISOString();

    /** POST the work orders as the hotline's system does. */
    const post = (body: string, type = 'text/csv', k: string | null = key) =>
      tp.client().post('/api/hotline/orders', body, {
        'content-type': type,
        ...(k ? { authorization: `Bearer ${k}` } : {}),
      });
    const hotlineCases = async () =>
      Number(
        (
          await tp.platform.deps.db
            .selectFrom('cases')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('source', '=', 'hotline')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const header = 'hotline_id,category,text,caller_name,caller_phone,address,lng,lat,received_at';

    before(async () => {
      tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 1000 });
      [admin, yunnan, city] = await Promise.all([
        tp.login('admin'),
        tp.login('yunnan'),
        tp.login('city'),
      ]);
      here = await tp.centreOf('310101002001');
      there = await tp.centreOf('310101002003');
      // the hotline is one of the city's shipped departments: an administrator issues its key
      const d = await admin.post('/api/departments/hotline-12345/key');
      assert.equal(d.status, 200, JSON.stringify(d.body));
      assert.deepEqual(d.body.department.grants, ['hotline', 'indicators']);
      key = d.body.apiKey;
      assert.match(key, /^ccd_/);
      // an address the address book knows, to place orders that give no coordinates
      const a = await admin.post(
        '/api/addresses/imports',
        fileForm(
          [
            'address,lng,lat',
            `云南中路88号,${here.lng},${here.lat}`,
            `北京东路1号,${here.lng},${here.lat}`,
            `北京东路120号,${there.lng},${there.lat}`,
            '',
          ].join('\n'),
          'a.csv',
        ),
      );
      assert.equal(a.status, 201, JSON.stringify(a.body));
      const m = await admin.request(
        'PUT',
        `/api/hotline/categories/${encodeURIComponent('噪声扰民')}`,
        {
          scenarioCode: 'noise-nuisance',
          attributes: { source: 'other' },
        },
      );
      assert.equal(m.status, 200, JSON.stringify(m.body));
      const l = await admin.request(
        'PUT',
        `/api/hotline/categories/${encodeURIComponent('路灯')}`,
        {
          scenarioCode: 'street-light-out',
        },
      );
      assert.equal(l.status, 200, JSON.stringify(l.body));
    });
    after(() => tp.close());

    it('only administrators of the city add departments; keys are shown once and refused when wrong', async () => {
      const denied = await yunnan.post('/api/departments', {
        code: 'test-no-grant',
        name: '水务局',
        nameEn: 'Water Authority',
        grants: [],
      });
      assert.equal(denied.status, 403);
      const twice = await admin.post('/api/departments', {
        code: 'hotline-12345',
        name: 'x',
        nameEn: 'x',
        grants: [],
      });
      assert.equal(twice.status, 409);
      const bad = await admin.post('/api/departments', {
        code: 'Bad Code',
        name: 'x',
        nameEn: 'x',
        grants: [],
      });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.field, 'code');
      const list = await admin.get('/api/departments');
      assert.equal(list.status, 200);
      const dep = list.body.items.find((d: { code: string }) => d.code === 'hotline-12345');
      assert.equal(dep.keyHint, key.slice(0, 10));
      assert.ok(!JSON.stringify(list.body).includes(key), 'the key is never listed');

      const line = csvLine(['K-1', '路灯', '路灯不亮', '', '', '', here.lng, here.lat, received]);
      assert.equal((await post(`${header}\n${line}\n`, 'text/csv', null)).status, 401);
      assert.equal((await post(`${header}\n${line}\n`, 'text/csv', 'ccd_wrong')).status, 401);
      // a department without the grant, then a disabled one
      const water = await admin.post('/api/departments', {
        code: 'test-no-grant',
        name: '水务局',
        nameEn: 'Water Authority',
        grants: [],
      });
      assert.equal(water.status, 201);
      const noGrant = await post(`${header}\n${line}\n`, 'text/csv', water.body.apiKey);
      assert.equal(noGrant.status, 403);
      const off = await admin.request('PATCH', '/api/departments/test-no-grant', {
        grants: ['hotline'],
        disabled: true,
      });
      assert.equal(off.status, 200);
      assert.equal((await post(`${header}\n${line}\n`, 'text/csv', water.body.apiKey)).status, 403);
      // a new key: the old one stops at once
      const rotated = await admin.post('/api/departments/test-no-grant/key');
      assert.equal(rotated.status, 200);
      assert.notEqual(rotated.body.apiKey, water.body.apiKey);
      await admin.request('PATCH', '/api/departments/test-no-grant', { disabled: false });
      assert.equal((await post(`${header}\n${line}\n`, 'text/csv', water.body.apiKey)).status, 401);
      assert.equal(await hotlineCases(), 0, 'nothing refused was filed');
    });

    it('maps categories only to known scenarios with their required answers', async () => {
      const unknown = await admin.request('PUT', '/api/hotline/categories/x', {
        scenarioCode: 'no-such-scenario',
      });
      assert.equal(unknown.status, 400);
      assert.equal(unknown.body.field, 'scenarioCode');
      const missing = await admin.request('PUT', '/api/hotline/categories/x', {
        scenarioCode: 'noise-nuisance',
      });
      assert.equal(missing.status, 400);
      assert.equal(missing.body.field, 'attributes.source');
      const notAdmin = await city.request('PUT', '/api/hotline/categories/x', {
        scenarioCode: 'street-light-out',
      });
      assert.equal(notAdmin.status, 403);
      const list = await city.get('/api/hotline/categories');
      assert.equal(list.status, 200);
      assert.deepEqual(
        list.body.items.map((c: { category: string }) => c.category).sort(),
        ['噪声扰民', '路灯'].sort(),
      );
    });

    it('files good orders once each, holds back unmapped and unplaced ones, and says so', async () => {
      const before = await hotlineCases();
      const rows = [
        [
          'A-1',
          '噪声扰民',
          '夜间KTV噪声扰民',
          '张三',
          '13812345678',
          '',
          here.lng,
          here.lat,
          received,
        ],
        ['A-2', '路灯', '路灯不亮，请修理', '', '', '上海市黄浦区云南中路88号', '', '', received],
        // the same order twice in one file
        ['A-2', '路灯', '路灯不亮，请修理', '', '', '上海市黄浦区云南中路88号', '', '', received],
        ['A-3', '占道经营', '早餐摊占道', '', '', '', here.lng, here.lat, received],
        ['A-4', '占道经营', '水果摊占道', '', '', '', here.lng, here.lat, received],
        ['A-5', '路灯', '路灯闪烁', '', '', '无名路999号附近', '', '', received],
      ];
      const csv = `\uFEFF${header}\r\n${rows.map(csvLine).join('\r\n')}\r\n`;
      const r = await post(csv);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.outcome, 'imported');
      assert.equal(r.body.rowsRead, 6);
      assert.equal(r.body.created, 2);
      assert.equal(r.body.duplicates, 1);
      assert.deepEqual(r.body.unmapped, [
        { category: '占道经营', rows: 2, hotlineIds: ['A-3', 'A-4'] },
      ]);
      assert.deepEqual(r.body.unplaced, { rows: 1, hotlineIds: ['A-5'] });
      assert.equal(r.body.departmentCode, 'hotline-12345');
      assert.equal(await hotlineCases(), before + 2);

      // the case: source hotline, the scenario the mapping names, the caller masked, placed
      const listed = await admin.get('/api/cases?source=hotline');
      assert.equal(listed.status, 200, JSON.stringify(listed.body));
      const noise = listed.body.items.find(
        (c: { scenarioCode: string }) => c.scenarioCode === 'noise-nuisance',
      );
      assert.ok(noise, 'the noise order is a case');
      const detail = await admin.get(`/api/cases/${noise.id}`);
      assert.equal(detail.body.source, 'hotline');
      assert.equal(detail.body.attributes.source, 'other');
      assert.ok(!JSON.stringify(detail.body).includes('13812345678'), 'the phone is masked');
      const light = listed.body.items.find(
        (c: { scenarioCode: string }) => c.scenarioCode === 'street-light-out',
      );
      assert.ok(
        light.areaCode.startsWith('310101002001'),
        `placed by the address book: ${light.areaCode}`,
      );

      // posted again: nothing new; once the category is mapped, just its orders are filed
      const again = await post(csv);
      assert.equal(again.body.created, 0);
      assert.equal(again.body.duplicates, 3);
      const mapped = await admin.request(
        'PUT',
        `/api/hotline/categories/${encodeURIComponent('占道经营')}`,
        {
          scenarioCode: 'road-occupation-business',
        },
      );
      assert.equal(mapped.status, 200, JSON.stringify(mapped.body));
      const third = await post(csv);
      assert.equal(third.body.created, 2);
      assert.deepEqual(third.body.unmapped, []);
      assert.equal(await hotlineCases(), before + 4);

      // the same id with other content is not a second case: it is listed as changed
      const changed = rows[0]!.slice();
      changed[2] = '内容被改过';
      const fourth = await post(`${header}\n${csvLine(changed)}\n`);
      assert.equal(fourth.body.created, 0);
      assert.deepEqual(fourth.body.changed, ['A-1']);
      assert.equal(await hotlineCases(), before + 4);

      // the dashboards split intake by source: the street's committees by hotline cases
      const street = await tp.login('nanjingdong');
      const dash = await street.get('/api/dashboards/310101002000');
      const hotlineCount = dash.body.bySource.find(
        (s: { source: string }) => s.source === 'hotline',
      );
      assert.equal(hotlineCount.reported, before + 4);
      const bySource = await street.get(
        '/api/dashboards/310101002000/compare?indicator=cases.reported&source=hotline',
      );
      assert.equal(bySource.status, 200, JSON.stringify(bySource.body));
      assert.equal(bySource.body.source, 'hotline');
      const yunnanRow = bySource.body.items.find(
        (i: { area: { code: string } }) => i.area.code === '310101002001',
      );
      assert.equal(yunnanRow.value, before + 4);
      const fromInspectors = await street.get(
        '/api/dashboards/310101002000/compare?indicator=cases.reported&source=inspector',
      );
      assert.ok(fromInspectors.body.items.every((i: { value: number }) => i.value === 0));
      const notSplit = await street.get(
        '/api/dashboards/310101002000/compare?indicator=cases.resolve_rate&source=hotline',
      );
      assert.equal(notSplit.status, 400);
      assert.equal(notSplit.body.field, 'source');

      // staff read the reports, newest first; a committee's staff may not
      const imports = await city.get('/api/hotline/imports');
      assert.equal(imports.status, 200);
      assert.equal(imports.body.items[0].id, fourth.body.id);
      assert.equal((await yunnan.get('/api/hotline/imports')).status, 403);
    });

    it('takes JSON lines, and a file uploaded in the console', async () => {
      const before = await hotlineCases();
      const jsonl = [
        {
          hotline_id: 'J-1',
          category: '路灯',
          text: '路灯坏了',
          lng: here.lng,
          lat: here.lat,
          received_at: received,
        },
        {
          hotline_id: 'J-2',
          category: '路灯',
          text: '路灯又坏了',
          address: '云南中路88号',
          received_at: received,
        },
      ]
        .map((o) => JSON.stringify(o))
        .join('\n');
      const r = await post(jsonl, 'application/x-ndjson');
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.format, 'jsonl');
      assert.equal(r.body.created, 2);
      const line = csvLine(['U-1', '路灯', '路灯不亮', '', '', '', here.lng, here.lat, received]);
      const up = await admin.post(
        '/api/hotline/imports',
        fileForm(`${header}\n${line}\n`, 'orders.csv'),
      );
      assert.equal(up.status, 201, JSON.stringify(up.body));
      assert.equal(up.body.via, 'upload');
      assert.equal(up.body.created, 1);
      // an upload repeats an order the system posted: a duplicate, not a second case
      const dup = await admin.post('/api/hotline/imports', fileForm(`${jsonl}\n`, 'orders.jsonl'));
      assert.equal(dup.body.duplicates, 2);
      assert.equal(
        (await city.post('/api/hotline/imports', fileForm(`${header}\n${line}\n`, 'o.csv'))).status,
        403,
      );
      assert.equal(await hotlineCases(), before + 3);
    });

    it('places an address by its door number, never at a longer number it starts like', async () => {
      const orders = [
        // 北京东路1号201室: door 1, room 201 — not 北京东路120号
        { hotline_id: 'P-1', address: '上海市黄浦区北京东路1号201室' },
        { hotline_id: 'P-2', address: '北京东路１号' },
        { hotline_id: 'P-3', address: '云南中路88号3楼东侧' },
        // a road alone is no place
        { hotline_id: 'P-4', address: '北京东路' },
      ].map((o) =>
        JSON.stringify({ ...o, category: '路灯', text: '路灯不亮', received_at: received }),
      );
      const r = await post(orders.join('\n'), 'application/x-ndjson');
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.created, 3);
      assert.deepEqual(r.body.unplaced, { rows: 1, hotlineIds: ['P-4'] });
      const placed = await tp.platform.deps.db
        .selectFrom('cases')
        .select(['area_path', 'description', 'address'])
        .where('source', '=', 'hotline')
        .where('address', 'in', [
          '上海市黄浦区北京东路1号201室',
          '北京东路１号',
          '云南中路88号3楼东侧',
        ])
        .execute();
      assert.equal(placed.length, 3);
      for (const c of placed)
        assert.match(c.area_path, /\/310101002001(\/|$)/, `${c.address}: ${c.area_path}`);
    });

    it('refuses a file with a bad row whole, naming the row, the field and the rule', async () => {
      const before = await hotlineCases();
      const good = ['B-1', '路灯', '路灯不亮', '', '', '', here.lng, here.lat, received];
      const cases: [(string | number)[], string, string][] = [
        [['B-2', '路灯', '无处可去', '', '', '', '', '', received], 'address', 'required'],
        [
          ['B-3', '路灯', '未来', '', '', '', here.lng, here.lat, '2099-01-01T00:00:00+08:00'],
          'received_at',
          'future',
        ],
        [
          ['B-4', '路灯', '时间', '', '', '', here.lng, here.lat, '2026-12-07 08:30'],
          'received_at',
          'format',
        ],
        [['B-5', '路灯', '外地', '', '', '', '0', '0', received], 'lng', 'inside-city'],
        [['B-6', '路灯', '只有经度', '', '', '', here.lng, '', received], 'lat', 'required'],
        [
          ['B 7', '路灯', '编号', '', '', '', here.lng, here.lat, received],
          'hotline_id',
          'pattern',
        ],
        [['B-8', '', '没有分类', '', '', '', here.lng, here.lat, received], 'category', 'required'],
      ];
      for (const [row, field, rule] of cases) {
        const r = await post(`${header}\n${csvLine(good)}\n${csvLine(row)}\n`);
        assert.equal(r.status, 400, `${field}: ${JSON.stringify(r.body)}`);
        const problem = r.body.rows[0];
        assert.equal(problem.row, 3);
        assert.equal(problem.field, field);
        assert.match(problem.reason, new RegExp(`^${rule}:`));
      }
      const badJson = await post(`{"hotline_id":"B-9"\n`, 'application/x-ndjson');
      assert.equal(badJson.status, 400);
      assert.equal(badJson.body.rows[0].field, 'file');
      const unknownKey = await post(
        JSON.stringify({
          hotline_id: 'B-10',
          category: '路灯',
          text: 't',
          lng: here.lng,
          lat: here.lat,
          received_at: received,
          x: 1,
        }),
        'application/x-ndjson',
      );
      assert.equal(unknownKey.status, 400);
      assert.equal(unknownKey.body.rows[0].field, 'x');
      const unknownColumn = await post(`hotline_id,category,text,received_at,colour\n`);
      assert.equal(unknownColumn.status, 400);
      assert.equal(unknownColumn.body.rows[0].field, 'colour');
      const empty = await post(`${header}\n`);
      assert.equal(empty.status, 400);
      const xml = await post('<orders/>', 'application/xml');
      assert.equal(xml.status, 415);
      // over the limit: a 413 that names it, and nothing filed
      const big = await post(`${header}\n${'x'.repeat(65 * 1024 * 1024)}`);
      assert.equal(big.status, 413);
      assert.match(big.body.message, /64 MB/);
      assert.equal(await hotlineCases(), before, 'nothing of a refused file was filed');
      const refused = await city.get('/api/hotline/imports');
      assert.ok(refused.body.items.some((i: { outcome: string }) => i.outcome === 'refused'));
    });
  });
}
