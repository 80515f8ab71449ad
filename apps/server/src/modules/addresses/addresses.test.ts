import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  accountId,
  DATABASES,
  signedUpAccount,
  staffAccount,
  startTestPlatform,
  type Client,
  type TestPlatform,
} from '../../testing.js';
import { normaliseAddress } from './normalise.js';
import { syncPlatformAddresses } from './platform-addresses.js';

describe('address normalisation', () => {
  it('folds full-width, spaces, 號/#/衖, the city and district in front, and 号 after a number', () => {
    assert.equal(normaliseAddress('上海市黄浦区南京东路７２０號'), '南京东路720');
    assert.equal(normaliseAddress(' 南京东路 720 号 '), '南京东路720');
    assert.equal(normaliseAddress('上海南京东路720#'), '南京东路720');
    assert.equal(normaliseAddress('浦东新区张杨路１２３衖４号'), '张杨路123弄4');
    assert.equal(normaliseAddress('ＡＢＣ大厦'), 'abc大厦');
    // a district alone is what was typed, not dropped to nothing
    assert.equal(normaliseAddress('黄浦区'), '黄浦区');
    assert.equal(normaliseAddress('，，'), '');
  });
});

/** A CSV file as a multipart form, as the console's upload sends it. */
function csvForm(text: string, name = 'addresses.csv'): FormData {
  const form = new FormData();
  form.append('file', new Blob([text], { type: 'text/csv' }), name);
  return form;
}

