import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { CallList, RegistryImport, Resident, ResidentReveal } from '@cc/contracts';
import { createDataCipher } from '../../platform/crypto.js';
import {
  DATABASES,
  startTestPlatform,
  UNMASKED_PHONE,
  type Client,
  type TestPlatform,
} from '../../testing.js';
import { checkPhone, fakeResidentId } from './documents.js';
import { phoneHmac } from './records.js';
import { registryRekeyers } from './rekey.js';

const COMMITTEE = '310101002001'; // 云南中路居委会
const OTHER = '310101002002'; // 龙泉园路居委会
const COMPOUND = '云南中路花园';
const OTHER_COMPOUND = '龙泉园路花园';
const HOUSING_HEAD = '小区,楼栋,单元,室号,楼层,建筑面积,用途,产权,居住状态';
const RESIDENT_HEAD =
  '姓名,证件类型,证件号码,手机号,出生日期,性别,户籍类型,国籍,小区,楼栋,单元,室号,户号,与户主关系,标签';
const REASON = '寒潮来临，逐户电话问候独居老人';
const csv = (head: string, rows: string[]) => `\uFEFF${head}\n${rows.join('\n')}\n`;

interface Person {
  name: string;
  id: string;
  phone: string;
  room: string;
  tags: string;
}
let seq = 0;
function person(name: string, room: string, tags: string, birth = '1940-01-01'): Person {
  seq++;
  const day = String(1 + (seq % 28)).padStart(2, '0');
  return {
    name,
    id: fakeResidentId('310101', `${birth.slice(0, 8)}${day}`, 'female', () => (seq * 0.381) % 1),
    phone: `1365${String(1_000_000 + seq * 7919).slice(-7)}`,
    room,
    tags,
  };
}
/** five elderly living alone in 9号楼, one neighbour who is not */
const ELDERLY = ['周秀兰', '吴桂英', '郑玉珍', '冯淑华', '陈凤英'].map((n, i) =>
  person(n, String(101 + i), '独居老人'),
);
const NEIGHBOUR = person('蒋志强', '106', '', '1975-06-01');
const FAR_ELDER = person('韩素珍', '201', '独居老人');

const residentRows = (people: Person[], compound: string, building: string) =>
  people.map(
    (p) =>
      `${p.name},居民身份证,${p.id},${p.phone},,,本市户籍,,${compound},${building},1单元,${p.room},H9-${p.room},户主,${p.tags}`,
  );

