import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DATABASES,
  startTestPlatform,
  type Client,
  type TestPlatform,
} from '../../testing.js';

const XUHUI_STREET = '310104003000'; // a street of Xuhui, outside Huangpu

function newAccount(username: string, role: string, areaCode: string, extra: object = {}) {
  return {
    username,
    displayName: `测试 ${username}`,
    password: 'a-long-password-1',
    roles: [{ role, areaCode }],
    ...extra,
  };
}

for (const kind of DATABASES) {
  describe(`accounts and area-scoped roles (${kind})`, () => {
    let tp: TestPlatform;
    let admin: Client;
    let huangpu: Client;
    let resident: Client;
    before(async () => {
      tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 1000 });
      [admin, huangpu, resident] = await Promise.all([
        tp.login('admin'),
        tp.login('huangpu'),
        tp.login('resident'),
      ]);
    });
    after(() => tp.close());

    it('when an administrator creates an account with a phone, then it is stored encrypted and shown masked', async () => {
      const r = await admin.post(
        '/api/accounts',
        newAccount('xh.operator', 'street_operator', XUHUI_STREET, { phone: '13912345678' }),
      );
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.phone, '139****5678');
      assert.equal(r.body.roles[0].areaCode, XUHUI_STREET);
      const row = await tp.platform.database.db
        .selectFrom('accounts')
        .selectAll()
        .where('username', '=', 'xh.operator')
        .executeTakeFirstOrThrow();
      assert.ok(!JSON.stringify(row).includes('13912345678'));
      assert.equal(tp.platform.deps.cipher.decrypt(row.phone_enc!), '13912345678');
      const signedIn = await tp.login('xh.operator', 'a-long-password-1');
      assert.equal((await signedIn.get('/api/auth/me')).body.roles[0].role, 'street_operator');
    });

    it('when a district operator lists accounts, then only accounts with roles inside the district appear', async () => {
      const r = await huangpu.get('/api/accounts?pageSize=200');
      assert.equal(r.status, 200);
      const names = r.body.items.map((a: { username: string }) => a.username);
      assert.ok(names.includes('nanjingdong'));
      assert.ok(names.includes('resident'));
      assert.ok(!names.includes('admin'), 'the city administrator is outside Huangpu');
      assert.ok(!names.includes('city'));
      assert.ok(!names.includes('xh.operator'), 'a Xuhui account is outside Huangpu');
      for (const a of r.body.items) {
        for (const role of a.roles) assert.ok(role.areaCode.startsWith('310101'), role.areaCode);
      }
      assert.equal(r.body.total, r.body.items.length);
    });

    it('when a district operator opens an account outside the district, then 404 (its existence is not revealed)', async () => {
      const list = await admin.get('/api/accounts?q=xh.operator');
      const id = list.body.items[0].id;
      assert.equal((await huangpu.get(`/api/accounts/${id}`)).status, 404);
      assert.equal((await admin.get(`/api/accounts/${id}`)).status, 200);
      assert.equal(
        (await huangpu.get('/api/accounts/00000000-0000-4000-8000-000000000000')).status,
        404,
      );
    });

    it('when a district operator binds a role outside the district, then 403 and an audit row says denied', async () => {
      const r = await huangpu.post(
        '/api/accounts',
        newAccount('hp.outside', 'street_operator', XUHUI_STREET),
      );
      assert.equal(r.status, 403);
      const exists = await tp.platform.database.db
        .selectFrom('accounts')
        .select('id')
        .where('username', '=', 'hp.outside')
        .executeTakeFirst();
      assert.equal(exists, undefined);
      const denied = await tp.platform.database.db
        .selectFrom('audit_log')
        .select(['action', 'actor_name'])
        .where('outcome', '=', 'denied')
        .where('action', '=', 'account.create')
        .execute();
      assert.ok(denied.some((d) => d.actor_name === 'huangpu'));
    });

    it('when a district operator creates a street operator inside the district, then it works', async () => {
      const r = await huangpu.post(
        '/api/accounts',
        newAccount('hp.waitan', 'street_operator', '310101013'),
      );
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.roles[0].areaCode, '310101013000');
    });

    it('when a non-administrator grants administrator, then 403', async () => {
      const r = await huangpu.post(
        '/api/accounts',
        newAccount('hp.admin', 'administrator', '310101000000'),
      );
      assert.equal(r.status, 403);
    });

    it('when a role is bound at the wrong level of the tree, then 400 names the field and the rule', async () => {
      const r = await admin.post(
        '/api/accounts',
        newAccount('wrong.level', 'district_operator', '310101002000'),
      );
      assert.equal(r.status, 400);
      assert.equal(r.body.field, 'roles.0.areaCode');
      assert.equal(r.body.rule, 'level');
    });

    it('when a resident tries account management, then 403', async () => {
      assert.equal((await resident.get('/api/accounts')).status, 403);
      assert.equal(
        (await resident.post('/api/accounts', newAccount('r.x', 'resident', '310101002001')))
          .status,
        403,
      );
    });

    it('when input is bad, then 4xx names the field and nothing is stored', async () => {
      const before = await tp.platform.database.db
        .selectFrom('accounts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const cases: [object, number, string][] = [
        [newAccount('Bad Name!', 'resident', '310101002001'), 400, 'username'],
        [newAccount('ok.name', 'resident', '310101002001', { password: 'short' }), 400, 'password'],
        [newAccount('ok.name', 'resident', '310101002001', { phone: '12345' }), 400, 'phone'],
        [newAccount('ok.name', 'resident', '310101002001', { isAdmin: true }), 400, 'isAdmin'],
        [newAccount('ok.name', 'emperor', '310101002001'), 400, 'roles.0.role'],
        [newAccount('ok.name', 'resident', '319999999999'), 400, 'roles.0.areaCode'],
        [
          newAccount('ok.name', 'resident', "31'; drop table accounts; --"),
          400,
          'roles.0.areaCode',
        ],
        [newAccount('admin', 'resident', '310101002001'), 409, 'username'],
        [{ ...newAccount('ok.name', 'resident', '310101002001'), roles: [] }, 400, 'roles'],
      ];
      for (const [body, status, field] of cases) {
        const r = await admin.post('/api/accounts', body);
        assert.equal(r.status, status, JSON.stringify(body));
        assert.equal(r.body.field, field, JSON.stringify(r.body));
        assert.ok(r.body.message.length > 0);
      }
      const afterCount = await tp.platform.database.db
        .selectFrom('accounts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(afterCount.n), Number(before.n));
    });

    it('when SQL and script fragments are given as text, then they are stored and returned as plain text', async () => {
      const evil = `<script>alert(1)</script>'; drop table accounts; --`;
      const r = await admin.post('/api/accounts', {
        ...newAccount('evil.text', 'resident', '310101002001'),
        displayName: evil,
      });
      assert.equal(r.status, 201);
      assert.equal(r.body.displayName, evil);
      const search = await admin.get(`/api/accounts?q=${encodeURIComponent("%' or 1=1 --")}`);
      assert.equal(search.status, 200);
      assert.equal(search.body.total, 0);
    });

    it('when a role is granted and revoked inside the scope, then the account shows it; the last role stays', async () => {
      const created = await huangpu.post(
        '/api/accounts',
        newAccount('hp.grid', 'grid_leader', '310101002001-G1'),
      );
      assert.equal(created.status, 201);
      const id = created.body.id;
      const granted = await huangpu.post(`/api/accounts/${id}/roles`, {
        role: 'patrol_inspector',
        areaCode: '310101002000',
      });
      assert.equal(granted.status, 200);
      assert.equal(granted.body.roles.length, 2);
      const outside = await huangpu.post(`/api/accounts/${id}/roles`, {
        role: 'patrol_inspector',
        areaCode: XUHUI_STREET,
      });
      assert.equal(outside.status, 403);
      const bindingId = granted.body.roles[1].id;
      const revoked = await huangpu.delete(`/api/accounts/${id}/roles/${bindingId}`);
      assert.equal(revoked.status, 200);
      assert.equal(revoked.body.roles.length, 1);
      const last = await huangpu.delete(`/api/accounts/${id}/roles/${revoked.body.roles[0].id}`);
      assert.equal(last.status, 409);
    });

    it('when accounts are listed or read, then the read of personal data is audited', async () => {
      await huangpu.get('/api/accounts');
      const rows = await tp.platform.database.db
        .selectFrom('audit_log')
        .select(['action', 'actor_name', 'outcome'])
        .where('action', '=', 'account.list')
        .where('actor_name', '=', 'huangpu')
        .execute();
      assert.ok(rows.length >= 1);
    });
  });
}