for (const kind of DATABASES) {
  describe(`address search (${kind})`, () => {
    let tp: TestPlatform;
    let admin: Client;
    let yunnan: Client;
    let guizhou: Client;
    let here: { lat: number; lng: number };
    let there: { lat: number; lng: number };

    const search = (c: Client, q: string, extra = '') =>
      c.get(`/api/addresses/search?q=${encodeURIComponent(q)}${extra}`);
    const labels = (body: { items: { label: string }[] }) => body.items.map((i) => i.label);
    const total = async () => (await admin.get('/api/addresses/book')).body.total as number;

    before(async () => {
      tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 1000 });
      [admin, yunnan] = await Promise.all([tp.login('admin'), tp.login('yunnan')]);
      guizhou = await staffAccount(tp, {
        username: `guizhou-${kind}`,
        role: 'committee_staff',
        areaCode: '310101002003',
      });
      here = await tp.centreOf('310101002001'); // 云南中路居委会
      there = await tp.centreOf('310101002003'); // 贵州路居委会
      const csv = [
        'address,lng,lat,area_code',
        `南京东路720号,${here.lng},${here.lat},`,
        `南京东路72号,${here.lng},${here.lat},`,
        `南京东路7号,${here.lng},${here.lat},`,
        `"九江路720号",${there.lng},${there.lat},`,
        `北京东路720号,${here.lng + 0.01},${here.lat + 0.01},`,
        // the same name in two committees: the searcher's own first
        `测试弄1号,${here.lng},${here.lat},310101002001`,
        `测试弄2号,${there.lng},${there.lat},310101002003`,
      ].join('\r\n');
      const r = await admin.post('/api/addresses/imports', csvForm(`\uFEFF${csv}\r\n`));
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.outcome, 'imported');
      assert.equal(r.body.rowsRead, 7);
      assert.equal(r.body.rowsStored, 7);
    });
    after(() => tp.close());

    it('finds a door number typed in full first, whatever its form', async () => {
      for (const q of [
        '南京东路720',
        '南京东路720号',
        '上海市黄浦区南京东路７２０號',
        '南京东路 720',
      ]) {
        const r = await search(yunnan, q);
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.equal(r.body.normalised, '南京东路720');
        assert.equal(r.body.items[0].label, '南京东路720号', q);
        assert.equal(r.body.items[0].match, 'exact');
        assert.equal(r.body.items[0].kind, 'address');
        assert.equal(r.body.items[0].source, 'import');
        // the area it lies in, found by point-in-area, named
        assert.deepEqual(r.body.items[0].areaPathNames.slice(0, 3), [
          '黄浦区',
          '南京东路街道',
          '云南中路居委会',
        ]);
        assert.equal(r.body.items[0].areaName, r.body.items[0].areaPathNames.at(-1));
      }
    });

    it('ranks exact, then prefix, then contains', async () => {
      const r = await search(yunnan, '南京东路72');
      assert.deepEqual(labels(r.body), ['南京东路72号', '南京东路720号']);
      assert.deepEqual(
        r.body.items.map((i: { match: string }) => i.match),
        ['exact', 'prefix'],
      );
      const c = await search(yunnan, '720');
      assert.deepEqual(
        new Set(labels(c.body)),
        new Set(['南京东路720号', '九江路720号', '北京东路720号']),
      );
      assert.ok(c.body.items.every((i: { match: string }) => i.match === 'contains'));
      // "20" starts inside a number: not a match
      assert.deepEqual(labels((await search(yunnan, '20')).body), []);
    });

    it('puts the nearest first among equals when near is given', async () => {
      // the city's administrator: no area of their own comes first
      const nearThere = await search(admin, '720', `&near=${there.lat},${there.lng}`);
      assert.equal(nearThere.body.items[0].label, '九江路720号');
      assert.equal(nearThere.body.items[0].distanceM, 0);
      const nearHere = await search(admin, '720', `&near=${here.lat},${here.lng}`);
      assert.equal(nearHere.body.items[0].label, '南京东路720号');
    });

    it("puts the searcher's own area first", async () => {
      const own = await search(guizhou, '测试弄');
      assert.deepEqual(labels(own.body), ['测试弄2号', '测试弄1号']);
      assert.equal(own.body.items[0].inOwnArea, true);
      const other = await search(yunnan, '测试弄');
      assert.deepEqual(labels(other.body), ['测试弄1号', '测试弄2号']);
    });

    it('indexes compounds, buildings and fixed points, and keeps them in step', async () => {
      const compound = await search(yunnan, '云南中路花园');
      assert.equal(compound.body.items[0].kind, 'compound');
      assert.equal(compound.body.items[0].areaCode, '310101002001-G1-C1');
      const street = await tp.login('nanjingdong');
      const point = await street.post('/api/dispatch/points', {
        name: '第一食品商店',
        kind: 'shop',
        lat: here.lat,
        lng: here.lng,
        radiusMeters: 80,
        scenarioCodes: null,
        leaderId: await accountId(tp, 'handler'),
        unitName: '第一食品商店物业',
      });
      assert.equal(point.status, 201, JSON.stringify(point.body));
      const db = tp.platform.database.db;
      const first = await syncPlatformAddresses(db);
      assert.equal(first.written, 1);
      const hit = await search(yunnan, '第一食品');
      assert.equal(hit.body.items[0].kind, 'point');
      assert.equal(hit.body.items[0].label, '第一食品商店');
      // nothing new: nothing written
      assert.equal((await syncPlatformAddresses(db)).written, 0);
      // renamed: the index follows, the old name finds nothing
      await db
        .updateTable('dispatch_points')
        .set({ name: '新世界城' })
        .where('id', '=', point.body.id)
        .execute();
      assert.equal((await syncPlatformAddresses(db)).written, 1);
      assert.deepEqual(labels((await search(yunnan, '第一食品')).body), []);
      assert.equal((await search(yunnan, '世界城')).body.items[0].label, '新世界城');
      await street.delete(`/api/dispatch/points/${point.body.id}`);
      assert.equal((await syncPlatformAddresses(db)).removed, 1);
      assert.deepEqual(labels((await search(yunnan, '新世界城')).body), []);
    });

    it('refuses a bad file by line and column and stores nothing of it', async () => {
      const before = await total();
      const csv = [
        'address,lat,lng,area_code',
        `好地址路1号,${here.lat},${here.lng},`,
        `坏经度路1号,${here.lat},abc,`,
        `坏纬度路1号,95,${here.lng},`,
        `,${here.lat},${here.lng},`,
        `坏编码路1号,${here.lat},${here.lng},999999999999`,
        `"没闭合的引号,${here.lat},${here.lng},`,
        `城外路1号,10,10,`,
      ].join('\n');
      const r = await admin.post('/api/addresses/imports', csvForm(csv, 'bad.csv'));
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.equal(r.body.code, 'VALIDATION_FAILED');
      assert.equal(r.body.field, 'file');
      assert.deepEqual(
        r.body.rows.map((p: { row: number; field: string }) => [p.row, p.field]),
        [
          [3, 'lng'],
          [4, 'lat'],
          [5, 'address'],
          [6, 'area_code'],
          [7, 'file'],
          [8, 'lng'],
        ],
      );
      assert.equal(await total(), before);
      assert.deepEqual(labels((await search(yunnan, '好地址路')).body), []);
      const book = await admin.get('/api/addresses/book');
      assert.equal(book.body.lastImport.outcome, 'refused');
      assert.equal(book.body.lastImport.fileName, 'bad.csv');
      assert.equal(book.body.lastImport.problems[0].line, 3);
      assert.equal(book.body.lastImport.problems[0].column, 'lng');
    });

    it('refuses a file without the columns it needs, or not UTF-8, or empty', async () => {
      const noLat = await admin.post(
        '/api/addresses/imports',
        csvForm('address,lng\n某路1号,121.48\n'),
      );
      assert.equal(noLat.status, 400);
      assert.deepEqual(noLat.body.rows[0], {
        row: 1,
        field: 'lat',
        reason: noLat.body.rows[0].reason,
      });
      const gbk = new Uint8Array([
        ...new TextEncoder().encode('address,lng,lat\n'),
        0xc4,
        0xcf,
        0xbe,
        0xa9, // 南京 in GBK
        ...new TextEncoder().encode(`,${here.lng},${here.lat}\n`),
      ]);
      const form = new FormData();
      form.append('file', new Blob([gbk]), 'gbk.csv');
      const enc = await admin.post('/api/addresses/imports', form);
      assert.equal(enc.status, 400);
      assert.equal(enc.body.rows[0].field, 'file');
      assert.match(enc.body.rows[0].reason, /^encoding/);
      const empty = await admin.post('/api/addresses/imports', csvForm('address,lng,lat\n'));
      assert.equal(empty.status, 400);
    });

    it('audits every import', async () => {
      const rows = await tp.platform.database.db
        .selectFrom('audit_log')
        .select(['action', 'outcome', 'actor_name'])
        .where('action', '=', 'addresses.import')
        .execute();
      assert.ok(rows.some((r) => r.outcome === 'ok' && r.actor_name === 'admin'));
      assert.ok(rows.some((r) => r.outcome === 'failed'));
    });

    it('lets the city manage the address book, and nobody else', async () => {
      const city = await tp.login('city');
      const book = await city.get('/api/addresses/book');
      assert.equal(book.status, 200);
      const bySource = Object.fromEntries(
        book.body.bySource.map((s: { source: string; count: number }) => [s.source, s.count]),
      );
      assert.equal(bySource.import, 7);
      assert.ok(bySource.areas > 100); // the demo's compounds
      const before = await total();
      for (const c of [yunnan, await tp.login('huangpu')]) {
        assert.equal((await c.get('/api/addresses/book')).status, 403);
        const up = await c.post(
          '/api/addresses/imports',
          csvForm(`address,lng,lat\n越权路1号,${here.lng},${here.lat}\n`),
        );
        assert.equal(up.status, 403);
      }
      assert.equal(await total(), before);
      assert.equal((await tp.client().get('/api/addresses/book')).status, 401);
    });

    it('lets anyone signed in search, residents included, and nobody else', async () => {
      const resident = await signedUpAccount(tp);
      const r = await search(resident.client, '南京东路720');
      assert.equal(r.status, 200);
      assert.equal(r.body.items[0].label, '南京东路720号');
      assert.equal((await search(tp.client(), '南京东路720')).status, 401);
    });

    it('answers bad q, limit and near with a 400 that names them', async () => {
      const cases: [string, string][] = [
        ['', 'q'],
        ['?q=', 'q'],
        ['?q=%EF%BC%8C%EF%BC%8C', 'q'], // ，， : nothing left once normalised
        [`?q=${'路'.repeat(101)}`, 'q'],
        ['?q=a&limit=0', 'limit'],
        ['?q=a&limit=51', 'limit'],
        ['?q=a&limit=x', 'limit'],
        ['?q=a&near=31.2', 'near'],
        ['?q=a&near=100,121', 'near'],
        ['?q=a&other=1', 'other'],
      ];
      for (const [qs, field] of cases) {
        const r = await yunnan.get(`/api/addresses/search${qs}`);
        assert.equal(r.status, 400, qs);
        assert.ok(
          String(r.body.field ?? r.body.message).includes(field),
          `${qs}: ${JSON.stringify(r.body)}`,
        );
      }
      const few = await search(yunnan, '南京东路', '&limit=2');
      assert.equal(few.body.items.length, 2);
    });
  });
}
