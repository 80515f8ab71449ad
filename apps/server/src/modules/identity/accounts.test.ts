import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { DATABASES, startTestPlatform, type Client, type TestPlatform } from '../../testing.js';

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

    it('when an account is created with a password under 12 characters or a common one, then 400 names password and the rule, and nothing is created', async () => {
      const cases: [string, string][] = [
        ['eleven-char', 'minLength'],
        ['password1234', 'common'],
        ['PASSWORD1234', 'common'],
        ['123456789012', 'common'],
      ];
      for (const [password, rule] of cases) {
        const r = await admin.post(
          '/api/accounts',
          newAccount('weak.pass', 'resident', '310101002001', { password }),
        );
        assert.equal(r.status, 400, password);
        assert.equal(r.body.field, 'password', password);
        assert.equal(r.body.rule, rule, password);
        assert.match(r.body.message, / \/ /, 'bilingual');
      }
      const exists = await tp.platform.database.db
        .selectFrom('accounts')
        .select('id')
        .where('username', '=', 'weak.pass')
        .executeTakeFirst();
      assert.equal(exists, undefined);
    });

    it('when a signed-in user changes the password, then the session rotates, the other sessions end, only the new password works, and it is audited', async () => {
      const made = await admin.post(
        '/api/accounts',
        newAccount('pw.change', 'resident', '310101002001'),
      );
      assert.equal(made.status, 201);
      const first = await tp.login('pw.change', 'a-long-password-1');
      const second = await tp.login('pw.change', 'a-long-password-1');
      const oldToken = [...first.cookies.values()][0]!;
      const r = await first.post('/api/auth/password', {
        currentPassword: 'a-long-password-1',
        newPassword: 'a-newer-password-2',
      });
      assert.equal(r.status, 204, JSON.stringify(r.body));
      assert.notEqual([...first.cookies.values()][0], oldToken, 'a new session token');
      assert.equal((await first.get('/api/auth/me')).status, 200);
      assert.equal((await second.get('/api/auth/me')).status, 401, 'other sessions end');
      const stale = tp.client();
      stale.cookies.set('cc_session', oldToken);
      assert.equal((await stale.get('/api/auth/me')).status, 401, 'the old token is gone');
      const old = await tp
        .client()
        .post('/api/auth/login', { username: 'pw.change', password: 'a-long-password-1' });
      assert.equal(old.status, 401);
      await tp.login('pw.change', 'a-newer-password-2');
      const audited = await tp.platform.database.db
        .selectFrom('audit_log')
        .select(['outcome', 'actor_name'])
        .where('action', '=', 'auth.password.change')
        .execute();
      assert.ok(audited.some((a) => a.outcome === 'ok' && a.actor_name === 'pw.change'));
    });

    it('when the current password is wrong or the new one weak, then 400 names the field and the rule, the password stays, and wrong ones lock the account', async () => {
      const made = await admin.post(
        '/api/accounts',
        newAccount('pw.guess', 'resident', '310101002001'),
      );
      assert.equal(made.status, 201);
      const c = await tp.login('pw.guess', 'a-long-password-1');
      const cases: [object, string, string][] = [
        [
          { currentPassword: 'a-long-password-1', newPassword: 'short-one' },
          'newPassword',
          'minLength',
        ],
        [
          { currentPassword: 'a-long-password-1', newPassword: 'password1234' },
          'newPassword',
          'common',
        ],
        [
          { currentPassword: 'a-long-password-1', newPassword: 'a-long-password-1' },
          'newPassword',
          'different',
        ],
        [{ currentPassword: 'a-long-password-1' }, 'newPassword', 'required'],
        [
          { currentPassword: 'not-my-password', newPassword: 'a-fine-new-password' },
          'currentPassword',
          'matches',
        ],
      ];
      for (const [body, field, rule] of cases) {
        const r = await c.post('/api/auth/password', body);
        assert.equal(r.status, 400, JSON.stringify(body));
        assert.equal(r.body.field, field, JSON.stringify(r.body));
        assert.equal(r.body.rule, rule, JSON.stringify(r.body));
      }
      assert.equal(
        (await tp.client().post('/api/auth/password', { currentPassword: 'x', newPassword: 'y' }))
          .status,
        401,
      );
      // four more wrong current passwords make five: the account locks
      for (let i = 0; i < 4; i++) {
        await c.post('/api/auth/password', {
          currentPassword: `wrong-${i}`,
          newPassword: 'a-fine-new-password',
        });
      }
      const locked = await tp
        .client()
        .post('/api/auth/login', { username: 'pw.guess', password: 'a-long-password-1' });
      assert.equal(locked.status, 401);
    });

    it('when an account is disabled, then its sessions end at once and it cannot sign in; enabled again, it can', async () => {
      const made = await huangpu.post(
        '/api/accounts',
        newAccount('to.disable', 'grid_leader', '310101002001-G1'),
      );
      assert.equal(made.status, 201);
      const id = made.body.id;
      const victim = await tp.login('to.disable', 'a-long-password-1');
      assert.equal((await victim.get('/api/auth/me')).status, 200);
      const off = await huangpu.post(`/api/accounts/${id}/disable`);
      assert.equal(off.status, 200, JSON.stringify(off.body));
      assert.equal(off.body.disabled, true);
      assert.equal((await victim.get('/api/auth/me')).status, 401);
      const sessions = await tp.platform.database.db
        .selectFrom('sessions')
        .select('id')
        .where('account_id', '=', id)
        .execute();
      assert.equal(sessions.length, 0);
      const again = await tp
        .client()
        .post('/api/auth/login', { username: 'to.disable', password: 'a-long-password-1' });
      assert.equal(again.status, 401);
      const on = await huangpu.post(`/api/accounts/${id}/enable`);
      assert.equal(on.status, 200);
      assert.equal(on.body.disabled, false);
      await tp.login('to.disable', 'a-long-password-1');
      const audited = await tp.platform.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('object_id', '=', id)
        .where('action', 'in', ['account.disable', 'account.enable'])
        .execute();
      assert.equal(audited.length, 2);
    });

    it('when someone disables an account outside their scope, an administrator without being one, or their own, then 404, 403 and 409', async () => {
      const xh = await admin.get('/api/accounts?q=xh.operator');
      assert.equal(
        (await huangpu.post(`/api/accounts/${xh.body.items[0].id}/disable`)).status,
        404,
      );
      const made = await admin.post(
        '/api/accounts',
        newAccount('hp.admin2', 'administrator', '310101000000'),
      );
      assert.equal(made.status, 201);
      assert.equal((await huangpu.post(`/api/accounts/${made.body.id}/disable`)).status, 403);
      const me = (await huangpu.get('/api/auth/me')).body.id;
      const self = await huangpu.post(`/api/accounts/${me}/disable`);
      assert.equal(self.status, 409);
      assert.equal((await resident.post(`/api/accounts/${me}/disable`)).status, 403);
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

    it('when a phone is typed with +86, spaces or dashes, then it is stored as its 11 digits, like the codes take it', async () => {
      const r = await admin.post(
        '/api/accounts',
        newAccount('typed.phone', 'handler', '310101002001', { phone: '+86 139-1234-0077' }),
      );
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.phone, '139****0077');
      const row = await tp.platform.database.db
        .selectFrom('accounts')
        .select(['phone_enc', 'phone_hmac'])
        .where('username', '=', 'typed.phone')
        .executeTakeFirstOrThrow();
      assert.equal(tp.platform.deps.cipher.decrypt(row.phone_enc!), '13912340077');
      assert.equal(row.phone_hmac, tp.platform.deps.cipher.lookupHash('13912340077'));
      const landline = await admin.post(
        '/api/accounts',
        newAccount('land.line', 'handler', '310101002001', { phone: '021-63210000' }),
      );
      assert.equal(landline.status, 400);
      assert.equal(landline.body.field, 'phone');
      assert.match(landline.body.message, /phone.* \/ .*手机号/);
    });

    it('when accounts with one phone or one user name are created at the same moment, then one is made and the others get 409 naming the field', async () => {
      const samePhone = await Promise.all(
        [1, 2, 3, 4].map((i) =>
          admin.post(
            '/api/accounts',
            newAccount(`race.phone${i}`, 'handler', '310101002001', { phone: '13912340088' }),
          ),
        ),
      );
      assert.deepEqual(samePhone.map((r) => r.status).sort(), [201, 409, 409, 409]);
      for (const r of samePhone.filter((r) => r.status === 409)) {
        assert.equal(r.body.field, 'phone', JSON.stringify(r.body));
      }
      const sameName = await Promise.all(
        [1, 2, 3].map((i) =>
          admin.post(
            '/api/accounts',
            newAccount('race.name', 'handler', '310101002001', { phone: `1391234010${i}` }),
          ),
        ),
      );
      assert.deepEqual(sameName.map((r) => r.status).sort(), [201, 409, 409]);
      for (const r of sameName.filter((r) => r.status === 409)) {
        assert.equal(r.body.field, 'username', JSON.stringify(r.body));
      }
      const made = await tp.platform.database.db
        .selectFrom('accounts')
        .select('username')
        .where('username', 'like', 'race.%')
        .execute();
      assert.equal(made.length, 2);
    });

    it('when migration 0013 meets two accounts with one phone, then the oldest keeps it and the unique index is made', async () => {
      const db = tp.platform.database.db;
      const file = readFileSync(
        new URL('../../platform/migrations/0013-one-time-codes.sql', import.meta.url),
        'utf8',
      );
      const identityPart = file.slice(file.indexOf("-- IDENTITY'S"));
      assert.match(identityPart, /CREATE UNIQUE INDEX accounts_phone_hmac_key/);
      const phone = '13912340099';
      const made = [];
      for (const name of ['dup.first', 'dup.second', 'dup.third']) {
        const r = await admin.post('/api/accounts', newAccount(name, 'handler', '310101002001'));
        assert.equal(r.status, 201, JSON.stringify(r.body));
        made.push(r.body.id as string);
      }
      // as before 0013: no index, and the phone given to all three (the oldest made first)
      await sql`drop index accounts_phone_hmac_key`.execute(db);
      for (const [i, id] of made.entries()) {
        await db
          .updateTable('accounts')
          .set({
            phone_enc: tp.platform.deps.cipher.encrypt(phone),
            phone_hmac: tp.platform.deps.cipher.lookupHash(phone),
            phone_masked: '139****0099',
            created_at: new Date(Date.UTC(2025, 0, 1 + i)),
          })
          .where('id', '=', id)
          .execute();
      }
      await sql.raw(identityPart).execute(db);
      const rows = await db
        .selectFrom('accounts')
        .select(['username', 'phone_hmac', 'phone_masked', 'phone_enc'])
        .where('id', 'in', made)
        .orderBy('username')
        .execute();
      assert.deepEqual(
        rows.map((r) => [r.username, r.phone_masked, r.phone_hmac !== null, r.phone_enc !== null]),
        [
          ['dup.first', '139****0099', true, true],
          ['dup.second', null, false, false],
          ['dup.third', null, false, false],
        ],
      );
      const again = await admin.post(
        '/api/accounts',
        newAccount('dup.fourth', 'handler', '310101002001', { phone }),
      );
      assert.equal(again.status, 409, 'the index holds again');
      await assert.rejects(
        db
          .updateTable('accounts')
          .set({ phone_hmac: rows[0]!.phone_hmac })
          .where('id', '=', made[1]!)
          .execute(),
      );
    });
  });
}
