import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type {
  Household,
  Me,
  PickerCompoundList,
  PickerRoomList,
  RegistryImport,
  ResidentMe,
  VerificationRequest,
  VerificationRequestList,
} from '@cc/contracts';
import { hashPassword } from '../identity/index.js';
import { fakeResidentId } from '../registry/index.js';
import {
  DATABASES,
  eventually,
  startTestPlatform,
  UNMASKED_ID,
  type Client,
  type TestPlatform,
} from '../../testing.js';

const COMMITTEE = '310101002001'; // 云南中路居委会
const OTHER = '310101002002'; // 龙泉园路居委会
const COMPOUND = '云南中路花园';
const COMPOUND_CODE = '310101002001-G1-C1';
const COMPOUND_2 = '云南中路公寓';
const COMPOUND_2_CODE = '310101002001-G1-C2';
const OTHER_COMPOUND = '龙泉园路花园';
const PASSWORD = 'a-long-password-1';
const HOUSING_HEAD = '小区,楼栋,单元,室号,楼层,建筑面积,用途,产权,居住状态';
const RESIDENT_HEAD =
  '姓名,证件类型,证件号码,手机号,出生日期,性别,户籍类型,国籍,小区,楼栋,单元,室号,户号,与户主关系,标签';
const csv = (head: string, rows: string[]) => `\uFEFF${head}\n${rows.join('\n')}\n`;

let seq = 0;
function newId(sex: 'male' | 'female' = 'female'): string {
  seq++;
  const day = String(1 + (seq % 28)).padStart(2, '0');
  return fakeResidentId('310101', `1970-04-${day}`, sex, () => (seq * 0.6180339) % 1);
}

