import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { OwnersSummary, RegistryImport, Room, RoomOwners } from '@cc/contracts';
import { DATABASES, startTestPlatform, type Client, type TestPlatform } from '../../testing.js';
import { fakeResidentId } from './documents.js';
import { fakeUscc } from './owner-records.js';
import { excelWorkbook, zipBytes } from './test-workbooks.js';

/** Owners on record (产权人): the form, the import, scope, history and audit, on both databases. */

const COMMITTEE = '310101002001'; // 云南中路居委会
const OTHER = '310101002002'; // 龙泉园路居委会
const COMPOUND = '云南中路花园';
const HOUSING_HEAD = '小区,楼栋,单元,室号,楼层,建筑面积,用途,产权,居住状态';
const OWNERS_HEAD = '小区,楼栋,单元,室号,产权人,产权人类型,证件类型,证件号码,份额,登记面积';

let seq = 0;
const newId = (sex: 'male' | 'female' = 'female') => {
  seq++;
  const day = String(1 + (seq % 28)).padStart(2, '0');
  return fakeResidentId('310101', `1970-04-${day}`, sex, () => (seq * 0.6180339) % 1);
};
const csv = (head: string, rows: string[]) => `\uFEFF${head}\n${rows.join('\n')}\n`;

async function importDone(
  c: Client,
  kind: string,
  committee: string,
  content: string | Uint8Array,
  name = `${kind}.csv`,
) {
  const fd = new FormData();
  fd.append('file', new Blob([content]), name);
  const r = await c.post<RegistryImport>(
    `/api/registry/imports?kind=${kind}&committee=${committee}`,
    fd,
  );
  assert.equal(r.status, 202, JSON.stringify(r.body));
  for (let i = 0; i < 400; i++) {
    const p = await c.get<RegistryImport>(`/api/registry/imports/${r.body.id}`);
    if (p.body.status !== 'running') return p.body;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error('the import did not finish');
}

for (const kind of DATABASES) {
  describe(`owners on record (${kind})`, () => {
    let tp: TestPlatform;
    let staff: Client;
    let grid: Client;
    let other: Client;
    const room: Record<string, string> = {};
    const people = { a: newId('male'), b: newId(), c: newId('male'), d: newId() };
    const developer = fakeUscc(4242);
    const owners = (c: Client, id: string) => c.get<RoomOwners>(`/api/registry/rooms/${id}/owners`);
    const put = (c: Client, id: string, body: unknown) =>
      c.request<RoomOwners & { field?: string; rule?: string; message?: string }>(
        'PUT',
        `/api/registry/rooms/${id}/owners`,
        body,
      );

    before(async () => {
      tp = await startTestPlatform(kind);
      staff = await tp.login('yunnan');
      grid = await tp.login('grid');
      const admin = await tp.login('admin');
      const created = await admin.post('/api/accounts', {
        username: 'longquan-owners',
        displayName: '龙泉园路居委会 测试',
        password: 'a-long-password-1',
        roles: [{ role: 'committee_staff', areaCode: OTHER }],
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      other = await tp.login('longquan-owners', 'a-long-password-1');
      const housing = await importDone(
        staff,
        'housing',
        COMMITTEE,
        csv(
          HOUSING_HEAD,
          ['101', '102', '201', '202'].map(
            (n) => `${COMPOUND},8号楼,1单元,${n},${n[0]},70,住宅,私有,自住`,
          ),
        ),
      );
      assert.equal(housing.status, 'done', JSON.stringify(housing));
      const rooms = await staff.get<{ items: Room[] }>(
        `/api/registry/rooms?area=${COMMITTEE}&limit=500`,
      );
      for (const r of rooms.body.items)
        if (r.label.startsWith(`${COMPOUND} 8号楼`)) room[r.number] = r.id;
      assert.equal(Object.keys(room).length, 4);
    });
    after(() => tp.close());

    it("when staff set a room's owners, then they read back, masked for a grid leader, with history and audit", async () => {
      const r = await put(staff, room['101']!, {
        registeredArea: 68.52,
        owners: [
          { name: '张伟', documentType: 'resident_id', documentNumber: people.a, share: 50 },
          { name: '李娜', documentType: 'resident_id', documentNumber: people.b, share: 50 },
        ],
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.registeredArea, 68.52);
      assert.equal(r.body.source, 'form');
      assert.deepEqual(
        r.body.owners.map((o) => [o.name, o.kind, o.share]),
        [
          ['张伟', 'person', 50],
          ['李娜', 'person', 50],
        ],
      );
      assert.match(r.body.owners[0]!.document, /^\d{4}\*{10}\d{3}[\dX]$/);
      assert.ok(!JSON.stringify(r.body).includes(people.a));

      const masked = await owners(grid, room['101']!);
      assert.equal(masked.status, 200, JSON.stringify(masked.body));
      assert.equal(masked.body.namesMasked, true);
      assert.equal(masked.body.canEdit, false);
      assert.deepEqual(
        masked.body.owners.map((o) => o.name),
        ['张*', '李*'],
      );

      const db = tp.platform.database.db;
      const stored = await db
        .selectFrom('room_owners')
        .selectAll()
        .where('room_id', '=', room['101']!)
        .execute();
      assert.equal(stored.length, 2);
      assert.ok(!JSON.stringify(stored).includes(people.a), 'the ID number is stored encrypted');
      // the owner key is the resident record's key for the same document
      const residentKey = tp.platform.deps.cipher.lookupHash(`doc:resident_id:${people.a}`);
      assert.ok(stored.some((o) => o.document_hmac === residentKey));
      const history = await db
        .selectFrom('registry_changes')
        .selectAll()
        .where('entity_id', '=', room['101']!)
        .where('action', '=', 'owners')
        .execute();
      assert.equal(history.length, 1);
      assert.deepEqual(history[0]!.changes.shares, [50, 50]);
      assert.ok(
        !JSON.stringify(history).includes('张伟') && !JSON.stringify(history).includes(people.a),
      );
      const audits = await db
        .selectFrom('audit_log')
        .select(['action', 'outcome', 'detail'])
        .where('object_id', '=', room['101']!)
        .orderBy('seq')
        .execute();
      assert.deepEqual(
        audits.map((a) => a.action),
        ['registry.owners.replace', 'registry.owners.read'],
      );
      assert.ok(!JSON.stringify(audits).includes('张伟'));
    });

    it('when an owner is kept by id and another room has them too, then the share changes and their other rooms are counted', async () => {
      const before = (await owners(staff, room['101']!)).body;
      const r = await put(staff, room['101']!, {
        owners: [{ id: before.owners[0]!.id, share: 100 }],
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(
        r.body.owners.map((o) => [o.id, o.name, o.share]),
        [[before.owners[0]!.id, '张伟', 100]],
      );
      assert.equal(r.body.registeredArea, 68.52, 'left out, the area on record stays');
      const second = await put(staff, room['102']!, {
        owners: [
          { name: '张伟', documentType: 'resident_id', documentNumber: people.a, share: 33.33 },
          {
            name: '王芳',
            documentType: 'resident_id',
            documentNumber: people.c,
            share: '66.67' as never,
          },
        ],
      });
      assert.equal(second.status, 400, 'a share is a number');
      const ok = await put(staff, room['102']!, {
        owners: [
          { name: '张伟', documentType: 'resident_id', documentNumber: people.a, share: 33.33 },
          { name: '王强', documentType: 'resident_id', documentNumber: people.c, share: 66.67 },
        ],
      });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.deepEqual(
        ok.body.owners.map((o) => o.otherRooms),
        [1, 0],
      );
    });

    it('when the shares, the numbers or the kinds are wrong, then 400 names the field and nothing changes', async () => {
      const before = (await owners(staff, room['101']!)).body;
      const cases: [unknown, string, string?][] = [
        [
          {
            owners: [
              { name: '张伟', documentType: 'resident_id', documentNumber: people.a, share: 50 },
              { name: '李娜', documentType: 'resident_id', documentNumber: people.b, share: 40 },
            ],
          },
          'share',
          'sum',
        ],
        [
          {
            owners: [
              { name: '张伟', documentType: 'resident_id', documentNumber: people.a, share: 0 },
            ],
          },
          'owners.0.share',
        ],
        [
          {
            owners: [
              {
                name: '张伟',
                documentType: 'resident_id',
                documentNumber: people.a,
                share: 33.333,
              },
            ],
          },
          'owners.0.share',
        ],
        [
          {
            owners: [
              {
                name: '张伟',
                documentType: 'resident_id',
                documentNumber: people.a.slice(0, 17) + (people.a[17] === '1' ? '2' : '1'),
                share: 100,
              },
            ],
          },
          'owners.0.documentNumber',
        ],
        [
          {
            owners: [
              {
                name: '某公司',
                documentType: 'uscc',
                documentNumber: `${developer.slice(0, 17)}0`,
                share: 100,
              },
            ],
          },
          'owners.0.documentNumber',
        ],
        [
          {
            owners: [
              {
                kind: 'person',
                name: '某公司',
                documentType: 'uscc',
                documentNumber: developer,
                share: 100,
              },
            ],
          },
          'owners.0.kind',
        ],
        [
          {
            owners: [
              {
                kind: 'developer',
                name: '张伟',
                documentType: 'resident_id',
                documentNumber: people.a,
                share: 100,
              },
            ],
          },
          'owners.0.kind',
        ],
        [
          {
            owners: [
              { name: '张伟', documentType: 'resident_id', documentNumber: people.a, share: 50 },
              { name: '张伟', documentType: 'resident_id', documentNumber: people.a, share: 50 },
            ],
          },
          'owners.1.documentNumber',
        ],
        [{ owners: [{ name: '张伟', share: 100 }] }, 'owners.0.documentType'],
        [{ owners: [{ id: '00000000-0000-4000-8000-000000000000', share: 100 }] }, 'owners.0.id'],
        [
          { owners: [{ id: before.owners[0]!.id, share: 100 }], registeredArea: 50.123 },
          'registeredArea',
        ],
      ];
      for (const [body, field, rule] of cases) {
        const r = await put(staff, room['101']!, body);
        assert.equal(r.status, 400, `${field}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.field, field, JSON.stringify(r.body));
        if (rule) assert.equal(r.body.rule, rule);
        assert.ok(!(r.body.message ?? '').includes(people.a), 'the message quotes no number');
      }
      assert.deepEqual((await owners(staff, room['101']!)).body.owners, before.owners);
    });

    it("when another committee's staff or a grid leader reach for the room, then 404 and 403, and nothing changes", async () => {
      assert.equal((await owners(other, room['101']!)).status, 404);
      const body = {
        owners: [
          { name: '赵六', documentType: 'resident_id', documentNumber: people.d, share: 100 },
        ],
      };
      assert.equal((await put(other, room['101']!, body)).status, 404);
      assert.equal((await put(grid, room['101']!, body)).status, 403);
      assert.deepEqual(
        (await owners(staff, room['101']!)).body.owners.map((o) => o.name),
        ['张伟'],
      );
      const summary = await other.get(`/api/registry/owners/summary?area=${COMMITTEE}`);
      assert.equal(summary.status, 403);
    });

    it('when an owners file is imported, then it replaces the owners of the rooms it names, and again changes nothing', async () => {
      const file = csv(OWNERS_HEAD, [
        `${COMPOUND},8号楼,1单元,201,陈静,,居民身份证,${people.d},1/2,71.05`,
        `${COMPOUND},8号楼,1单元,101,王强,个人,居民身份证,${people.c},100%,`,
        `${COMPOUND},8号楼,1单元,201,张伟,,居民身份证,${people.a},50,`,
        `${COMPOUND},8号楼,1单元,202,上海云南置业有限公司,开发建设单位,统一社会信用代码,${developer},100,88`,
      ]);
      const done = await importDone(staff, 'owners', COMMITTEE, file);
      assert.equal(done.status, 'done', JSON.stringify(done));
      assert.deepEqual([done.inserted, done.updated, done.unchanged], [4, 0, 0]);
      const r101 = (await owners(staff, room['101']!)).body;
      assert.deepEqual(
        r101.owners.map((o) => [o.name, o.share]),
        [['王强', 100]],
      );
      assert.equal(r101.registeredArea, 68.52, 'an empty area cell keeps the area on record');
      assert.equal(r101.source, 'import');
      const r201 = (await owners(staff, room['201']!)).body;
      assert.deepEqual(
        r201.owners.map((o) => [o.name, o.share]),
        [
          ['陈静', 50],
          ['张伟', 50],
        ],
      );
      assert.equal(r201.registeredArea, 71.05);
      const r202 = (await owners(grid, room['202']!)).body;
      assert.deepEqual(
        r202.owners.map((o) => [o.name, o.kind, o.documentType]),
        [['上海云南置业有限公司', 'developer', 'uscc']],
        "an organisation's name is not masked",
      );
      const history = await tp.platform.database.db
        .selectFrom('registry_changes')
        .select('entity_id')
        .where('action', '=', 'owners_import')
        .execute();
      assert.equal(history.length, 3);

      const again = await importDone(
        staff,
        'owners',
        COMMITTEE,
        await zipBytes(
          excelWorkbook([
            OWNERS_HEAD.split(','),
            ...file
              .trim()
              .split('\n')
              .slice(1)
              .map((l) => l.split(',')),
          ]),
        ),
        'owners.xlsx',
      );
      assert.deepEqual(
        [again.status, again.inserted, again.updated, again.unchanged],
        ['done', 0, 0, 4],
      );

      const summary = await staff.get<OwnersSummary>(
        `/api/registry/owners/summary?area=${COMMITTEE}`,
      );
      assert.equal(summary.status, 200, JSON.stringify(summary.body));
      assert.deepEqual(
        [
          summary.body.roomsWithOwners,
          summary.body.registeredArea,
          summary.body.owners,
          summary.body.developerRooms,
          summary.body.roomsWithoutArea,
        ],
        [4, 227.57, 4, 1, 1],
      );
    });

    it('when an owners file has bad rows, then each is reported and no room is half replaced', async () => {
      const before201 = (await owners(staff, room['201']!)).body.owners;
      const before101 = (await owners(staff, room['101']!)).body.owners;
      const bad = people.b.slice(0, 17) + (people.b[17] === '1' ? '2' : '1');
      const file = csv(OWNERS_HEAD, [
        `${COMPOUND},8号楼,1单元,101,李娜,,居民身份证,${people.b},100,`,
        `${COMPOUND},8号楼,1单元,201,陈静,,居民身份证,${people.d},60,`,
        `${COMPOUND},8号楼,1单元,201,张伟,,居民身份证,${people.a},30,`,
        `${COMPOUND},8号楼,1单元,999,张伟,,居民身份证,${people.a},100,`,
        `${COMPOUND},8号楼,1单元,202,赵六,,居民身份证,${bad},100,`,
        `${COMPOUND},8号楼,1单元,102,某公司,个人,统一社会信用代码,${developer},100,`,
      ]);
      const done = await importDone(staff, 'owners', COMMITTEE, file);
      assert.equal(done.status, 'failed', JSON.stringify(done));
      const byRow = (row: number) => done.problems.filter((p) => p.row === row).map((p) => p.field);
      assert.deepEqual(byRow(2), [], 'the good row is not blamed');
      assert.deepEqual(byRow(3), ['份额 (share)']);
      assert.deepEqual(byRow(4), ['份额 (share)']);
      assert.match(done.problems.find((p) => p.row === 3)!.reason, /90 %/);
      assert.deepEqual(byRow(5), ['室号 (room)']);
      assert.deepEqual(byRow(6), ['证件号码 (document_number)']);
      assert.deepEqual(byRow(7), ['产权人类型 (owner_kind)']);
      assert.ok(!JSON.stringify(done.problems).includes(people.a), 'no number in the report');
      assert.deepEqual((await owners(staff, room['201']!)).body.owners, before201);
      assert.deepEqual((await owners(staff, room['101']!)).body.owners, before101);

      const masked = await staff.get<string>(`/api/registry/export?kind=owners&area=${COMMITTEE}`);
      assert.equal(masked.status, 200);
      assert.match(masked.body, /产权人/);
      assert.ok(!masked.body.includes(people.a) && masked.body.includes('王*'), masked.body);
    });

    it('when the owners are cleared, then the room has no record left', async () => {
      const r = await put(staff, room['102']!, { owners: [] });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(
        [r.body.owners.length, r.body.registeredArea, r.body.source],
        [0, null, null],
      );
    });

    it("when two staff set a room's first owners at the same moment, then one replaces the other and the shares add up to 100 %", async () => {
      for (let round = 0; round < 3; round++) {
        assert.equal((await put(staff, room['102']!, { owners: [] })).status, 200);
        const [x, y] = await Promise.all([
          put(staff, room['102']!, {
            owners: [
              { name: '张伟', documentType: 'resident_id', documentNumber: people.a, share: 100 },
            ],
          }),
          put(staff, room['102']!, {
            owners: [
              { name: '李娜', documentType: 'resident_id', documentNumber: people.b, share: 100 },
            ],
          }),
        ]);
        assert.deepEqual([x.status, y.status], [200, 200], JSON.stringify([x.body, y.body]));
        const now = (await owners(staff, room['102']!)).body.owners;
        assert.equal(now.length, 1, JSON.stringify(now));
        assert.equal(
          now.reduce((sum, o) => sum + o.share, 0),
          100,
        );
      }
    });
  });
}
