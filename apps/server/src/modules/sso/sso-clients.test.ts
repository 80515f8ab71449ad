import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { SsoClient, SsoClientList, SsoClientWithSecret } from '@cc/contracts';
import { createDataCipher } from '../../platform/crypto.js';
import { rotateData } from '../../platform/key-rotation.js';
import { registerTestClient } from '../../testing-sso.js';
import {
  DATABASES,
  staffAccount,
  startTestPlatform,
  type Client,
  type TestPlatform,
} from '../../testing.js';
import { manifest } from './index.js';
import { disablePublishedSecretClients } from './clients.js';
import { loadSigningKeys } from './signing-keys.js';

type Err = { field?: string; rule?: string; message: string };

const body = (o: Record<string, unknown> = {}) => ({
  name: '社区事务受理系统',
  department: '市民政局',
  redirectUris: ['https://shouli.example.com/callback'],
  initiateLoginUri: 'https://shouli.example.com/login',
  allowedRoles: ['committee_staff'],
  allowedClaims: ['name'],
  ...o,
});

for (const kind of DATABASES) {
  describe(`department systems, registered by an administrator (${kind})`, () => {
    let tp: TestPlatform;
    let admin: Client;
    const db = () => tp.platform.database.db;
    const count = async () =>
      Number(
        (
          await db()
            .selectFrom('sso_clients')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    /** the token endpoint as a system calls it, with a code that does not exist */
    const tokenCall = (clientId: string, secret: string) =>
      fetch(`${tp.baseUrl}/oidc/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
        },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: 'no-such-code',
          redirect_uri: 'https://shouli.example.com/callback',
          code_verifier: 'x'.repeat(43),
        }).toString(),
      });

    before(async () => {
      tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 1000 });
      admin = await tp.login('admin');
    });
    after(() => tp.close());

    it('when an administrator registers a system, then it gets a client_id and a secret shown once, kept encrypted, audited', async () => {
      const r = await admin.post<SsoClientWithSecret>('/api/sso/clients', body());
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.match(r.body.clientId, /^cc-[0-9a-f]{16}$/);
      assert.match(r.body.clientSecret, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(r.body.disabled, false);
      assert.deepEqual(r.body.postLogoutRedirectUris, []);
      assert.equal(r.body.backchannelLogoutUri, null);
      const row = await db()
        .selectFrom('sso_clients')
        .select('secret_enc')
        .where('id', '=', r.body.id)
        .executeTakeFirstOrThrow();
      assert.ok(!row.secret_enc.includes(r.body.clientSecret));
      assert.equal(tp.platform.deps.cipher.decrypt(row.secret_enc), r.body.clientSecret);
      const list = await admin.get<SsoClientList>('/api/sso/clients');
      const listed = list.body.items.find((c) => c.id === r.body.id)!;
      assert.equal((listed as Partial<SsoClientWithSecret>).clientSecret, undefined);
      const audit = await db()
        .selectFrom('audit_log')
        .select('object_id')
        .where('action', '=', 'sso.client.create')
        .execute();
      assert.ok(audit.some((a) => a.object_id === r.body.id));
      // the secret works at the token endpoint (the code does not: invalid_grant, not invalid_client)
      const res = await tokenCall(r.body.clientId, r.body.clientSecret);
      assert.equal(res.status, 400);
      assert.equal(((await res.json()) as { error: string }).error, 'invalid_grant');
    });

    it('when an address is not https (or http on this machine), has a fragment or is no URL, then 400 naming the field and the rule, and nothing is written', async () => {
      const before = await count();
      const cases: [Record<string, unknown>, string, string][] = [
        [
          { redirectUris: ['https://ok.example.com/cb', 'http://shouli.example.com/cb'] },
          'redirectUris.1',
          'scheme',
        ],
        [{ redirectUris: ['ftp://shouli.example.com/cb'] }, 'redirectUris.0', 'scheme'],
        [{ redirectUris: ['not a url'] }, 'redirectUris.0', 'url'],
        [{ redirectUris: ['https://shouli.example.com/cb#x'] }, 'redirectUris.0', 'fragment'],
        [{ postLogoutRedirectUris: ['http://10.0.0.8/bye'] }, 'postLogoutRedirectUris.0', 'scheme'],
        [{ initiateLoginUri: 'http://shouli.example.com/login' }, 'initiateLoginUri', 'scheme'],
        [{ backchannelLogoutUri: 'javascript:alert(1)' }, 'backchannelLogoutUri', 'scheme'],
        [{ logoUrl: 'http://cdn.example.com/logo.png' }, 'logoUrl', 'scheme'],
        [{ name: '   ' }, 'name', 'minLength'],
      ];
      for (const [o, field, rule] of cases) {
        const r = await admin.post<Err>('/api/sso/clients', body(o));
        assert.equal(r.status, 400, JSON.stringify(o));
        assert.equal(r.body.field, field, JSON.stringify(r.body));
        assert.equal(r.body.rule, rule, JSON.stringify(r.body));
      }
      for (const o of [
        { allowedClaims: ['email'] },
        { allowedRoles: [] },
        { allowedRoles: ['mayor'] },
        { clientSecret: 'mine' },
        { redirectUris: [] },
      ]) {
        const r = await admin.post<Err>('/api/sso/clients', body(o));
        assert.equal(r.status, 400, JSON.stringify(o));
      }
      assert.equal(await count(), before);
      // http on this machine is taken (a system under test, the demo department system)
      const local = await admin.post('/api/sso/clients', {
        ...body(),
        redirectUris: ['http://localhost:3001/callback', 'http://127.0.0.1:3001/callback'],
        initiateLoginUri: 'http://localhost:3001/login',
        backchannelLogoutUri: 'http://localhost:3001/backchannel-logout',
        logoUrl: '/logos/demo.png',
      });
      assert.equal(local.status, 201, JSON.stringify(local.body));
    });

    it('when an administrator changes a system, then the fields given change (checked the same), audited; an unknown id is 404', async () => {
      const c = await registerTestClient(tp, admin);
      const r = await admin.request<SsoClient>('PUT', `/api/sso/clients/${c.id}`, {
        name: '改名后的系统',
        allowedClaims: ['roles', 'name', 'roles'],
        backchannelLogoutUri: 'https://x.example.com/bc',
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.name, '改名后的系统');
      assert.deepEqual(r.body.allowedClaims, ['name', 'roles']);
      assert.equal(r.body.backchannelLogoutUri, 'https://x.example.com/bc');
      assert.deepEqual(r.body.redirectUris, c.redirectUris, 'untouched');
      const bad = await admin.request<Err>('PUT', `/api/sso/clients/${c.id}`, {
        redirectUris: ['http://x.example.com/cb'],
      });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.field, 'redirectUris.0');
      const cleared = await admin.request<SsoClient>('PUT', `/api/sso/clients/${c.id}`, {
        backchannelLogoutUri: null,
      });
      assert.equal(cleared.body.backchannelLogoutUri, null);
      const none = await admin.request('PUT', `/api/sso/clients/${crypto.randomUUID()}`, {
        name: 'x',
      });
      assert.equal(none.status, 404);
      const audit = await db()
        .selectFrom('audit_log')
        .select('object_id')
        .where('action', '=', 'sso.client.update')
        .execute();
      assert.ok(audit.some((a) => a.object_id === c.id));
    });

    it('when the secret is rotated, then the new one is shown once and the old one stops working at once', async () => {
      const c = await registerTestClient(tp, admin);
      const r = await admin.post<SsoClientWithSecret>(`/api/sso/clients/${c.id}/secret`);
      assert.equal(r.status, 200);
      assert.notEqual(r.body.clientSecret, c.clientSecret);
      assert.ok(Date.parse(r.body.secretRotatedAt) >= Date.parse(c.secretRotatedAt));
      assert.equal((await tokenCall(c.clientId, c.clientSecret)).status, 401);
      assert.equal((await tokenCall(c.clientId, r.body.clientSecret)).status, 400);
    });

    it('when a system is disabled, then the provider no longer knows it; enabled, it works again; both audited', async () => {
      const c = await registerTestClient(tp, admin);
      const off = await admin.post<SsoClient>(`/api/sso/clients/${c.id}/disable`);
      assert.equal(off.body.disabled, true);
      assert.equal((await tokenCall(c.clientId, c.clientSecret)).status, 401);
      const on = await admin.post<SsoClient>(`/api/sso/clients/${c.id}/enable`);
      assert.equal(on.body.disabled, false);
      assert.equal((await tokenCall(c.clientId, c.clientSecret)).status, 400);
      const actions = (
        await db().selectFrom('audit_log').select('action').where('object_id', '=', c.id).execute()
      ).map((a) => a.action);
      assert.ok(actions.includes('sso.client.disable') && actions.includes('sso.client.enable'));
      assert.equal(
        (await admin.post(`/api/sso/clients/${crypto.randomUUID()}/disable`)).status,
        404,
      );
    });

    it('when someone but a city-wide administrator manages systems, then 403 (audited), and nothing changes', async () => {
      const c = await registerTestClient(tp, admin);
      const yunnan = await tp.login('yunnan');
      const district = await staffAccount(tp, {
        username: 'sso-district-admin',
        role: 'administrator',
        areaCode: '310101000000',
      });
      for (const who of [yunnan, district]) {
        assert.equal((await who.get('/api/sso/clients')).status, 403);
        assert.equal((await who.post('/api/sso/clients', body())).status, 403);
        assert.equal(
          (await who.request('PUT', `/api/sso/clients/${c.id}`, { name: 'x' })).status,
          403,
        );
        assert.equal((await who.post(`/api/sso/clients/${c.id}/secret`)).status, 403);
        assert.equal((await who.post(`/api/sso/clients/${c.id}/disable`)).status, 403);
      }
      assert.equal((await tp.client().get('/api/sso/clients')).status, 401);
      const denied = await db()
        .selectFrom('audit_log')
        .select('actor_name')
        .where('action', 'like', 'sso.client.%')
        .where('outcome', '=', 'denied')
        .execute();
      assert.ok(denied.some((d) => d.actor_name === 'sso-district-admin'));
      const row = await admin.get<SsoClientList>('/api/sso/clients');
      const same = row.body.items.find((x) => x.id === c.id)!;
      assert.equal(same.name, c.name);
      assert.equal(same.disabled, false);
    });

    it('when the server starts in production on a database with the demo system, then its published secret no longer works', async () => {
      const demo = (await admin.get<SsoClientList>('/api/sso/clients')).body.items.find(
        (c) => c.clientId === 'dept-demo',
      )!;
      assert.equal(demo.disabled, false);
      assert.equal((await tokenCall('dept-demo', 'dept-demo-secret-2026')).status, 400);
      assert.deepEqual(await disablePublishedSecretClients(tp.platform.deps), ['dept-demo']);
      assert.equal((await tokenCall('dept-demo', 'dept-demo-secret-2026')).status, 401);
      assert.deepEqual(await disablePublishedSecretClients(tp.platform.deps), []);
    });

    it('when the data key is rotated, then the client secrets and the signing keys open under the new key only', async () => {
      const c = await registerTestClient(tp, admin);
      const old = tp.platform.deps.cipher;
      const next = createDataCipher(crypto.randomBytes(32));
      const counts = await rotateData(db(), old, next, manifest.rekeyers!);
      assert.ok(counts.sso_clients! >= 1 && counts.sso_keys! >= 1, JSON.stringify(counts));
      const row = await db()
        .selectFrom('sso_clients')
        .select('secret_enc')
        .where('id', '=', c.id)
        .executeTakeFirstOrThrow();
      assert.equal(next.decrypt(row.secret_enc), c.clientSecret);
      assert.throws(() => old.decrypt(row.secret_enc));
      const keys = await loadSigningKeys(db(), next);
      assert.ok(keys.length >= 1 && keys.every((k) => typeof k.d === 'string'));
      await assert.rejects(loadSigningKeys(db(), old));
    });
  });
}