async function importDone(c: Client, kind: string, committee: string, content: string) {
  const fd = new FormData();
  fd.append('file', new Blob([content]), `${kind}.csv`);
  const r = await c.post<RegistryImport>(
    `/api/registry/imports?kind=${kind}&committee=${committee}`,
    fd,
  );
  assert.equal(r.status, 202, JSON.stringify(r.body));
  for (let i = 0; i < 400; i++) {
    const p = await c.get<RegistryImport>(`/api/registry/imports/${r.body.id}`);
    if (p.body.status !== 'running') {
      assert.equal(p.body.status, 'done', JSON.stringify(p.body));
      return p.body;
    }
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error('the import did not finish');
}

for (const kind of DATABASES) {
  describe(`emergency contacts and care call lists (${kind})`, () => {
    let tp: TestPlatform;
    let staff: Client;
    let other: Client;
    const ids = new Map<string, string>(); // name → resident id

    before(async () => {
      tp = await startTestPlatform(kind);
      staff = await tp.login('yunnan');
      const admin = await tp.login('admin');
      const created = await admin.post('/api/accounts', {
        username: 'longquan2',
        displayName: '龙泉园路居委会 测试',
        password: 'a-long-password-1',
        roles: [{ role: 'committee_staff', areaCode: OTHER }],
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      other = await tp.login('longquan2', 'a-long-password-1');
      await importDone(
        staff,
        'housing',
        COMMITTEE,
        csv(
          HOUSING_HEAD,
          ['101', '102', '103', '104', '105', '106'].map(
            (room) => `${COMPOUND},9号楼,1单元,${room},1,55,住宅,私有,自住`,
          ),
        ),
      );
      await importDone(
        other,
        'housing',
        OTHER,
        csv(HOUSING_HEAD, [`${OTHER_COMPOUND},3号楼,1单元,201,2,60,住宅,私有,自住`]),
      );
      await importDone(
        staff,
        'residents',
        COMMITTEE,
        csv(RESIDENT_HEAD, residentRows([...ELDERLY, NEIGHBOUR], COMPOUND, '9号楼')),
      );
      await importDone(
        other,
        'residents',
        OTHER,
        csv(RESIDENT_HEAD, residentRows([FAR_ELDER], OTHER_COMPOUND, '3号楼')),
      );
      const rows = await tp.platform.database.db
        .selectFrom('residents')
        .select(['id', 'name'])
        .execute();
      for (const r of rows) ids.set(r.name, r.id);
      assert.equal(ids.size >= 7, true);
    });
    after(() => tp.close());

    const idOf = (p: Person) => ids.get(p.name)!;
    const stored = (id: string) =>
      tp.platform.database.db
        .selectFrom('residents')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    const revealsOf = (residentIds: string[]) =>
      tp.platform.database.db
        .selectFrom('audit_log')
        .select(['object_id', 'detail', 'actor_name', 'outcome'])
        .where('action', '=', 'registry.resident.reveal')
        .where('object_id', 'in', residentIds)
        .execute();

    it('when staff set an emergency contact, then it is sealed at rest, masked in every answer, and opened only by an audited reveal', async () => {
      const elder = idOf(ELDERLY[0]!);
      const set = await staff.request<Resident>(
        'PUT',
        `/api/registry/residents/${elder}/emergency-contact`,
        {
          name: '周建华',
          relation: 'child',
          phone: '139 1234 5678',
        },
      );
      assert.equal(set.status, 200, JSON.stringify(set.body));
      assert.deepEqual(set.body.emergencyContact, {
        name: '周**',
        relation: 'child',
        phone: '139****5678',
      });

      const row = await stored(elder);
      const raw = JSON.stringify(row);
      assert.equal(raw.includes('周建华'), false, 'the name is not stored in clear');
      assert.equal(raw.includes('13912345678'), false, 'the phone is not stored in clear');
      const cipher = tp.platform.deps.cipher;
      assert.equal(cipher.decrypt(row.contact_name_enc!), '周建华');
      assert.equal(cipher.decrypt(row.contact_phone_enc!), '13912345678');
      assert.equal(row.contact_phone_hmac, phoneHmac(cipher, '13912345678'));
      assert.equal(row.contact_phone_masked, '139****5678');

      const one = await staff.get<Resident>(`/api/registry/residents/${elder}`);
      assert.equal(one.body.emergencyContact?.phone, '139****5678');
      const list = await staff.get(`/api/registry/residents?area=${COMMITTEE}&tag=elderly_alone`);
      assert.equal(list.status, 200);
      assert.equal(JSON.stringify(list.body).includes('周建华'), false);
      assert.doesNotMatch(JSON.stringify(list.body), UNMASKED_PHONE, 'no mobile in clear');

      const before = (await revealsOf([elder])).length;
      const shown = await staff.post<ResidentReveal>(`/api/registry/residents/${elder}/reveal`, {
        reason: '联系家属核实情况',
      });
      assert.equal(shown.status, 200);
      assert.deepEqual(shown.body.emergencyContact, {
        name: '周建华',
        relation: 'child',
        phone: '13912345678',
      });
      const reveals = await revealsOf([elder]);
      assert.equal(reveals.length, before + 1, 'the reveal is audited');

      // a landline is a phone too, kept with its area code
      const landline = await staff.request<Resident>(
        'PUT',
        `/api/registry/residents/${elder}/emergency-contact`,
        { name: '王师傅', relation: 'neighbour', phone: '021-6321 1234' },
      );
      assert.equal(landline.status, 200, JSON.stringify(landline.body));
      assert.equal(landline.body.emergencyContact?.phone, '021****1234');
      assert.equal(cipher.decrypt((await stored(elder)).contact_phone_enc!), '021-63211234');

      const history = await staff.get<{ items: { action: string; changes: object }[] }>(
        `/api/registry/residents/${elder}/history`,
      );
      const changes = history.body.items.filter((i) => 'emergencyContact' in i.changes);
      assert.deepEqual(
        changes.map((c) => (c.changes as Record<string, unknown>).emergencyContact),
        [true, true],
        'named as changed, never its values',
      );
      assert.equal(JSON.stringify(history.body).includes('王师傅'), false);

      const removed = await staff.delete<Resident>(
        `/api/registry/residents/${elder}/emergency-contact`,
      );
      assert.equal(removed.status, 200);
      assert.equal(removed.body.emergencyContact, null);
      const cleared = await stored(elder);
      assert.equal(cleared.contact_name_enc, null);
      assert.equal(cleared.contact_phone_hmac, null);
    });

    it('when the contact is bad or the caller may not change the resident, then the answer names the field or refuses, and nothing is stored', async () => {
      const elder = idOf(ELDERLY[1]!);
      const put = (c: Client, body: Record<string, unknown>, id = elder) =>
        c.request<{ field?: string; rule?: string }>(
          'PUT',
          `/api/registry/residents/${id}/emergency-contact`,
          body,
        );
      const good = { name: '吴国强', relation: 'child', phone: '13800138000' };
      const cases: [Record<string, unknown>, string][] = [
        [{ ...good, phone: '12345' }, 'phone'],
        [{ ...good, phone: '1380013800' }, 'phone'],
        [{ ...good, phone: '010-1234567' }, 'phone'], // a landline starts 2-9
        [{ ...good, name: '吴'.repeat(41) }, 'name'],
        [{ ...good, name: '   ' }, 'name'],
        [{ ...good, phone: '' }, 'phone'],
        [{ ...good, relation: 'boss' }, 'relation'],
      ];
      for (const [body, field] of cases) {
        const r = await put(staff, body);
        assert.equal(r.status, 400, `${JSON.stringify(body)} → ${JSON.stringify(r.body)}`);
        assert.equal(r.body.field, field, JSON.stringify(r.body));
      }
      assert.equal((await stored(elder)).contact_name_enc, null, 'nothing stored');

      // another committee's staff: not found; the grid leader reads but does not change
      assert.equal((await put(other, good)).status, 404);
      const grid = await tp.login('grid');
      assert.equal((await put(grid, good)).status, 403);
      assert.equal(
        (await grid.delete(`/api/registry/residents/${elder}/emergency-contact`)).status,
        403,
      );
      assert.equal((await stored(elder)).contact_name_enc, null, 'still nothing stored');
    });

    it('when staff reveal the call list of the elderly living alone, then every one of them comes in clear with one audit entry each, and no one else', async () => {
      const withContact = idOf(ELDERLY[2]!);
      assert.equal(
        (
          await staff.request('PUT', `/api/registry/residents/${withContact}/emergency-contact`, {
            name: '郑晓明',
            relation: 'grandchild',
            phone: '13700001111',
          })
        ).status,
        200,
      );
      const all = [...ELDERLY, NEIGHBOUR, FAR_ELDER].map(idOf);
      const before = (await revealsOf(all)).length;
      const r = await staff.post<CallList>('/api/registry/call-list', {
        area: COMMITTEE,
        tag: 'elderly_alone',
        reason: REASON,
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.nextCursor, null);
      assert.deepEqual(
        r.body.items.map((i) => i.name).sort(),
        ELDERLY.map((p) => p.name).sort(),
        'the five, and not the neighbour nor the other committee’s elder',
      );
      for (const p of ELDERLY) {
        const item = r.body.items.find((i) => i.name === p.name)!;
        assert.equal(item.phone, p.phone);
        assert.equal(item.roomLabel, `${COMPOUND} 9号楼 1单元 ${p.room}`);
      }
      assert.deepEqual(r.body.items.find((i) => i.id === withContact)?.emergencyContact, {
        name: '郑晓明',
        relation: 'grandchild',
        phone: '13700001111',
      });

      const entries = (await revealsOf(all)).slice(before);
      assert.equal(entries.length, ELDERLY.length, 'one audit entry per person');
      assert.deepEqual(
        entries.map((e) => e.object_id).sort(),
        ELDERLY.map(idOf).sort(),
        'each entry names its person',
      );
      for (const e of entries) {
        const detail = e.detail as Record<string, unknown>;
        assert.equal(detail.reason, REASON);
        assert.equal(detail.callList, 'elderly_alone');
        assert.equal(e.actor_name, 'yunnan');
      }

      // a page at a time: each page reveals (and audits) only its own people
      const first = await staff.post<CallList>('/api/registry/call-list', {
        area: COMMITTEE,
        tag: 'elderly_alone',
        reason: REASON,
        limit: 3,
      });
      assert.equal(first.body.items.length, 3);
      assert.ok(first.body.nextCursor);
      const second = await staff.post<CallList>('/api/registry/call-list', {
        area: COMMITTEE,
        tag: 'elderly_alone',
        reason: REASON,
        limit: 3,
        cursor: first.body.nextCursor,
      });
      assert.equal(second.body.items.length, 2);
      assert.equal(second.body.nextCursor, null);
      assert.deepEqual(
        [...first.body.items, ...second.body.items].map((i) => i.id).sort(),
        ELDERLY.map(idOf).sort(),
      );
      assert.equal((await revealsOf(all)).length, before + ELDERLY.length * 2);
    });

    it('when the call list is asked outside the rules, then it is refused and nothing is revealed', async () => {
      const all = [...ELDERLY, NEIGHBOUR, FAR_ELDER].map(idOf);
      const before = (await revealsOf(all)).filter((e) => e.outcome === 'ok').length;
      const ask = (c: Client, body: Record<string, unknown>) =>
        c.post<{ field?: string; items?: unknown[] }>('/api/registry/call-list', {
          area: COMMITTEE,
          tag: 'elderly_alone',
          reason: REASON,
          ...body,
        });

      // another committee's staff, the grid leader who may not reveal, the street's desk
      const refusals = [
        await ask(other, {}),
        await ask(await tp.login('grid'), {}),
        await ask(await tp.login('nanjingdong'), {}),
      ];
      for (const r of refusals) assert.equal(r.status, 403, JSON.stringify(r.body));
      const theirs = await ask(other, { area: OTHER });
      assert.equal(theirs.status, 200);
      assert.deepEqual(
        (theirs.body.items as { name: string }[]).map((i) => i.name),
        [FAR_ELDER.name],
        'their own list holds only their elder',
      );

      // not a care group; no reason; too long a page: named, nothing revealed
      const tag = await staff.post('/api/registry/tags', {
        code: 'choir_singer',
        name: '合唱队员',
        nameEn: 'Choir singer',
      });
      assert.equal(tag.status, 201, JSON.stringify(tag.body));
      const bad: [Record<string, unknown>, string][] = [
        [{ tag: 'choir_singer' }, 'tag'],
        [{ reason: '' }, 'reason'],
        [{ limit: 201 }, 'limit'],
      ];
      for (const [body, field] of bad) {
        const r = await ask(staff, body);
        assert.equal(r.status, 400, `${JSON.stringify(body)} → ${JSON.stringify(r.body)}`);
        assert.equal(r.body.field, field, JSON.stringify(r.body));
      }
      const after = (await revealsOf(all)).filter((e) => e.outcome === 'ok');
      assert.equal(after.length, before + 1, 'only the other committee’s one elder revealed');
      assert.equal(after[after.length - 1]!.object_id, idOf(FAR_ELDER));
    });

    it('when the data key is rotated, then the emergency contact follows the new key', async () => {
      const elder = idOf(ELDERLY[3]!);
      assert.equal(
        (
          await staff.request('PUT', `/api/registry/residents/${elder}/emergency-contact`, {
            name: '冯志刚',
            relation: 'spouse',
            phone: '13600002222',
          })
        ).status,
        200,
      );
      const db = tp.platform.database.db;
      const old = tp.platform.deps.cipher;
      const next = createDataCipher(crypto.randomBytes(32));
      const count = await db
        .transaction()
        .execute((trx) => registryRekeyers.residents!(trx, old, next));
      assert.ok(count >= ELDERLY.length, String(count));
      const row = await stored(elder);
      assert.equal(next.decrypt(row.contact_name_enc!), '冯志刚');
      assert.equal(next.decrypt(row.contact_phone_enc!), '13600002222');
      assert.equal(row.contact_phone_hmac, phoneHmac(next, '13600002222'));
      assert.notEqual(row.contact_phone_hmac, phoneHmac(old, '13600002222'));
      assert.throws(() => old.decrypt(row.contact_name_enc!), 'the old key no longer opens it');
      assert.equal(row.contact_relation, 'spouse');
      assert.equal(row.contact_name_masked, '冯**');
      // the residents without one stay without one
      assert.equal((await stored(idOf(NEIGHBOUR))).contact_phone_enc, null);
    });
  });
}

describe('a phone to call (checkPhone)', () => {
  it('when given mobiles and landlines in the ways people write them, then it keeps the right ones, normalised', () => {
    const ok: [string, string][] = [
      ['13912345678', '13912345678'],
      ['+86 139-1234-5678', '13912345678'],
      ['021-63211234', '021-63211234'],
      ['(021) 6321 1234', '021-63211234'],
      ['010-87654321', '010-87654321'],
      ['0571-87654321', '0571-87654321'],
      ['63211234', '63211234'],
    ];
    for (const [input, normalized] of ok)
      assert.deepEqual(checkPhone(input), { ok: true, normalized });
    for (const bad of ['12345', '23912345678', '021-1234567', '0571-123', 'abc', '000-00000000'])
      assert.equal(checkPhone(bad).ok, false, bad);
  });
});
