import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DATABASES, startTestPlatform, type Client, type TestPlatform } from '../../testing.js';
import { createAdministrator } from './accounts.service.js';
import { base32Decode, totp } from './totp.js';

const PASSWORD = 'a-first-admin-passphrase';
const now = () => Math.floor(Date.now() / 1000);

for (const kind of DATABASES) {
  describe(`administrators' and committee staff's second factor, in production (${kind})`, () => {
    let tp: TestPlatform;
    let secret: Buffer;
    let admin: Client;
    before(async () => {
      tp = await startTestPlatform(kind, {
        production: true,
        allowPgliteInProduction: true,
        // production needs the public address (certificates' QR codes lead there)
        publicUrl: 'https://cloud.example',
        auditKey: crypto.randomBytes(32).toString('hex'),
        demo: false,
        loginsPerMinutePerIp: 1000,
        loginFailuresPerAddress: 1000,
        // the setting cannot take administrators and committee staff off the list in production
        totpRequiredRoles: [],
      });
      await createAdministrator(tp.platform.deps, {
        username: 'first.admin',
        displayName: '首位管理员',
        password: PASSWORD,
        force: false,
      });
    });
    after(() => tp.close());

    it('when an administrator without TOTP signs in in production, then the session serves only the enrolment, and its cookie is __Host- and Secure over plain HTTP too', async () => {
      const c = tp.client();
      const r = await c.post('/api/auth/login', { username: 'first.admin', password: PASSWORD });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.totpEnrolmentRequired, true);
      const setCookie = r.headers.get('set-cookie')!;
      assert.match(setCookie, /^__Host-cc_session=/);
      assert.match(setCookie, /; Secure/i);
      assert.equal((await c.get('/api/auth/me')).status, 401);
      assert.equal((await c.get('/api/accounts')).status, 401);
      assert.equal((await c.get('/api/audit')).status, 401);

      const setup = await c.post('/api/auth/totp/setup');
      assert.equal(setup.status, 200, JSON.stringify(setup.body));
      assert.match(setup.body.secret, /^[A-Z2-7]{32}$/);
      const uri = new URL(setup.body.otpauthUri);
      assert.equal(uri.protocol, 'otpauth:');
      assert.equal(uri.searchParams.get('secret'), setup.body.secret);
      secret = base32Decode(setup.body.secret);

      const row = await tp.platform.database.db
        .selectFrom('accounts')
        .select(['totp_secret_enc', 'totp_enabled_at'])
        .where('username', '=', 'first.admin')
        .executeTakeFirstOrThrow();
      assert.ok(!row.totp_secret_enc!.includes(setup.body.secret), 'stored encrypted');
      assert.equal(tp.platform.deps.cipher.decrypt(row.totp_secret_enc!), setup.body.secret);
      assert.equal(row.totp_enabled_at, null, 'not on before it is confirmed');

      const wrongCode = totp(secret, now()) === '000000' ? '111111' : '000000';
      const wrong = await c.post('/api/auth/totp/confirm', { code: wrongCode });
      assert.equal(wrong.status, 400);
      assert.equal(wrong.body.field, 'code');
      assert.equal(wrong.body.rule, 'matches');

      const before = [...c.cookies.values()][0];
      const ok = await c.post('/api/auth/totp/confirm', { code: totp(secret, now()) });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal(ok.body.username, 'first.admin');
      assert.equal(ok.body.recoveryCodes.length, 10, 'the recovery codes come with it, once');
      assert.notEqual([...c.cookies.values()][0], before, 'the session is rotated');
      assert.equal((await c.get('/api/auth/me')).status, 200);
      assert.equal((await c.get('/api/accounts')).status, 200);
      const audited = await tp.platform.database.db
        .selectFrom('audit_log')
        .select('outcome')
        .where('action', '=', 'auth.totp.enable')
        .orderBy('seq')
        .execute();
      assert.deepEqual(
        audited.map((a) => a.outcome),
        ['failed', 'ok'],
      );
    });

    it('when TOTP is on, then sign-in asks for the code, refuses a wrong one, takes the right one once', async () => {
      const ask = await tp
        .client()
        .post('/api/auth/login', { username: 'first.admin', password: PASSWORD });
      assert.equal(ask.status, 401);
      assert.equal(ask.body.field, 'totp');
      assert.equal(ask.body.rule, 'required');
      assert.equal(ask.headers.get('set-cookie'), null);

      // the next step's code: accepted (one step of drift), and later than the one confirmed
      const code = totp(secret, now() + 30);
      const wrongCode = code === '000000' ? '111111' : '000000';
      const wrong = await tp
        .client()
        .post('/api/auth/login', { username: 'first.admin', password: PASSWORD, totp: wrongCode });
      assert.equal(wrong.status, 401);
      assert.equal(wrong.body.field, 'totp');
      assert.equal(wrong.body.rule, 'matches');

      admin = tp.client();
      const ok = await admin.post('/api/auth/login', {
        username: 'first.admin',
        password: PASSWORD,
        totp: code,
      });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal(ok.body.totpEnrolmentRequired, undefined);
      assert.equal((await admin.get('/api/accounts')).status, 200);

      const replay = await tp
        .client()
        .post('/api/auth/login', { username: 'first.admin', password: PASSWORD, totp: code });
      assert.equal(replay.status, 401, 'a code is good once');
      assert.equal(replay.body.rule, 'matches');
    });

    it('when setup is asked again once TOTP is on, then 409 and the secret stays', async () => {
      const r = await admin.post('/api/auth/totp/setup');
      assert.equal(r.status, 409);
      const row = await tp.platform.database.db
        .selectFrom('accounts')
        .select('totp_secret_enc')
        .where('username', '=', 'first.admin')
        .executeTakeFirstOrThrow();
      assert.deepEqual(base32Decode(tp.platform.deps.cipher.decrypt(row.totp_secret_enc!)), secret);
    });

    it('when committee staff without TOTP sign in in production, then the session serves only the enrolment, like an administrator’s', async () => {
      const made = await admin.post('/api/accounts', {
        username: 'committee.staff',
        displayName: '居委干部',
        password: 'a-committee-passphrase',
        roles: [{ role: 'committee_staff', areaCode: '310101002001' }],
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const c = tp.client();
      const r = await c.post('/api/auth/login', {
        username: 'committee.staff',
        password: 'a-committee-passphrase',
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.totpEnrolmentRequired, true);
      assert.equal((await c.get('/api/auth/me')).status, 401);
      assert.equal((await c.post('/api/auth/totp/setup')).status, 200);
    });

    it('when an account with neither role signs in in production, then it gets a full session without TOTP', async () => {
      const made = await admin.post('/api/accounts', {
        username: 'plain.staff',
        displayName: '网格长',
        password: 'a-grid-leader-passphrase',
        roles: [{ role: 'grid_leader', areaCode: '310101002001' }],
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const c = await tp.login('plain.staff', 'a-grid-leader-passphrase');
      assert.equal((await c.get('/api/auth/me')).status, 200);
    });

    it('when a code or a TOTP body is malformed, then 400 names the field, and without a session 401', async () => {
      const c = tp.client();
      const login = await c.post('/api/auth/login', {
        username: 'first.admin',
        password: PASSWORD,
        totp: '12ab56',
      });
      assert.equal(login.status, 400);
      assert.equal(login.body.field, 'totp');
      const confirm = await admin.post('/api/auth/totp/confirm', { code: 'abcdef' });
      assert.equal(confirm.status, 400);
      assert.equal(confirm.body.field, 'code');
      const extra = await admin.post('/api/auth/totp/confirm', { code: '123456', secret: 'x' });
      assert.equal(extra.status, 400);
      assert.equal(extra.body.field, 'secret');
      assert.equal((await tp.client().post('/api/auth/totp/setup')).status, 401);
      assert.equal(
        (await tp.client().post('/api/auth/totp/confirm', { code: '123456' })).status,
        401,
      );
    });
  });
}
