import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { OneScreen, RegistryImport, Resident } from '@cc/contracts';
import {
  DATABASES,
  DEMO,
  startTestPlatform,
  UNMASKED_ID,
  UNMASKED_PHONE,
  type Client,
  type TestPlatform,
} from '../../testing.js';
import { fakeResidentId, residentIdCheckChar } from './documents.js';
import { readXlsxOnWorker } from './import-files.js';
import { excelWorkbook, zipBytes } from './test-workbooks.js';

const COMMITTEE = '310101002001'; // 云南中路居委会
const OTHER = '310101002002'; // 龙泉园路居委会
const STREET = '310101002000';
const COMPOUND = '云南中路花园';
const GRID = '310101002001-G1';
const OTHER_COMPOUND = '龙泉园路花园';

const HOUSING_HEAD = '小区,楼栋,单元,室号,楼层,建筑面积,用途,产权,居住状态';
const RESIDENT_HEAD =
  '姓名,证件类型,证件号码,手机号,出生日期,性别,户籍类型,国籍,小区,楼栋,单元,室号,户号,与户主关系,标签';

let seq = 0;
/** a fresh valid ID: fake county */
function newId(birth = '1950-03-04', sex: 'male' | 'female' = 'female'): string {
  seq++;
  const day = String(1 + (seq % 28)).padStart(2, '0');
  return fakeResidentId('310101', `${birth.slice(0, 8)}${day}`, sex, () => (seq * 0.6180339) % 1);
}
const phone = () => `139${String(10_000_000 + seq * 7919).slice(-8)}`;

const csv = (head: string, rows: string[]) => `\uFEFF${head}\n${rows.join('\n')}\n`;

async function importFile(
  c: Client,
  kind: string,
  committee: string,
  content: string | Uint8Array,
  name = `${kind}.csv`,
) {
  const fd = new FormData();
  fd.append('file', new Blob([content]), name);
  return c.post<RegistryImport>(`/api/registry/imports?kind=${kind}&committee=${committee}`, fd);
}