async function importDone(c: Client, kind: string, committee: string, content: string) {
  const fd = new FormData();
  fd.append('file', new Blob([content]), `${kind}.csv`);
  const r = await c.post<RegistryImport>(
    `/api/registry/imports?kind=${kind}&committee=${committee}`,
    fd,
  );
  assert.equal(r.status, 202, JSON.stringify(r.body));
  for (let i = 0; i < 400; i++) {
    const s = await c.get<RegistryImport>(`/api/registry/imports/${r.body.id}`);
    if (s.body.status !== 'running') {
      assert.equal(s.body.status, 'done', JSON.stringify(s.body));
      return s.body;
    }
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error('the import did not finish');
}

for (const kind of DATABASES) {
  describe(`residents verified into rooms (${kind})`, () => {
    let tp: TestPlatform;
    let staff: Client; // 云南中路 committee staff
    let other: Client; // 龙泉园路 committee staff
    let street: Client; // 南京东路 street operator
    let district: Client; // 黄浦 district operator
    const accounts = new Map<string, { id: string; client: Client }>();
    // the registry's people: H-1 in 101 (head, spouse, child), H-2 in 102 (head)
    const ids = { head: newId('male'), spouse: newId(), child: newId(), other: newId('male') };
    const rooms = new Map<string, string>();
    let otherRoom = '';

    /** A phone account as sign-up makes it: no role until verified. */
    async function resident(username: string): Promise<Client> {
      const id = crypto.randomUUID();
      await tp.platform.database.db
        .insertInto('accounts')
        .values({
          id,
          username,
          display_name: `居民 ${username}`,
          password_hash: await hashPassword(PASSWORD),
          phone_enc: tp.platform.deps.cipher.encrypt(
            `1390000${String(accounts.size).padStart(4, '0')}`,
          ),
          phone_hmac: null,
          phone_masked: `139****${String(accounts.size).padStart(4, '0')}`,
          created_by: null,
        })
        .execute();
      const client = await tp.login(username, PASSWORD);
      accounts.set(username, { id, client });
      return client;
    }
    const who = (username: string) => accounts.get(username)!.client;
    const ask = (c: Client, body: Record<string, unknown>) =>
      c.post<VerificationRequest & { field?: string; message: string }>(
        '/api/residents/verification-requests',
        body,
      );
    const roles = async (c: Client) =>
      (await c.get<Me>('/api/auth/me')).body.roles.map((r) => `${r.role}@${r.areaCode}`);

    before(async () => {
      tp = await startTestPlatform(kind);
      staff = await tp.login('yunnan');
      street = await tp.login('nanjingdong');
      district = await tp.login('huangpu');
      const admin = await tp.login('admin');
      const created = await admin.post('/api/accounts', {
        username: 'longquan',
        displayName: '龙泉园路居委会 测试',
        password: PASSWORD,
        roles: [{ role: 'committee_staff', areaCode: OTHER }],
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      other = await tp.login('longquan', PASSWORD);
      await importDone(
        staff,
        'housing',
        COMMITTEE,
        csv(HOUSING_HEAD, [
          `${COMPOUND},1号楼,1单元,101,1,68.5,住宅,私有,自住`,
          `${COMPOUND},1号楼,1单元,102,1,55,住宅,私有,自住`,
          `${COMPOUND},1号楼,2单元,201,2,80,住宅,私有,空置`,
          `${COMPOUND_2},3号楼,,301,3,90,住宅,私有,自住`,
        ]),
      );
      await importDone(
        other,
        'housing',
        OTHER,
        csv(HOUSING_HEAD, [`${OTHER_COMPOUND},1号楼,,101,1,60,住宅,私有,自住`]),
      );
      await importDone(
        staff,
        'residents',
        COMMITTEE,
        csv(RESIDENT_HEAD, [
          `陈建国,居民身份证,${ids.head},,,,本市户籍,,${COMPOUND},1号楼,1单元,101,H-1,户主,`,
          `王秀英,居民身份证,${ids.spouse},,,,本市户籍,,${COMPOUND},1号楼,1单元,101,H-1,配偶,`,
          `陈小明,居民身份证,${ids.child},,,,本市户籍,,${COMPOUND},1号楼,1单元,101,H-1,子女,`,
          `李大海,居民身份证,${ids.other},,,,本市户籍,,${COMPOUND},1号楼,1单元,102,H-2,户主,`,
        ]),
      );
      for (const name of ['alice', 'bob', 'carl', 'dan', 'eve', 'fay', 'gus']) await resident(name);
    });
    after(() => tp.close());

    it('when a resident picks a room, then the picker shows compounds, buildings and rooms and nothing personal', async () => {
      const c = who('fay');
      const compounds = await c.get<PickerCompoundList>(
        `/api/residents/compounds?q=${encodeURIComponent('云南中路')}`,
      );
      assert.equal(compounds.status, 200);
      const mine = compounds.body.items.find((i) => i.code === COMPOUND_CODE);
      assert.equal(mine?.committeeName, '云南中路居委会');
      assert.equal((await c.get('/api/residents/compounds')).body.field, 'q');
      const buildings = await c.get(`/api/residents/buildings?compound=${COMPOUND_CODE}`);
      assert.deepEqual(
        buildings.body.items.map((b: { name: string }) => b.name),
        ['1号楼'],
      );
      const all = await c.get<PickerRoomList>(`/api/residents/rooms?compound=${COMPOUND_CODE}`);
      assert.deepEqual(
        all.body.items.map((r) => `${r.unit} ${r.number}`),
        ['1单元 101', '1单元 102', '2单元 201'],
      );
      for (const r of all.body.items) rooms.set(r.number, r.id);
      const searched = await c.get<PickerRoomList>(
        `/api/residents/rooms?compound=${COMPOUND_CODE}&q=10`,
      );
      assert.deepEqual(
        searched.body.items.map((r) => r.number),
        ['101', '102'],
      );
      const text = JSON.stringify([compounds.body, buildings.body, all.body]);
      assert.doesNotMatch(text, /陈|王秀英|李大海|H-1/);
      assert.equal(
        (await c.get(`/api/residents/rooms?compound=${COMMITTEE}`)).status,
        404,
        'a committee is not a compound',
      );
      const theirs = await c.get<PickerRoomList>(
        `/api/residents/rooms?compound=${
          (
            await c.get<PickerCompoundList>(
              `/api/residents/compounds?q=${encodeURIComponent(OTHER_COMPOUND)}`,
            )
          ).body.items.find((i) => i.name === OTHER_COMPOUND)!.code
        }`,
      );
      otherRoom = theirs.body.items[0]!.id;
      assert.equal(
        (await tp.client().get(`/api/residents/rooms?compound=${COMPOUND_CODE}`)).status,
        401,
      );
    });

    it('when a request is bad, then it is a 4xx naming the field and nothing is stored', async () => {
      const c = who('fay');
      const good = { roomId: rooms.get('201'), relation: 'owner', name: '方芳', idNumber: newId() };
      const badDigit = good.idNumber.slice(0, 17) + (good.idNumber[17] === '3' ? '4' : '3');
      const cases: [Record<string, unknown>, number, string][] = [
        [{ ...good, idNumber: badDigit }, 400, 'idNumber'],
        [{ ...good, roomId: crypto.randomUUID() }, 400, 'roomId'],
        [{ ...good, name: '长'.repeat(41) }, 400, 'name'],
        [{ ...good, name: '   ' }, 400, 'name'],
        [{ ...good, relation: 'landlord' }, 400, 'relation'],
      ];
      for (const [body, status, field] of cases) {
        const r = await ask(c, body);
        assert.equal(r.status, status, JSON.stringify(r.body));
        assert.equal(r.body.field, field, JSON.stringify(r.body));
        // the schema's own refusals (an unknown relation) name the field in English
        if (field !== 'relation') assert.match(r.body.message, / \/ /, 'bilingual');
      }
      assert.match((await ask(c, cases[0]![0])).body.message, /check digit/);
      assert.equal((await c.get('/api/residents/me')).status, 404, 'nothing stored');
    });

    it('when committee staff approve a request, then the account is linked to the registry resident and holds the resident role', async () => {
      const alice = who('alice');
      const asked = await ask(alice, {
        roomId: rooms.get('101'),
        relation: 'owner',
        name: '陈建国',
        idNumber: ids.head,
      });
      assert.equal(asked.status, 201, JSON.stringify(asked.body));
      assert.equal(asked.body.state, 'pending');
      assert.equal(asked.body.idNumber, `${ids.head.slice(0, 4)}**********${ids.head.slice(-4)}`);
      assert.equal(asked.body.match, undefined, 'the resident is not shown the registry');
      assert.match(asked.body.roomLabel, /云南中路花园 1号楼 1单元 101/);
      const twice = await ask(alice, {
        roomId: rooms.get('102'),
        relation: 'tenant',
        name: '陈建国',
        idNumber: ids.head,
      });
      assert.equal(twice.status, 409);
      const me = await alice.get<ResidentMe>('/api/residents/me');
      assert.equal(me.body.request?.state, 'pending');
      assert.equal(me.body.link, null);

      const queue = await staff.get<VerificationRequestList>(
        '/api/residents/verification-requests?state=pending',
      );
      assert.equal(queue.status, 200);
      const mine = queue.body.items.find((i) => i.id === asked.body.id)!;
      assert.equal(mine.match?.name, '陈**');
      assert.equal(mine.match?.isHead, true);
      assert.equal(mine.match?.householdNumber, 'H-1');
      assert.equal(mine.match?.sameRoom, true);
      assert.equal(mine.match?.nameMatches, true);
      assert.equal(mine.account?.displayName, '居* a****', 'masked');
      assert.doesNotMatch(JSON.stringify(queue.body), UNMASKED_ID);
      assert.doesNotMatch(JSON.stringify(queue.body), /陈建国/);
      // the street sees its committees' queues
      const streetQueue = await street.get<VerificationRequestList>(
        '/api/residents/verification-requests',
      );
      assert.ok(streetQueue.body.items.some((i) => i.id === asked.body.id));
      // another committee's staff can neither see nor decide it
      const theirs = await other.get<VerificationRequestList>(
        '/api/residents/verification-requests',
      );
      assert.ok(!theirs.body.items.some((i) => i.id === asked.body.id));
      assert.equal(
        (await other.get(`/api/residents/verification-requests/${asked.body.id}`)).status,
        404,
      );
      assert.equal(
        (await other.post(`/api/residents/verification-requests/${asked.body.id}/approve`, {}))
          .status,
        404,
      );
      assert.equal(
        (await who('fay').post(`/api/residents/verification-requests/${asked.body.id}/approve`, {}))
          .status,
        404,
        'a resident without a household decides nothing',
      );
      assert.equal((await who('fay').get('/api/residents/verification-requests')).status, 403);

      assert.ok(!(await roles(alice)).some((r) => r.startsWith('resident@')));
      const approved = await staff.post<VerificationRequest>(
        `/api/residents/verification-requests/${asked.body.id}/approve`,
        {},
      );
      assert.equal(approved.status, 200, JSON.stringify(approved.body));
      assert.equal(approved.body.state, 'approved');
      assert.equal(approved.body.decidedAs, 'staff');
      assert.deepEqual(await roles(alice), [`resident@${COMPOUND_CODE}`]);
      const approvedQueue = await staff.get<VerificationRequestList>(
        '/api/residents/verification-requests?state=approved',
      );
      assert.equal(
        approvedQueue.body.items.find((i) => i.id === asked.body.id)?.linked,
        true,
        'staff may revoke the link it made',
      );
      const linked = await alice.get<ResidentMe>('/api/residents/me');
      assert.equal(linked.body.link?.status, 'verified');
      assert.equal(linked.body.link?.isHead, true);
      assert.equal(linked.body.link?.relation, 'owner');
      assert.equal(linked.body.link?.householdNumber, 'H-1');
      assert.equal(
        (await staff.post(`/api/residents/verification-requests/${asked.body.id}/approve`, {}))
          .status,
        409,
      );
      const notices = await alice.get<{ items: { body: string }[] }>('/api/notices');
      assert.ok(notices.body.items.some((n) => n.body.includes('住户认证已通过')));
      const texts = await tp.platform.database.db
        .selectFrom('notifications')
        .select('channel')
        .where('recipient_id', '=', accounts.get('alice')!.id)
        .execute();
      assert.ok(
        texts.some((t) => t.channel === 'sms'),
        'told by SMS too',
      );
      // already verified: no second request
      assert.equal(
        (
          await ask(alice, {
            roomId: rooms.get('101'),
            relation: 'owner',
            name: '陈建国',
            idNumber: ids.head,
          })
        ).status,
        409,
      );
    });

    it('when a district operator asks for verification requests, then 403 and 404: they name people', async () => {
      assert.equal((await district.get('/api/residents/verification-requests')).status, 403);
      const queue = await staff.get<VerificationRequestList>(
        '/api/residents/verification-requests',
      );
      const one = queue.body.items[0]!;
      assert.equal(
        (await district.get(`/api/residents/verification-requests/${one.id}`)).status,
        404,
      );
      assert.equal(
        (
          await district.post(`/api/residents/verification-requests/${one.id}/refuse`, {
            reason: 'x',
          })
        ).status,
        404,
      );
    });

    it('when a resident withdraws a pending request, then it is gone; no one else can, and a decided one stays', async () => {
      const gus = who('gus');
      const asked = await ask(gus, {
        roomId: rooms.get('201'),
        relation: 'tenant',
        name: '顾斯',
        idNumber: newId('male'),
      });
      assert.equal(asked.status, 201, JSON.stringify(asked.body));
      const path = `/api/residents/verification-requests/${asked.body.id}`;
      assert.equal((await who('fay').request('DELETE', path)).status, 404, 'not theirs');
      assert.equal((await staff.request('DELETE', path)).status, 404, 'staff refuse instead');
      assert.equal(
        (await gus.request('DELETE', `/api/residents/verification-requests/${crypto.randomUUID()}`))
          .status,
        404,
      );
      assert.equal((await gus.get<ResidentMe>('/api/residents/me')).body.request?.state, 'pending');
      const withdrawn = await gus.request('DELETE', path);
      assert.equal(withdrawn.status, 204, JSON.stringify(withdrawn.body));
      assert.equal((await gus.get('/api/residents/me')).status, 404, 'nothing left');
      assert.equal((await staff.get(path)).status, 404);
      assert.equal((await gus.request('DELETE', path)).status, 404);
      // a new request may follow
      const again = await ask(gus, {
        roomId: rooms.get('201'),
        relation: 'tenant',
        name: '顾斯',
        idNumber: newId('male'),
      });
      assert.equal(again.status, 201);
      assert.equal(
        (await gus.request('DELETE', `/api/residents/verification-requests/${again.body.id}`))
          .status,
        204,
      );
      // alice's request was approved: it stays
      const alice = who('alice');
      const mine = (await alice.get<ResidentMe>('/api/residents/me')).body.request!;
      assert.equal(mine.state, 'approved');
      assert.equal(
        (await alice.request('DELETE', `/api/residents/verification-requests/${mine.id}`)).status,
        409,
      );
      const audit = await tp.platform.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('object_id', '=', asked.body.id)
        .execute();
      assert.ok(audit.some((a) => a.action === 'residents.verification.withdraw'));
    });

    it('when staff refuse, then a reason is required and the resident is told; a request without a registry match cannot be approved', async () => {
      // a room in another committee may be asked for; that committee decides
      const eve = who('eve');
      const asked = await ask(eve, {
        roomId: otherRoom,
        relation: 'tenant',
        name: '伊娃',
        idNumber: newId(),
      });
      assert.equal(asked.status, 201, JSON.stringify(asked.body));
      assert.equal(
        (await staff.get(`/api/residents/verification-requests/${asked.body.id}`)).status,
        404,
      );
      const seen = await other.get<VerificationRequest>(
        `/api/residents/verification-requests/${asked.body.id}`,
      );
      assert.equal(seen.status, 200);
      assert.equal(seen.body.match, null, 'no one in the registry holds that number');
      const noMatch = await other.post(
        `/api/residents/verification-requests/${asked.body.id}/approve`,
        {},
      );
      assert.equal(noMatch.status, 400);
      assert.equal(noMatch.body.field, 'residentId');
      const noReason = await other.post(
        `/api/residents/verification-requests/${asked.body.id}/refuse`,
        { reason: '  ' },
      );
      assert.equal(noReason.status, 400);
      assert.equal(noReason.body.field, 'reason');
      assert.equal(
        (await other.post(`/api/residents/verification-requests/${asked.body.id}/refuse`, {})).body
          .field,
        'reason',
      );
      const refused = await other.post<VerificationRequest>(
        `/api/residents/verification-requests/${asked.body.id}/refuse`,
        { reason: '登记信息中查无此人，请到居委会办理登记' },
      );
      assert.equal(refused.status, 200, JSON.stringify(refused.body));
      assert.equal(refused.body.state, 'refused');
      const me = await eve.get<ResidentMe>('/api/residents/me');
      assert.equal(me.body.request?.state, 'refused');
      assert.equal(me.body.request?.reason, '登记信息中查无此人，请到居委会办理登记');
      assert.equal(me.body.link, null);
      const notices = await eve.get<{ items: { body: string }[] }>('/api/notices');
      assert.ok(notices.body.items.some((n) => n.body.includes('未通过')));
      assert.ok(!(await roles(eve)).some((r) => r.startsWith('resident@')));
    });

    it('when the household head confirms a member, then the member is verified; another household’s head cannot', async () => {
      const alice = who('alice');
      const bob = who('bob');
      const dan = who('dan');
      const carl = who('carl');
      // dan is verified as the head of H-2 by staff
      const danAsked = await ask(dan, {
        roomId: rooms.get('102'),
        relation: 'owner',
        name: '李大海',
        idNumber: ids.other,
      });
      assert.equal(
        (await staff.post(`/api/residents/verification-requests/${danAsked.body.id}/approve`, {}))
          .status,
        200,
      );
      const bobAsked = await ask(bob, {
        roomId: rooms.get('101'),
        relation: 'co_owner',
        name: '王秀英',
        idNumber: ids.spouse,
      });
      const carlAsked = await ask(carl, {
        roomId: rooms.get('101'),
        relation: 'family',
        name: '陈小明',
        idNumber: ids.child,
      });
      assert.equal(carlAsked.status, 201);
      const mine = await alice.get<VerificationRequestList>('/api/residents/household/requests');
      assert.deepEqual(
        mine.body.items.map((i) => i.id).sort(),
        [bobAsked.body.id, carlAsked.body.id].sort(),
      );
      assert.equal(mine.body.items[0]!.account, undefined, 'the head sees no account details');
      const danSees = await dan.get<VerificationRequestList>('/api/residents/household/requests');
      assert.deepEqual(danSees.body.items, []);
      assert.equal(
        (await dan.post(`/api/residents/verification-requests/${carlAsked.body.id}/approve`, {}))
          .status,
        404,
      );
      assert.equal(
        (await dan.get(`/api/residents/verification-requests/${carlAsked.body.id}`)).status,
        404,
      );
      assert.equal((await dan.get('/api/residents/verification-requests')).status, 403);

      const confirmed = await alice.post<VerificationRequest>(
        `/api/residents/verification-requests/${bobAsked.body.id}/approve`,
        {},
      );
      assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
      assert.equal(confirmed.body.decidedAs, 'head');
      assert.deepEqual(await roles(bob), [`resident@${COMPOUND_CODE}`]);
      const bobMe = await bob.get<ResidentMe>('/api/residents/me');
      assert.equal(bobMe.body.link?.isHead, false);
      assert.equal(bobMe.body.link?.relation, 'co_owner');
      const refused = await alice.post<VerificationRequest>(
        `/api/residents/verification-requests/${carlAsked.body.id}/refuse`,
        { reason: '请本人到居委会核实' },
      );
      assert.equal(refused.status, 200);
      assert.equal(refused.body.decidedAs, 'head');
      // a member who is not the head confirms nothing
      const carlAgain = await ask(carl, {
        roomId: rooms.get('101'),
        relation: 'family',
        name: '陈小明',
        idNumber: ids.child,
      });
      assert.equal(carlAgain.status, 201, 'a new request after a refusal');
      assert.equal(
        (await bob.post(`/api/residents/verification-requests/${carlAgain.body.id}/approve`, {}))
          .status,
        404,
      );
    });

    it('when a resident looks at the household, then the members are masked and only their own household is shown', async () => {
      const h = await who('alice').get<Household>('/api/residents/household');
      assert.equal(h.status, 200);
      assert.equal(h.body.householdNumber, 'H-1');
      assert.deepEqual(
        h.body.members.map((m) => [m.name, m.relation, m.isMe, m.isVerified]),
        [
          ['陈**', 'head', true, true],
          ['王**', 'spouse', false, true],
          ['陈**', 'child', false, false],
        ],
      );
      const text = JSON.stringify(h.body);
      assert.doesNotMatch(text, /陈建国|王秀英|陈小明|李大海/);
      assert.doesNotMatch(text, UNMASKED_ID);
      const dan = await who('dan').get<Household>('/api/residents/household');
      assert.deepEqual(
        dan.body.members.map((m) => m.name),
        ['李**'],
      );
      assert.equal((await who('eve').get('/api/residents/household')).status, 404);
    });

    it('when the registry records a move-out, then the link is revoked and the resident role goes', async () => {
      const bob = who('bob');
      const queue = await staff.get<VerificationRequestList>(
        '/api/residents/verification-requests?state=approved',
      );
      const bobs = queue.body.items.find((i) => i.account?.id === accounts.get('bob')!.id)!;
      const residentId = bobs.match!.residentId;
      const moved = await staff.post(`/api/registry/residents/${residentId}/move-out`, {
        note: '迁往外区',
      });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      const me = await bob.get<ResidentMe>('/api/residents/me');
      assert.equal(me.body.link?.status, 'revoked');
      assert.equal(me.body.link?.revokedReason, 'moved out');
      // the sessions forget the role by a job after the commit
      await eventually(async () => (await roles(bob)).length === 0);
      assert.equal((await bob.get('/api/residents/household')).status, 404);
      const h = await who('alice').get<Household>('/api/residents/household');
      assert.equal(h.body.members.length, 2, 'the moved-out member is no longer in the household');
    });

    it('when staff revoke a link by hand, then a reason is required and another committee cannot', async () => {
      const danId = accounts.get('dan')!.id;
      assert.equal(
        (await other.post(`/api/residents/links/${danId}/revoke`, { reason: '核实' })).status,
        404,
      );
      const noReason = await staff.post(`/api/residents/links/${danId}/revoke`, { reason: '' });
      assert.equal(noReason.status, 400);
      assert.equal(noReason.body.field, 'reason');
      const revoked = await staff.post(`/api/residents/links/${danId}/revoke`, {
        reason: '房屋已出售',
      });
      assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
      assert.equal(revoked.body.status, 'revoked');
      assert.deepEqual(await roles(who('dan')), []);
      assert.equal(
        (await staff.post(`/api/residents/links/${danId}/revoke`, { reason: '再次' })).status,
        404,
      );
    });

    it('when the registry moves a verified resident or changes their household, then the link follows', async () => {
      const alice = who('alice');
      const queue = await staff.get<VerificationRequestList>(
        '/api/residents/verification-requests?state=approved',
      );
      const residentId = queue.body.items.find((i) => i.account?.id === accounts.get('alice')!.id)!
        .match!.residentId;
      const theirRooms = await alice.get<PickerRoomList>(
        `/api/residents/rooms?compound=${COMPOUND_2_CODE}`,
      );
      const room301 = theirRooms.body.items.find((r) => r.number === '301')!.id;

      // a move by the form, to another compound of the committee, into a new household
      const moved = await staff.post(`/api/registry/residents/${residentId}/move`, {
        roomId: room301,
        householdNumber: 'H-3',
      });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      let me = (await alice.get<ResidentMe>('/api/residents/me')).body.link!;
      assert.equal(me.status, 'verified');
      assert.equal(me.roomId, room301);
      assert.match(me.roomLabel, /云南中路公寓 3号楼 301/);
      assert.equal(me.compoundCode, COMPOUND_2_CODE);
      assert.equal(me.householdNumber, 'H-3');
      assert.equal(me.isHead, true);
      await eventually(async () => {
        const r = await roles(alice);
        return r.length === 1 && r[0] === `resident@${COMPOUND_2_CODE}`;
      });
      const h = await alice.get<Household>('/api/residents/household');
      assert.equal(h.body.householdNumber, 'H-3');
      assert.deepEqual(
        h.body.members.map((m) => m.isMe),
        [true],
      );

      // no longer the head of it
      const patched = await staff.request('PATCH', `/api/registry/residents/${residentId}`, {
        relation: 'spouse',
      });
      assert.equal(patched.status, 200, JSON.stringify(patched.body));
      me = (await alice.get<ResidentMe>('/api/residents/me')).body.link!;
      assert.equal(me.isHead, false);
      assert.equal(
        (await alice.get<VerificationRequestList>('/api/residents/household/requests')).body.items
          .length,
        0,
      );

      // the residents file puts them back in 101 of H-1 as its head
      await importDone(
        staff,
        'residents',
        COMMITTEE,
        csv(RESIDENT_HEAD, [
          `陈建国,居民身份证,${ids.head},,,,本市户籍,,${COMPOUND},1号楼,1单元,101,H-1,户主,`,
        ]),
      );
      me = (await alice.get<ResidentMe>('/api/residents/me')).body.link!;
      assert.equal(me.status, 'verified');
      assert.equal(me.roomId, rooms.get('101'));
      assert.equal(me.householdNumber, 'H-1');
      assert.equal(me.isHead, true);
      assert.equal(me.compoundCode, COMPOUND_CODE);
      await eventually(async () => {
        const r = await roles(alice);
        return r.length === 1 && r[0] === `resident@${COMPOUND_CODE}`;
      });
      const link = await tp.platform.database.db
        .selectFrom('resident_links')
        .select(['area_path', 'building_id'])
        .where('account_id', '=', accounts.get('alice')!.id)
        .executeTakeFirstOrThrow();
      assert.match(link.area_path, new RegExp(`${COMPOUND_CODE}$`));
    });
  });
}