async function finished(c: Client, id: string): Promise<RegistryImport> {
  for (let i = 0; i < 400; i++) {
    const r = await c.get<RegistryImport>(`/api/registry/imports/${id}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    if (r.body.status !== 'running') return r.body;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error('the import did not finish');
}

async function importDone(
  c: Client,
  kind: string,
  committee: string,
  content: string | Uint8Array,
  name?: string,
) {
  const r = await importFile(c, kind, committee, content, name);
  assert.equal(r.status, 202, JSON.stringify(r.body));
  return finished(c, r.body.id);
}

/** GBK bytes of `text`, by inverting the platform's GBK decoder (tests only). */
function gbk(text: string): Uint8Array {
  const table = new Map<string, number[]>();
  const d = new TextDecoder('gbk');
  for (let hi = 0x81; hi <= 0xfe; hi++)
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = d.decode(Uint8Array.from([hi, lo]));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  const out: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else if (ch === '\uFEFF') continue;
    else out.push(...(table.get(ch) ?? assert.fail(`no GBK for ${ch}`)));
  }
  return Uint8Array.from(out);
}

/** An exact lookup, as the desk makes it: the value in the body, with a reason. */
const lookup = (c: Client, body: Record<string, unknown>) =>
  c.post<{ items: Resident[]; nextCursor: string | null; field?: string; rule?: string }>(
    '/api/registry/residents/lookup',
    {
      reason: '窗口核对身份',
      ...body,
    },
  );

for (const kind of DATABASES) {
  describe(`community registry (${kind})`, () => {
    let tp: TestPlatform;
    let staff: Client;
    let other: Client;
    let admin: Client;
    const people: { id: string; phone: string; name: string }[] = [];
    // one session per account for the whole suite: sign-in is rate-limited per address
    const sessions = new Map<string, Promise<Client>>();
    const signIn = (username: string, password?: string) => {
      let c = sessions.get(username);
      if (!c) sessions.set(username, (c = tp.login(username, password)));
      return c;
    };

    before(async () => {
      tp = await startTestPlatform(kind);
      staff = await signIn('yunnan');
      admin = await signIn('admin');
      const created = await admin.post('/api/accounts', {
        username: 'longquan',
        displayName: '龙泉园路居委会 测试',
        password: 'a-long-password-1',
        roles: [{ role: 'committee_staff', areaCode: OTHER }],
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      other = await tp.login('longquan', 'a-long-password-1');
      const housing = await importDone(
        staff,
        'housing',
        COMMITTEE,
        csv(HOUSING_HEAD, [
          `${COMPOUND},12号楼,1单元,101,1,68.5,住宅,私有,自住`,
          `${COMPOUND},12号楼,1单元,102,1,55,住宅,公房,出租`,
          `${COMPOUND},12号楼,2单元,201,2,80,住宅,私有,空置`,
        ]),
      );
      assert.equal(housing.status, 'done', JSON.stringify(housing));
      assert.equal(housing.inserted, 3);
      const otherHousing = await importDone(
        other,
        'housing',
        OTHER,
        csv(HOUSING_HEAD, [`${OTHER_COMPOUND},1号楼,,101,1,60,住宅,私有,自住`]),
      );
      assert.equal(otherHousing.status, 'done', JSON.stringify(otherHousing));
    });
    after(() => tp.close());

    it('when committee staff import residents, then they are stored encrypted, shown masked, counted on the one screen, and a re-import changes nothing', async () => {
      const before = (await staff.get<OneScreen>(`/api/registry/screen/${COMMITTEE}`)).body;
      const rows = [0, 1, 2].map((i) => {
        const p = {
          id: newId('1948-05-01', i === 1 ? 'male' : 'female'),
          phone: phone(),
          name: `王${'秀英建国'[i]}`,
        };
        people.push(p);
        return `${p.name},居民身份证,${p.id},${p.phone},,,本市户籍,,${COMPOUND},12号楼,1单元,${i === 2 ? 102 : 101},H-${i === 2 ? 2 : 1},${i === 0 ? '户主' : i === 1 ? '配偶' : '户主'},${i === 2 ? '独居老人' : ''}`;
      });
      const file = csv(RESIDENT_HEAD, rows);
      const done = await importDone(staff, 'residents', COMMITTEE, file);
      assert.equal(done.status, 'done', JSON.stringify(done));
      assert.deepEqual([done.inserted, done.updated, done.unchanged, done.rowsRead], [3, 0, 0, 3]);

      const db = tp.platform.database.db;
      const stored = await db
        .selectFrom('residents')
        .selectAll()
        .where('committee_code', '=', COMMITTEE)
        .execute();
      const raw = JSON.stringify(stored);
      for (const p of people) {
        assert.ok(!raw.includes(p.id), 'the ID number is not stored in clear');
        assert.ok(!raw.includes(p.phone), 'the phone is not stored in clear');
      }
      // the first two share household H-1, made in the room of its first row; H-2 is the third's
      const households = await db
        .selectFrom('households')
        .innerJoin('rooms', 'rooms.id', 'households.room_id')
        .select(['households.id', 'households.number', 'rooms.number as room'])
        .where('households.committee_code', '=', COMMITTEE)
        .where('households.number', 'in', ['H-1', 'H-2'])
        .orderBy('households.number')
        .execute();
      assert.deepEqual(
        households.map((h) => [h.number, h.room]),
        [
          ['H-1', '101'],
          ['H-2', '102'],
        ],
      );
      const householdOf = (i: number) =>
        stored.find((r) => r.document_masked.endsWith(people[i]!.id.slice(-4)))?.household_id;
      assert.deepEqual([0, 1, 2].map(householdOf), [
        households[0]!.id,
        households[0]!.id,
        households[1]!.id,
      ]);

      const list = await staff.get<{ items: Resident[] }>(
        `/api/registry/residents?area=${COMMITTEE}&tag=elderly_alone`,
      );
      assert.equal(list.status, 200);
      const mine = list.body.items.find(
        (r) => r.document.endsWith(people[2]!.id.slice(-4)) && r.name === '王*',
      );
      assert.ok(mine, JSON.stringify(list.body.items));
      assert.match(mine.document, /^\d{4}\*{10}\d{3}[\dX]$/);
      assert.match(mine.phone!, /^1\d{2}\*{4}\d{4}$/);
      assert.equal(mine.roomLabel, `${COMPOUND} 12号楼 1单元 102`);

      const screen = (await staff.get<OneScreen>(`/api/registry/screen/${COMMITTEE}`)).body;
      assert.equal(screen.people, true);
      assert.equal(screen.residents.value, before.residents.value! + 3);
      const care = (s: OneScreen) => s.care.find((c) => c.tag === 'elderly_alone')!.count.value!;
      assert.equal(care(screen), care(before) + 1);
      const local = (s: OneScreen) =>
        s.registration.find((r) => r.registration === 'local')!.count.value!;
      assert.equal(local(screen), local(before) + 3);
      // born in 1948: one man and two women on the age pyramid; all three Chinese nationals
      const bySex = (s: OneScreen, sex: 'male' | 'female') =>
        s.pyramid.reduce((n, band) => n + band[sex].value!, 0);
      assert.deepEqual(
        [bySex(screen, 'male'), bySex(screen, 'female')],
        [bySex(before, 'male') + 1, bySex(before, 'female') + 2],
      );
      const chinese = (s: OneScreen) =>
        s.nationalities.find((n) => n.code === 'CHN')?.count.value ?? 0;
      assert.equal(chinese(screen), chinese(before) + 3);

      const again = await importDone(staff, 'residents', COMMITTEE, file);
      assert.deepEqual(
        [again.status, again.inserted, again.updated, again.unchanged],
        ['done', 0, 0, 3],
      );
    });

    it('when a file has every kind of bad row, then each is reported with row, field and reason, and nothing is stored', async () => {
      const count = async () =>
        Number(
          (
            await tp.platform.database.db
              .selectFrom('residents')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const n0 = await count();
      const good = newId();
      const badCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
      const future = `31019020300101901${residentIdCheckChar('31019020300101901')}`;
      const dup = newId();
      const rows = [
        `赵一,居民身份证,${good},${phone()},,,本市户籍,,${COMPOUND},12号楼,1单元,101,,,`,
        `赵二,居民身份证,${badCheck},,,,本市户籍,,,,,,,,`,
        `赵三,居民身份证,${future},,,,本市户籍,,,,,,,,`,
        `赵四,居民身份证,${dup},,,,本市户籍,,,,,,,,`,
        `赵五,居民身份证,${dup},,,,本市户籍,,,,,,,,`,
        `赵六,居民身份证,${newId()},,,,本市户籍,,${COMPOUND},99号楼,1单元,101,,,`,
        `赵七,居民身份证,${newId()},,,,外星户籍,,,,,,,,`,
        `赵八,居民身份证,${newId()},12345,,,本市户籍,,,,,,,,`,
        `赵九,居民身份证,${newId()},,,,本市户籍,,,,,,,,不存在的标签`,
        `,居民身份证,${newId()},,,,本市户籍,,,,,,,,`,
        `Tom,护照,E1234567,,1990-01-01,男,境外人员,USA,,,,,,,`,
        `Ann,护照,E7654321,,2999-01-01,女,境外人员,GBR,,,,,,,`,
      ];
      const done = await importDone(staff, 'residents', COMMITTEE, csv(RESIDENT_HEAD, rows));
      assert.equal(done.status, 'failed');
      const byRow = new Map<number, string>();
      for (const p of done.problems)
        byRow.set(p.row, `${byRow.get(p.row) ?? ''}${p.field} ${p.reason}\n`);
      assert.match(byRow.get(3)!, /证件号码.*check digit/);
      assert.match(byRow.get(4)!, /证件号码.*future/);
      assert.match(byRow.get(6)!, /证件号码.*row 5/);
      assert.match(byRow.get(7)!, /室号.*no such room/);
      assert.match(byRow.get(8)!, /户籍类型.*must be one of/);
      assert.match(byRow.get(9)!, /手机号/);
      assert.match(byRow.get(10)!, /标签.*unknown tag/);
      assert.match(byRow.get(11)!, /姓名.*required/);
      assert.match(byRow.get(13)!, /出生日期.*future/);
      assert.equal(byRow.has(2), false, 'the good rows are not reported');
      assert.equal(byRow.has(12), false);
      assert.equal(await count(), n0, 'nothing stored');

      const report = await staff.get(`/api/registry/imports/${done.id}/report.csv`);
      assert.equal(report.status, 200);
      assert.match(report.body as string, /^\uFEFF?行号 row,字段 field,原因 reason\n3,/);
      assert.equal((report.body as string).trim().split('\n').length, 1 + done.problems.length);
    });

    it('when a file has the wrong columns, is GBK, or is not a workbook, then the import says so clearly', async () => {
      const wrong = await importDone(staff, 'residents', COMMITTEE, csv('名字,身份证', ['a,b']));
      assert.equal(wrong.status, 'failed');
      // unknown columns by their letter, never their text (it may be a person's, without a header)
      assert.match(
        wrong.problems[0]!.reason,
        /missing columns.*姓名.*unknown columns[^:]*: A, B\b/,
      );
      assert.doesNotMatch(wrong.problems[0]!.reason, /名字|身份证,/);

      const p = { id: newId('1990-01-01', 'male'), name: '李建华' };
      const gbkFile = gbk(csv(RESIDENT_HEAD, [`${p.name},居民身份证,${p.id},,,,来沪人员,,,,,,,,`]));
      const viaGbk = await importDone(staff, 'residents', COMMITTEE, gbkFile);
      assert.equal(viaGbk.status, 'done', JSON.stringify(viaGbk));
      assert.match(viaGbk.message ?? '', /GBK/);
      const found = await lookup(staff, { area: COMMITTEE, document: p.id });
      assert.equal(found.body.items[0]?.name, '李**');

      const notBook = await importFile(staff, 'residents', COMMITTEE, 'name,id\n', 'people.xlsx');
      assert.equal(notBook.status, 400);
      assert.match(JSON.stringify(notBook.body), /not an Excel workbook/);
      const elsewhere = await importFile(staff, 'residents', OTHER, csv(RESIDENT_HEAD, []));
      assert.equal(elsewhere.status, 403);
      const badKind = await importFile(staff, 'pets', COMMITTEE, csv(RESIDENT_HEAD, []));
      assert.equal(badKind.status, 400);

      // an upload that is not the one file field "file": the part named, nothing kept on disk
      const url = `/api/registry/imports?kind=residents&committee=${COMMITTEE}`;
      const withNote = new FormData();
      withNote.append('file', new Blob([csv(RESIDENT_HEAD, [])]), 'residents.csv');
      withNote.append('note', '三月名册');
      const noFile = new FormData();
      noFile.append('note', '三月名册');
      for (const [body, status, field, rule] of [
        [withNote, 400, 'note', 'unknown-field'],
        [noFile, 400, 'note', 'unknown-field'],
        [new FormData(), 400, 'file', 'required'],
        [{ file: 'a,b' }, 415, 'content-type', 'mediaType'],
      ] as const) {
        const r = await staff.post(url, body);
        assert.equal(r.status, status, JSON.stringify(r.body));
        assert.deepEqual([r.body.field, r.body.rule], [field, rule]);
      }
      const uploads = path.join(tp.platform.deps.config.dataDir, 'imports');
      assert.deepEqual(
        fs.readdirSync(uploads).filter((f) => f.endsWith('.upload')),
        [],
        'no refused upload is left on disk',
      );
    });

    it('when committee staff import an XLSX workbook with two bad rows, then the two are reported; fixed, it imports, and its export in clear imports again changing nothing', async () => {
      // as Excel saves it: texts shared, the phone typed as a number
      const build = async (rows: (string | number)[][]) =>
        new Uint8Array(await zipBytes(excelWorkbook([RESIDENT_HEAD.split(','), ...rows])));
      const a = newId('1985-06-01', 'male');
      const b = newId('1987-06-01', 'female');
      const bad = await build([
        ['周一', '居民身份证', a, 13912345670, '', '', '本市户籍'],
        [
          '周二',
          '居民身份证',
          b.slice(0, 17) + (b[17] === '1' ? '2' : '1'),
          '',
          '',
          '',
          '本市户籍',
        ],
        ['周三', '居民身份证', newId(), '', '', '', '来沪人员', '', COMPOUND, '404号楼', '', '1'],
      ]);
      const failed = await importDone(staff, 'residents', COMMITTEE, bad, 'residents.xlsx');
      assert.equal(failed.format, 'xlsx');
      assert.equal(failed.status, 'failed');
      assert.deepEqual([...new Set(failed.problems.map((p) => p.row))], [3, 4]);

      const fixed = await build([
        ['周一', '居民身份证', a, 13912345670, '', '', '本市户籍'],
        ['周二', '居民身份证', b, '', '', '', '本市户籍'],
      ]);
      const ok = await importDone(staff, 'residents', COMMITTEE, fixed, 'residents.xlsx');
      assert.equal(ok.status, 'done', JSON.stringify(ok));
      assert.equal(ok.inserted, 2);

      const exported = await fetch(
        `${tp.baseUrl}/api/registry/export?kind=residents&area=${COMMITTEE}&format=xlsx`,
        {
          headers: { cookie: staff.cookieHeader() },
        },
      );
      assert.equal(exported.status, 200);
      const file = path.join(tp.platform.deps.config.dataDir, 'exported.xlsx');
      fs.writeFileSync(file, Buffer.from(await exported.arrayBuffer()));
      const sheet = [];
      for await (const r of readXlsxOnWorker(file)) sheet.push(r.cells);
      assert.equal(sheet[0]![2], '证件号码');
      const docs = sheet.slice(1).map((cells) => cells[2] ?? '');
      assert.ok(
        docs.some((d) => d.endsWith(a.slice(-4))),
        'the imported people are exported',
      );
      for (const d of docs) assert.doesNotMatch(d, UNMASKED_ID, 'exported masked');

      const inClear = await fetch(
        `${tp.baseUrl}/api/registry/export?kind=residents&area=${COMMITTEE}&format=xlsx&reveal=true&reason=${encodeURIComponent('核对名册')}`,
        { headers: { cookie: staff.cookieHeader() } },
      );
      assert.equal(inClear.status, 200);
      const again = await importDone(
        staff,
        'residents',
        COMMITTEE,
        new Uint8Array(await inClear.arrayBuffer()),
        'exported.xlsx',
      );
      assert.equal(again.status, 'done', JSON.stringify(again));
      assert.deepEqual([again.inserted, again.updated], [0, 0], 'the export imports unchanged');
      assert.ok(again.unchanged >= 2);
    });

    it('when a resident is added, changed, moved and moves out, then each step is checked and kept in the history', async () => {
      const rooms = (await staff.get(`/api/registry/rooms?area=${COMMITTEE}`)).body.items as {
        id: string;
        number: string;
        occupancy: string;
      }[];
      const room101 = rooms.find((r) => r.number === '101')!;
      const room102 = rooms.find((r) => r.number === '102')!;
      const id = newId('1960-02-01', 'male');
      const bad = await staff.post('/api/registry/residents', {
        name: '孙大明',
        documentType: 'resident_id',
        documentNumber: id.slice(0, 17) + (id[17] === '3' ? '4' : '3'),
        registration: 'local',
        roomId: room101.id,
      });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.field, 'documentNumber');
      assert.match(bad.body.message, /check digit/);

      const created = await staff.post<Resident>('/api/registry/residents', {
        name: '孙大明',
        documentType: 'resident_id',
        documentNumber: id,
        phone: '+86 139-0000-1234',
        registration: 'local',
        roomId: room101.id,
        householdNumber: 'H-9',
        relation: 'head',
        tags: ['veteran'],
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.name, '孙**');
      assert.equal(created.body.phone, '139****1234');
      assert.equal(created.body.sex, 'male');

      const twice = await staff.post('/api/registry/residents', {
        name: '孙大明',
        documentType: 'resident_id',
        documentNumber: id,
        registration: 'local',
        committeeCode: COMMITTEE,
      });
      assert.equal(twice.status, 409);

      const rid = created.body.id;
      const patched = await staff.request<Resident>('PATCH', `/api/registry/residents/${rid}`, {
        tags: ['veteran', 'key_care'],
      });
      assert.deepEqual(patched.body.tags, ['key_care', 'veteran']);
      const badTag = await staff.request('PATCH', `/api/registry/residents/${rid}`, {
        tags: ['nope'],
      });
      assert.equal(badTag.status, 400);
      const moved = await staff.post<Resident>(`/api/registry/residents/${rid}/move`, {
        roomId: room102.id,
      });
      assert.equal(moved.body.roomId, room102.id);
      const foreignRoom = (await other.get(`/api/registry/rooms?area=${OTHER}`)).body.items[0]
        .id as string;
      const notMine = await staff.post(`/api/registry/residents/${rid}/move`, {
        roomId: foreignRoom,
      });
      assert.equal(notMine.status, 400, 'a room of another committee is not one to move into');
      const out = await staff.post<Resident>(`/api/registry/residents/${rid}/move-out`, {
        note: '搬至外省',
      });
      assert.equal(out.body.status, 'moved_out');
      assert.equal((await staff.post(`/api/registry/residents/${rid}/move-out`, {})).status, 409);
      const byNumber = { area: COMMITTEE, document: id };
      assert.deepEqual(
        (await lookup(staff, byNumber)).body.items,
        [],
        'moved out: not in the lookup',
      );
      assert.deepEqual(
        (await lookup(staff, { ...byNumber, status: 'moved_out' })).body.items.map((r) => r.id),
        [rid],
      );

      const history = await staff.get(`/api/registry/residents/${rid}/history`);
      assert.deepEqual(
        history.body.items.map((h: { action: string }) => h.action),
        ['move_out', 'move', 'update', 'create'],
      );
      assert.equal(
        history.body.items[0].actor,
        DEMO.accounts.find((a) => a.username === 'yunnan')!.displayName,
      );
      assert.ok(!JSON.stringify(history.body).includes(id), 'no ID number in the history');
    });

    it("when someone asks for another committee's residents, then every endpoint answers 404 or 403 and never data", async () => {
      const theirNumber = newId('1970-01-01', 'female');
      const theirs = await other.post<Resident>('/api/registry/residents', {
        name: '钱小红',
        documentType: 'resident_id',
        documentNumber: theirNumber,
        registration: 'migrant',
        committeeCode: OTHER,
      });
      assert.equal(theirs.status, 201, JSON.stringify(theirs.body));
      const id = theirs.body.id;
      const calls: [string, string, unknown?][] = [
        ['GET', `/api/registry/residents/${id}`],
        ['PATCH', `/api/registry/residents/${id}`, { tags: [] }],
        ['POST', `/api/registry/residents/${id}/move`, { roomId: id }],
        ['POST', `/api/registry/residents/${id}/move-out`, {}],
        ['POST', `/api/registry/residents/${id}/reveal`, { reason: '核查信息' }],
        ['GET', `/api/registry/residents/${id}/history`],
      ];
      for (const [method, url, body] of calls) {
        const r = await staff.request(method, url, body);
        assert.ok([400, 404].includes(r.status), `${method} ${url}: ${r.status}`);
        assert.ok(!JSON.stringify(r.body).includes('钱'), `${method} ${url} leaks`);
      }
      for (const url of [
        `/api/registry/residents?area=${OTHER}`,
        `/api/registry/rooms?area=${OTHER}`,
        `/api/registry/buildings?area=${OTHER}`,
        `/api/registry/export?kind=residents&area=${OTHER}`,
        `/api/registry/imports?committee=${OTHER}`,
        `/api/registry/screen/310104000000`,
      ])
        assert.equal((await staff.get(url)).status, 403, url);
      // a lookup by their number within one's own committee: no one, not a 403 that confirms them
      const lookedUp = await lookup(staff, { area: COMMITTEE, document: theirNumber });
      assert.equal(lookedUp.status, 200);
      assert.deepEqual(lookedUp.body.items, []);

      const district = await signIn('huangpu');
      assert.equal((await district.get(`/api/registry/residents?area=${COMMITTEE}`)).status, 403);
      assert.equal((await district.get(`/api/registry/residents/${id}`)).status, 404);
      const screen = await district.get<OneScreen>(`/api/registry/screen/310101000000`);
      assert.equal(screen.status, 200);
      assert.equal(screen.body.people, false);
      assert.ok(
        screen.body.care.every(
          (c) => c.count.value === null || c.count.value === 0 || c.count.value >= 5,
        ),
        'small groups are hidden from aggregate viewers',
      );

      const street = await signIn('nanjingdong');
      assert.equal((await street.get(`/api/registry/residents?area=${STREET}`)).status, 403);
      const byName = await lookup(street, { area: STREET, name: '钱小红' });
      assert.equal(byName.status, 200);
      assert.deepEqual(
        byName.body.items.map((r) => r.name),
        ['钱**'],
      );
      const byNumber = await lookup(street, { area: STREET, document: theirNumber });
      assert.deepEqual(
        byNumber.body.items.map((r) => [r.id, r.document]),
        [[id, `${theirNumber.slice(0, 4)}**********${theirNumber.slice(-4)}`]],
      );
    });

    it('when committee staff reveal a number with a reason, then it is shown, audited with the reason, and other roles may not', async () => {
      const p = people[0]!;
      const list = await lookup(staff, { area: COMMITTEE, document: p.id });
      const rid = list.body.items[0]!.id;
      const history = (await staff.get(`/api/registry/residents/${rid}/history`)).body;
      assert.equal(history.items.at(-1).action, 'import_create');
      assert.deepEqual(history.items.at(-1).changes, { file: 'residents.csv' });
      assert.equal((await staff.post(`/api/registry/residents/${rid}/reveal`, {})).status, 400);
      const shown = await staff.post(`/api/registry/residents/${rid}/reveal`, {
        reason: '核对低保申请材料',
      });
      assert.equal(shown.status, 200);
      assert.equal(shown.body.document, p.id);
      assert.equal(shown.body.phone, p.phone);
      const audit = await admin.get('/api/audit?action=registry.resident.reveal');
      const row = audit.body.items.find((a: { objectId: string }) => a.objectId === rid);
      assert.equal(row.detail.reason, '核对低保申请材料');
      assert.equal(row.actorName, 'yunnan');

      const grid = await signIn('grid');
      assert.equal(
        (await grid.get(`/api/registry/residents/${rid}`)).status,
        200,
        'the grid leader sees the person, masked',
      );
      assert.equal(
        (await grid.post(`/api/registry/residents/${rid}/reveal`, { reason: '核对信息一下' }))
          .status,
        403,
      );
    });

    it('when the street compares its committees per 10,000 residents, then the figure is the cases over the registered residents', async () => {
      const inspector = await signIn('inspector');
      const here = await tp.centreOf(COMMITTEE);
      for (let i = 0; i < 2; i++) {
        const r = await inspector.post('/api/cases', {
          scenarioCode: 'illegal-parking',
          description: '每万人测试',
          attributes: {},
          ...here,
        });
        assert.equal(r.status, 201, JSON.stringify(r.body));
      }
      const street = await signIn('nanjingdong');
      const from = new Date(Date.now() - 3_600_000).toISOString();
      const cmp = await street.get(
        `/api/dashboards/${STREET}/compare?indicator=cases.reported&perTenThousand=true&from=${from}`,
      );
      assert.equal(cmp.status, 200, JSON.stringify(cmp.body));
      const mine = cmp.body.items.find(
        (i: { area: { code: string } }) => i.area.code === COMMITTEE,
      );
      const screen = (await staff.get<OneScreen>(`/api/registry/screen/${COMMITTEE}`)).body;
      assert.equal(mine.residents, screen.residents.value);
      assert.ok(mine.value >= 2);
      assert.equal(mine.perTenThousand, Math.round((mine.value / mine.residents) * 100_000) / 10);
      assert.equal(cmp.body.perTenThousand, true);
      assert.equal(cmp.body.items[0].area.code, COMMITTEE, 'the highest per head first');
      const unfair = await street.get(
        `/api/dashboards/${STREET}/compare?indicator=cases.on_time_rate&perTenThousand=true`,
      );
      assert.equal(unfair.status, 400);
      assert.equal(unfair.body.field, 'perTenThousand');
    });

    it("when a street's one screen is read twice, then both times its figures are its committees' added up", async () => {
      const street = await signIn('nanjingdong');
      const first = await street.get<OneScreen>(`/api/registry/screen/${STREET}`);
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.deepEqual(
        (await street.get<OneScreen>(`/api/registry/screen/${STREET}`)).body,
        first.body,
      );
      const committees: OneScreen[] = [];
      for (const c of first.body.children) {
        const r = await street.get<OneScreen>(`/api/registry/screen/${c.area.code}`);
        assert.equal(r.status, 200, c.area.code);
        committees.push(r.body);
      }
      const sum = (f: (s: OneScreen) => number) => committees.reduce((a, s) => a + f(s), 0);
      assert.ok(first.body.housing.rooms > 0, 'the street has housing');
      assert.equal(
        first.body.housing.rooms,
        sum((s) => s.housing.rooms),
      );
      assert.equal(
        first.body.housing.buildings,
        sum((s) => s.housing.buildings),
      );
      assert.equal(
        first.body.households,
        sum((s) => s.households),
      );
      for (const [i, o] of first.body.housing.occupancy.entries())
        assert.equal(
          o.rooms,
          sum((s) => s.housing.occupancy[i]!.rooms),
          o.occupancy,
        );
      for (const [i, o] of first.body.organisations.entries())
        assert.equal(
          o.count,
          sum((s) => s.organisations[i]!.count),
          o.kind,
        );
      // (people are counted too, but a committee's count below five is hidden from the street)
    });

    it('when every role reads every registry endpoint, then no response holds an unmasked ID number or phone', async () => {
      const rid = (
        await staff.get<{ items: Resident[] }>(`/api/registry/residents?area=${COMMITTEE}`)
      ).body.items[0]!.id;
      const urls = [
        `/api/registry/screen/${COMMITTEE}`,
        `/api/registry/screen/${STREET}`,
        `/api/registry/screen/310101000000`,
        `/api/registry/screen/310000000000`,
        `/api/registry/residents?area=${COMMITTEE}`,
        `/api/registry/residents?area=${COMMITTEE}&limit=500&status=moved_out`,
        `/api/registry/residents?area=${STREET}&name=${encodeURIComponent('王')}`,
        `/api/registry/residents/${rid}`,
        `/api/registry/residents/${rid}/history`,
        `/api/registry/buildings?area=${COMMITTEE}`,
        `/api/registry/rooms?area=${COMMITTEE}`,
        `/api/registry/organisations?area=${COMMITTEE}`,
        `/api/registry/imports?committee=${COMMITTEE}`,
        `/api/registry/export?kind=residents&area=${COMMITTEE}`,
        `/api/registry/export?kind=organisations&area=${COMMITTEE}`,
        `/api/registry/tags`,
      ];
      let read = 0;
      for (const account of DEMO.accounts) {
        const c = await signIn(account.username);
        for (const url of urls) {
          const r = await c.get(url);
          const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
          assert.ok(
            !UNMASKED_ID.test(text),
            `${account.username} ${url}: ${UNMASKED_ID.exec(text)?.[0]}`,
          );
          assert.ok(
            !UNMASKED_PHONE.test(text),
            `${account.username} ${url}: ${UNMASKED_PHONE.exec(text)?.[0]}`,
          );
          if (r.status === 200) read++;
        }
      }
      assert.ok(read > urls.length, 'the scan read real answers');
    });

    it('when a grid leader sends an exact document or phone filter, then the list refuses it by name and the lookup refuses the role, audited', async () => {
      const grid = await signIn('grid');
      const p = people[0]!;
      for (const [field, value] of [
        ['document', p.id],
        ['phone', p.phone],
      ] as const) {
        const r = await grid.get(`/api/registry/residents?area=${GRID}&${field}=${value}`);
        assert.equal(r.status, 400, `GET ${field}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.field, field);
        assert.ok(!JSON.stringify(r.body).includes(value), 'the value is not echoed');
        const l = await lookup(grid, { area: GRID, [field]: value });
        assert.equal(l.status, 403, `lookup ${field}: ${JSON.stringify(l.body)}`);
        assert.equal(l.body.field, field);
      }
      const audit = await admin.get(
        '/api/audit?action=registry.resident.lookup&actor=grid&outcome=denied',
      );
      assert.ok(audit.body.items.length >= 2, 'the refused lookups are audited');
      assert.ok(!JSON.stringify(audit.body).includes(p.id), 'the audit row holds no number');

      const noReason = await staff.post('/api/registry/residents/lookup', {
        area: COMMITTEE,
        document: p.id,
      });
      assert.equal(noReason.status, 400);
      assert.equal(noReason.body.field, 'reason');
      const two = await lookup(staff, { area: COMMITTEE, document: p.id, phone: p.phone });
      assert.equal(two.status, 400);
      assert.equal(two.body.field, 'phone');
      assert.equal(two.body.rule, 'oneOf');
    });

    it('when committee staff look a person up by document or phone, then they get that person masked, each lookup audited with its reason and no value, and past the hourly allowance a 429 with Retry-After', async () => {
      const made = await admin.post('/api/accounts', {
        username: 'yunnan2',
        displayName: '云南中路居委会 测试二',
        password: 'a-long-password-2',
        roles: [{ role: 'committee_staff', areaCode: COMMITTEE }],
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const desk = await signIn('yunnan2', 'a-long-password-2');
      const p = people[1]!;
      const byPhone = await lookup(desk, { area: COMMITTEE, phone: p.phone, reason: '核对来电人' });
      assert.equal(byPhone.status, 200, JSON.stringify(byPhone.body));
      assert.deepEqual(
        byPhone.body.items.map((r) => r.phone),
        [`${p.phone.slice(0, 3)}****${p.phone.slice(-4)}`],
      );
      const audit = await admin.get('/api/audit?action=registry.resident.lookup&actor=yunnan2');
      const row = audit.body.items[0];
      assert.equal(row.detail.reason, '核对来电人');
      assert.equal(row.detail.by, 'phone');
      assert.deepEqual(row.detail.found, [byPhone.body.items[0]!.id]);
      assert.ok(!JSON.stringify(row).includes(p.phone), 'no phone in the audit row');

      const limit = tp.platform.deps.config.registryLookupsPerHour;
      for (let i = 1; i < limit; i++) {
        const r = await lookup(desk, { area: COMMITTEE, document: p.id });
        assert.equal(r.status, 200, `lookup ${i + 1}`);
      }
      const over = await lookup(desk, { area: COMMITTEE, document: p.id });
      assert.equal(over.status, 429, JSON.stringify(over.body));
      assert.ok(Number(over.headers.get('retry-after')) > 0, 'Retry-After');
      assert.ok(!JSON.stringify(over.body).includes(p.id));
      // another account's allowance is its own
      assert.equal((await lookup(staff, { area: COMMITTEE, document: p.id })).status, 200);
    });

    it('when people are listed, then the audit log says who listed what and how many rows, with no personal value', async () => {
      const r = await staff.get<{ items: Resident[] }>(
        `/api/registry/residents?area=${COMMITTEE}&name=${encodeURIComponent('王')}&tag=elderly_alone&ageFrom=60`,
      );
      assert.equal(r.status, 200);
      const audit = await admin.get('/api/audit?action=registry.resident.list&actor=yunnan');
      const row = audit.body.items[0];
      assert.equal(row.objectId, COMMITTEE);
      assert.equal(row.detail.returned, r.body.items.length);
      assert.equal(row.detail.filters.tag, 'elderly_alone');
      assert.equal(row.detail.filters.ageFrom, 60);
      assert.ok(row.detail.filters.name, 'a name filter is said to be given');
      assert.ok(!JSON.stringify(row).includes('王'), 'but not what it was');
    });

    it('when a list has further pages, then its cursor is opaque, works only for who got it, and one that does not verify is a 400 naming cursor', async () => {
      const first = await staff.get<{ items: Resident[]; nextCursor: string }>(
        `/api/registry/residents?area=${COMMITTEE}&limit=1`,
      );
      const cursor = first.body.nextCursor;
      assert.ok(cursor, 'a next page');
      const raw = Buffer.from(cursor, 'base64url');
      for (const p of people) {
        assert.ok(!raw.includes(Buffer.from(p.name)), 'no name in the cursor');
        assert.ok(!raw.includes(Buffer.from(JSON.stringify(p.name))), 'nor its JSON');
      }
      assert.ok(!raw.includes(Buffer.from(first.body.items[0]!.id)), 'nor the id');
      const next = await staff.get<{ items: Resident[] }>(
        `/api/registry/residents?area=${COMMITTEE}&limit=1&cursor=${cursor}`,
      );
      assert.equal(next.status, 200);
      assert.notEqual(next.body.items[0]?.id, first.body.items[0]?.id);

      const tampered = cursor.slice(0, 20) + (cursor[20] === 'A' ? 'B' : 'A') + cursor.slice(21);
      const oldStyle = Buffer.from(JSON.stringify(['王', first.body.items[0]!.id])).toString(
        'base64url',
      );
      const grid = await signIn('grid');
      for (const [who, c] of [
        [staff, tampered],
        [staff, 'garbage!'],
        [staff, oldStyle],
        [grid, cursor], // another account's cursor
      ] as const) {
        const r = await who.get(`/api/registry/residents?area=${GRID}&limit=1&cursor=${c}`);
        assert.equal(r.status, 400, `${c}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.field, 'cursor');
      }

      const rooms = await staff.get(`/api/registry/rooms?area=${COMMITTEE}&limit=1`);
      const roomCursor = rooms.body.nextCursor as string;
      assert.doesNotMatch(roomCursor, /^[0-9a-f-]{36}$/, 'not a bare id');
      const more = await staff.get(
        `/api/registry/rooms?area=${COMMITTEE}&limit=1&cursor=${roomCursor}`,
      );
      assert.equal(more.status, 200);
      assert.notEqual(more.body.items[0].id, rooms.body.items[0].id);
      for (const c of ['not-a-uuid', '00000000-0000-0000-0000-000000000000']) {
        const r = await staff.get(`/api/registry/rooms?area=${COMMITTEE}&cursor=${c}`);
        assert.equal(r.status, 400, `${c}: ${r.status}`);
        assert.equal(r.body.field, 'cursor');
      }
    });

    it('when the street operator tries to browse, then prefixes, tags and lists are refused naming the filter, and only an exact name or number finds one person', async () => {
      const street = await signIn('nanjingdong');
      for (const [url, field] of [
        [`/api/registry/residents?area=${STREET}&name=${encodeURIComponent('王')}`, 'name'],
        [`/api/registry/residents?area=${STREET}&tag=elderly_alone`, 'tag'],
        [`/api/registry/residents?area=${COMMITTEE}&tag=elderly_alone`, 'tag'],
        [`/api/registry/residents?area=${COMMITTEE}&sex=female`, 'sex'],
        [`/api/registry/residents?area=${COMMITTEE}`, 'area'],
      ] as const) {
        const r = await street.get(url);
        assert.equal(r.status, 403, url);
        assert.equal(r.body.field, field, url);
      }
      const prefix = await lookup(street, { area: STREET, name: '王' });
      assert.equal(prefix.status, 200);
      assert.deepEqual(prefix.body.items, [], 'a prefix finds no one');
      const exact = await lookup(street, { area: STREET, name: people[0]!.name });
      assert.deepEqual(
        exact.body.items.map((r) => r.name),
        [`${people[0]!.name[0]}*`],
      );
      assert.equal(exact.body.nextCursor, null);
      const withTag = await lookup(street, { area: STREET, name: people[0]!.name, tag: 'veteran' });
      assert.equal(withTag.status, 400);
      assert.equal(withTag.body.field, 'tag');
      const byPhone = await lookup(street, { area: STREET, phone: people[0]!.phone });
      assert.equal(byPhone.status, 403);
      assert.equal(byPhone.body.field, 'phone');
      const audit = await admin.get('/api/audit?action=registry.resident.lookup&actor=nanjingdong');
      assert.ok(audit.body.items.some((a: { detail: { by: string } }) => a.detail.by === 'name'));
    });

    it("when roles that may not reveal list organisations, then the contact's name is masked; committee staff see it", async () => {
      const made = await staff.post('/api/registry/organisations', {
        committeeCode: COMMITTEE,
        name: '云南中路物业',
        kind: 'property',
        contactName: '赵国庆',
        contactPhone: '13912345678',
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const contactOf = async (c: Client) =>
        (await c.get(`/api/registry/organisations?area=${COMMITTEE}`)).body.items.find(
          (o: { name: string }) => o.name === '云南中路物业',
        );
      assert.equal((await contactOf(staff)).contactName, '赵国庆');
      for (const who of ['nanjingdong', 'huangpu']) {
        const o = await contactOf(await signIn(who));
        assert.equal(o.contactName, '赵**', who);
        assert.equal(o.contactPhone, '139****5678', who);
      }
    });

    it('when a number registered elsewhere is registered again, then the 409 says neither where nor that it is outside the committee', async () => {
      const theirs = newId('1971-01-01', 'male');
      const created = await other.post('/api/registry/residents', {
        name: '孙外委',
        documentType: 'resident_id',
        documentNumber: theirs,
        registration: 'local',
        committeeCode: OTHER,
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const again = await staff.post('/api/registry/residents', {
        name: '孙外委',
        documentType: 'resident_id',
        documentNumber: theirs,
        registration: 'local',
        committeeCode: COMMITTEE,
      });
      assert.equal(again.status, 409);
      assert.doesNotMatch(again.body.message, /龙泉|another|other committee|原居委|其他/);
      const mine = await staff.post('/api/registry/residents', {
        name: people[0]!.name,
        documentType: 'resident_id',
        documentNumber: people[0]!.id,
        registration: 'local',
        committeeCode: COMMITTEE,
      });
      assert.equal(mine.status, 409);
      assert.equal(mine.body.message, again.body.message, 'the same answer in scope and out');
    });

    it('when a committee extends the tag dictionary, then the audit log says who added what', async () => {
      const r = await staff.post('/api/registry/tags', {
        code: 'lonely_pet_owner',
        name: '独居养宠',
        nameEn: 'Lives alone with pets',
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const audit = await admin.get('/api/audit?action=registry.tag.create&actor=yunnan');
      assert.equal(audit.body.items[0]?.objectId, 'lonely_pet_owner');
    });

    it("when a grid leader exports the grid and staff a compound, then each file has the area's rows, masked", async () => {
      const grid = await signIn('grid');
      for (const [who, area] of [
        [grid, GRID],
        [staff, `${GRID}-C1`],
      ] as const) {
        const r = await who.get(`/api/registry/export?kind=residents&area=${area}`);
        assert.equal(r.status, 200, area);
        const text = String(r.body);
        const lines = text.trim().split('\n');
        assert.ok(lines.length > 3, `${area}: ${lines.length} lines`);
        for (const p of people) assert.ok(text.includes(p.id.slice(-4)), `${area} has ${p.name}`);
        assert.doesNotMatch(text, UNMASKED_ID);
        const housing = await who.get(`/api/registry/export?kind=housing&area=${area}`);
        assert.ok(String(housing.body).includes('12号楼'), `${area} housing`);
      }
    });
  });
}
