import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { RECOVERY_CODE_PATTERN } from '@cc/contracts';
import {
  accountId,
  DATABASES,
  DEMO,
  startTestPlatform,
  type Client,
  type TestPlatform,
} from '../../testing.js';
import { loadConfig } from '../../platform/config.js';
import { createDataCipher } from '../../platform/crypto.js';
import { rotateData } from '../../platform/key-rotation.js';
import { rekeyRecoveryCodes, useRecoveryCode } from './recovery-codes.js';
import { needsSecondFactor } from './second-factor.js';
import { base32Decode, totp } from './totp.js';

const now = () => Math.floor(Date.now() / 1000);
const DEMO_PASSWORD = DEMO.password;
const XUHUI = '310104000000';

/** A 6-digit code that is not `code`. */
const otherThan = (code: string) => (code === '000000' ? '111111' : '000000');

describe('which accounts need a second factor (TOTP_REQUIRED_ROLES)', () => {
  it('when TOTP_REQUIRED_ROLES names roles, then they are read, trimmed and deduplicated; none by default', () => {
    assert.deepEqual(loadConfig({ NODE_ENV: 'test' }, []).totpRequiredRoles, []);
    assert.deepEqual(
      loadConfig(
        {
          NODE_ENV: 'test',
          TOTP_REQUIRED_ROLES: ' street_operator, District_Operator,street_operator',
        },
        [],
      ).totpRequiredRoles,
      ['street_operator', 'district_operator'],
    );
  });

  it('when TOTP_REQUIRED_ROLES names no role, or names resident, then the start stops and says which', () => {
    assert.throws(
      () => loadConfig({ NODE_ENV: 'test', TOTP_REQUIRED_ROLES: 'committee_staff,boss' }, []),
      /TOTP_REQUIRED_ROLES: "boss" is no role/,
    );
    assert.throws(
      () => loadConfig({ NODE_ENV: 'test', TOTP_REQUIRED_ROLES: 'resident' }, []),
      /residents sign in by SMS code/,
    );
  });

  it('when in production, then administrators and committee staff need it whatever the setting says; the setting only adds', () => {
    const prod = { production: true, totpRequiredRoles: [] };
    const dev = { production: false, totpRequiredRoles: [] };
    assert.equal(needsSecondFactor(prod, ['administrator']), true);
    assert.equal(needsSecondFactor(prod, ['grid_leader', 'committee_staff']), true);
    assert.equal(needsSecondFactor(prod, ['grid_leader', 'resident']), false);
    assert.equal(needsSecondFactor(dev, ['administrator', 'committee_staff']), false);
    assert.equal(
      needsSecondFactor({ production: true, totpRequiredRoles: ['street_operator'] }, [
        'street_operator',
      ]),
      true,
    );
    assert.equal(
      needsSecondFactor({ production: false, totpRequiredRoles: ['street_operator'] }, [
        'street_operator',
      ]),
      true,
    );
  });
});

for (const kind of DATABASES) {
  describe(`second factor by configuration, recovery codes and reset (${kind})`, () => {
    let tp: TestPlatform;
    let admin: Client;
    let yunnan: Client;
    let yunnanId: string;
    let secret: Buffer;
    let codes: string[];

    before(async () => {
      tp = await startTestPlatform(kind, {
        // committee staff sign in with a second factor here (in production they always do)
        totpRequiredRoles: ['committee_staff'],
        loginsPerMinutePerIp: 1000,
        loginFailuresPerAddress: 1000,
      });
      admin = await tp.login('admin');
      yunnanId = await accountId(tp, 'yunnan');
    });
    after(() => tp.close());

    const signIn = (body: Record<string, string>, client = tp.client()) =>
      client.post('/api/auth/login', { username: 'yunnan', password: DEMO_PASSWORD, ...body });

    it('when a role the setting names signs in without TOTP, then the session only enrols; other roles and the demo outside production sign in fully', async () => {
      yunnan = tp.client();
      const r = await signIn({}, yunnan);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.totpEnrolmentRequired, true);
      assert.equal((await yunnan.get('/api/auth/me')).status, 401);
      assert.equal((await yunnan.get('/api/accounts')).status, 401);
      // the administrator is no committee staff, and this is not production: a full session
      assert.equal((await admin.get('/api/auth/me')).status, 200);
      const grid = await tp.login('grid');
      assert.equal((await grid.get('/api/auth/me')).status, 200);
      // a resident-only account cannot turn TOTP on: residents sign in by SMS code
      const resident = await tp.login('resident');
      assert.equal((await resident.post('/api/auth/totp/setup')).status, 403);
      const status = await resident.get('/api/auth/totp');
      assert.equal(status.status, 200);
      assert.equal(status.body.canEnrol, false);
      assert.equal(status.body.isRequired, false);
    });

    it('when the enrolment is set up and confirmed, then a QR code of the URI comes with the secret, and 10 recovery codes come back once, stored only as keyed hashes', async () => {
      const setup = await yunnan.post('/api/auth/totp/setup');
      assert.equal(setup.status, 200, JSON.stringify(setup.body));
      assert.equal(setup.headers.get('cache-control'), 'no-store');
      assert.match(setup.body.qrDataUrl, /^data:image\/svg\+xml;base64,/);
      const svg = Buffer.from(setup.body.qrDataUrl.split(',')[1], 'base64').toString('utf8');
      assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      assert.match(svg, /<path /);
      assert.equal(new URL(setup.body.otpauthUri).searchParams.get('secret'), setup.body.secret);
      secret = base32Decode(setup.body.secret);

      const ok = await yunnan.post('/api/auth/totp/confirm', { code: totp(secret, now()) });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal(ok.headers.get('cache-control'), 'no-store');
      assert.equal(ok.body.username, 'yunnan');
      codes = ok.body.recoveryCodes;
      assert.equal(codes.length, 10);
      assert.equal(new Set(codes).size, 10);
      for (const code of codes) assert.match(code, new RegExp(RECOVERY_CODE_PATTERN));
      assert.equal((await yunnan.get('/api/auth/me')).status, 200, 'now a full session');

      const rows = await tp.platform.database.db
        .selectFrom('totp_recovery_codes')
        .selectAll()
        .where('account_id', '=', yunnanId)
        .execute();
      assert.equal(rows.length, 10);
      const stored = JSON.stringify(rows);
      for (const code of codes) {
        assert.ok(!stored.includes(code), 'no code in clear');
        assert.ok(!stored.includes(code.replace('-', '')), 'no code in clear, without its dash');
      }
      for (const row of rows) {
        assert.match(tp.platform.deps.cipher.decrypt(row.hash_key_enc), /^[0-9a-f]{64}$/);
        assert.equal(row.used_at, null);
      }

      const status = await yunnan.get('/api/auth/totp');
      assert.equal(status.status, 200);
      assert.equal(status.body.isEnabled, true);
      assert.equal(status.body.recoveryCodesLeft, 10);
      assert.equal(status.body.isRequired, true);
      const shown = await admin.get(`/api/accounts/${yunnanId}`);
      assert.equal(shown.body.totpEnabled, true);
      const grid = await admin.get(`/api/accounts/${await accountId(tp, 'grid')}`);
      assert.equal(grid.body.totpEnabled, false);
    });

    it('when a recovery code stands in for the TOTP code, then it signs in once, as typed in any case, its second use is a 401 naming recoveryCode, and the use is audited', async () => {
      yunnan = tp.client();
      const first = await signIn(
        { recoveryCode: codes[0]!.toUpperCase().replace('-', ' ') },
        yunnan,
      );
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.equal(first.body.totpEnrolmentRequired, undefined);
      assert.equal(first.body.recoveryCodesLeft, 9);
      assert.equal((await yunnan.get('/api/auth/me')).status, 200);

      const again = await signIn({ recoveryCode: codes[0]! });
      assert.equal(again.status, 401);
      assert.equal(again.body.field, 'recoveryCode');
      assert.equal(again.body.rule, 'matches');
      assert.equal(again.headers.get('set-cookie'), null);

      const audited = await tp.platform.database.db
        .selectFrom('audit_log')
        .select(['outcome', 'detail', 'actor_id'])
        .where('action', '=', 'auth.totp.recovery_code.use')
        .where('object_id', '=', yunnanId)
        .execute();
      assert.equal(audited.length, 1);
      assert.equal(audited[0]!.outcome, 'ok');
      assert.equal(audited[0]!.actor_id, yunnanId);
      assert.deepEqual(audited[0]!.detail, { left: 9 });
      const failed = await tp.platform.database.db
        .selectFrom('audit_log')
        .select('detail')
        .where('action', '=', 'auth.login')
        .where('object_id', '=', yunnanId)
        .where('outcome', '=', 'failed')
        .execute();
      assert.ok(failed.some((f) => JSON.stringify(f.detail).includes('wrong recovery code')));
      assert.ok(!JSON.stringify(failed).includes(codes[0]!), 'the code is not in the audit log');
    });

    it('when a TOTP code lies outside one step either side of now, then 401 names totp', async () => {
      for (const t of [now() + 90, now() - 90]) {
        const code = totp(secret, t);
        // a code outside the window that happens to equal one inside proves nothing: skip it
        const inside = [now() - 30, now(), now() + 30].map((u) => totp(secret, u));
        if (inside.includes(code)) continue;
        const r = await signIn({ totp: code });
        assert.equal(r.status, 401, `T ${t - now()} s`);
        assert.equal(r.body.field, 'totp');
        assert.equal(r.body.rule, 'matches');
      }
    });

    it('when both a TOTP code and a recovery code are sent, or either is malformed, then 400 names the field and no code is used', async () => {
      const both = await signIn({ totp: '123456', recoveryCode: codes[2]! });
      assert.equal(both.status, 400);
      assert.equal(both.body.field, 'recoveryCode');
      for (const bad of ['abc', 'abcde-fghij!', 'abcde--fghij', '']) {
        const r = await signIn({ recoveryCode: bad });
        assert.equal(r.status, 400, bad);
        assert.equal(r.body.field, 'recoveryCode', bad);
      }
      for (const bad of ['12ab56', '1234567', '12345']) {
        const r = await signIn({ totp: bad });
        assert.equal(r.status, 400, bad);
        assert.equal(r.body.field, 'totp', bad);
      }
      const left = await yunnan.get('/api/auth/totp');
      assert.equal(left.body.recoveryCodesLeft, 9, 'nothing was used');
    });

    it('when a new set is asked for, then a wrong or malformed TOTP code is a 400 naming code; a current one makes 10 new codes and the old set stops working', async () => {
      const wrong = await yunnan.post('/api/auth/totp/recovery-codes', {
        code: otherThan(totp(secret, now())),
      });
      assert.equal(wrong.status, 400);
      assert.equal(wrong.body.field, 'code');
      const malformed = await yunnan.post('/api/auth/totp/recovery-codes', { code: 'abcdef' });
      assert.equal(malformed.status, 400);
      assert.equal(malformed.body.field, 'code');
      const noSession = await tp.client().post('/api/auth/totp/recovery-codes', { code: '123456' });
      assert.equal(noSession.status, 401);

      // the next step's code: within the window, and later than the one the confirmation took
      const code = totp(secret, now() + 30);
      const renewed = await yunnan.post('/api/auth/totp/recovery-codes', { code });
      assert.equal(renewed.status, 200, JSON.stringify(renewed.body));
      assert.equal(renewed.headers.get('cache-control'), 'no-store');
      const fresh: string[] = renewed.body.codes;
      assert.equal(fresh.length, 10);
      assert.ok(fresh.every((c) => !codes.includes(c)));

      // the code that made the set is spent: the same code does not sign in in its step
      const reused = await signIn({ totp: code });
      assert.equal(reused.status, 401);
      assert.equal(reused.body.field, 'totp');

      const old = await signIn({ recoveryCode: codes[1]! });
      assert.equal(old.status, 401, 'the old set stopped working');
      assert.equal(old.body.field, 'recoveryCode');
      yunnan = tp.client();
      const ok = await signIn({ recoveryCode: fresh[0]! }, yunnan);
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal(ok.body.recoveryCodesLeft, 9);
      codes = fresh;

      const audited = await tp.platform.database.db
        .selectFrom('audit_log')
        .select('outcome')
        .where('action', '=', 'auth.totp.recovery_codes')
        .where('object_id', '=', yunnanId)
        .orderBy('seq')
        .execute();
      assert.deepEqual(
        audited.map((a) => a.outcome),
        ['failed', 'ok'],
      );
    });

    it('when anyone but an administrator of its area resets the account’s TOTP, then 403 or 404 and nothing changes', async () => {
      const made = await admin.post('/api/accounts', {
        username: 'xh.admin',
        displayName: '徐汇管理员',
        password: 'a-xuhui-admin-passphrase',
        roles: [{ role: 'administrator', areaCode: XUHUI }],
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const xuhuiAdmin = await tp.login('xh.admin', 'a-xuhui-admin-passphrase');
      const [grid, huangpu] = await Promise.all([tp.login('grid'), tp.login('huangpu')]);
      const url = `/api/accounts/${yunnanId}/totp/reset`;
      assert.equal((await grid.post(url)).status, 403, 'no account manager');
      assert.equal((await huangpu.post(url)).status, 403, 'a manager, but no administrator');
      assert.equal((await yunnan.post(url)).status, 403, 'committee staff manage, not reset');
      assert.equal((await xuhuiAdmin.post(url)).status, 404, 'an administrator of another area');
      assert.equal((await tp.client().post(url)).status, 401);
      const unknown = await admin.post(
        '/api/accounts/00000000-0000-4000-8000-000000000000/totp/reset',
      );
      assert.equal(unknown.status, 404);
      const malformed = await admin.post('/api/accounts/not-an-id/totp/reset');
      assert.equal(malformed.status, 400);
      assert.equal(malformed.body.field, 'id');
      const own = await admin.post(`/api/accounts/${await accountId(tp, 'admin')}/totp/reset`);
      assert.equal(own.status, 409, 'nobody resets their own');

      const row = await tp.platform.database.db
        .selectFrom('accounts')
        .select(['totp_enabled_at', 'totp_secret_enc'])
        .where('id', '=', yunnanId)
        .executeTakeFirstOrThrow();
      assert.notEqual(row.totp_enabled_at, null);
      assert.notEqual(row.totp_secret_enc, null);
      assert.equal((await yunnan.get('/api/auth/me')).status, 200, 'the session goes on');
      const denied = await tp.platform.database.db
        .selectFrom('audit_log')
        .select('outcome')
        .where('action', '=', 'account.totp.reset')
        .where('outcome', '=', 'denied')
        .execute();
      assert.ok(denied.length >= 3);
    });

    it('when an administrator of its area resets the account’s TOTP, then it is off, its recovery codes are gone, its sessions end, and the next sign-in enrols again', async () => {
      const r = await admin.post(`/api/accounts/${yunnanId}/totp/reset`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.totpEnabled, false);
      assert.equal((await yunnan.get('/api/auth/me')).status, 401, 'its sessions ended');
      const row = await tp.platform.database.db
        .selectFrom('accounts')
        .select(['totp_enabled_at', 'totp_secret_enc', 'totp_last_step'])
        .where('id', '=', yunnanId)
        .executeTakeFirstOrThrow();
      assert.deepEqual(row, { totp_enabled_at: null, totp_secret_enc: null, totp_last_step: null });
      const left = await tp.platform.database.db
        .selectFrom('totp_recovery_codes')
        .select('id')
        .where('account_id', '=', yunnanId)
        .execute();
      assert.equal(left.length, 0);
      const audited = await tp.platform.database.db
        .selectFrom('audit_log')
        .select(['actor_name', 'outcome'])
        .where('action', '=', 'account.totp.reset')
        .where('outcome', '=', 'ok')
        .execute();
      assert.deepEqual(audited, [{ actor_name: 'admin', outcome: 'ok' }]);

      // a recovery code of the old set is no way in; the password alone only enrols again
      const old = await signIn({ recoveryCode: codes[1]! });
      assert.equal(old.status, 200);
      assert.equal(old.body.totpEnrolmentRequired, true);
      assert.equal((await admin.post(`/api/accounts/${yunnanId}/totp/reset`)).status, 409);
    });

    it('when a role that needs a second factor is granted to an account without one, then its open sessions end and its next sign-in enrols', async () => {
      const grid = await tp.login('grid');
      const gridId = await accountId(tp, 'grid');
      const r = await admin.post(`/api/accounts/${gridId}/roles`, {
        role: 'committee_staff',
        areaCode: '310101002001',
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal((await grid.get('/api/auth/me')).status, 401);
      const again = await tp.client().post('/api/auth/login', {
        username: 'grid',
        password: DEMO_PASSWORD,
      });
      assert.equal(again.body.totpEnrolmentRequired, true);
    });

    it('when the API document is read, then the second factor’s paths are in it', async () => {
      const doc = await tp.client().get('/api/openapi.json');
      assert.equal(doc.status, 200);
      for (const [path, method] of [
        ['/api/auth/totp', 'get'],
        ['/api/auth/totp/setup', 'post'],
        ['/api/auth/totp/confirm', 'post'],
        ['/api/auth/totp/recovery-codes', 'post'],
        ['/api/accounts/{id}/totp/reset', 'post'],
      ] as const) {
        assert.ok(doc.body.paths[path]?.[method], `${method} ${path}`);
      }
      const login = doc.body.paths['/api/auth/login'].post.requestBody.content['application/json'];
      assert.ok(login.schema.properties.recoveryCode, 'the sign-in body documents recoveryCode');
    });

    it('when the data key is rotated, then the recovery codes still work under the new key, and not under the old', async () => {
      // a fresh enrolment for an account of its own, so the suite's other accounts are untouched
      const made = await admin.post('/api/accounts', {
        username: 'rk.staff',
        displayName: '密钥轮换',
        password: 'a-rekey-staff-passphrase',
        roles: [{ role: 'committee_staff', areaCode: '310101002001' }],
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const c = tp.client();
      await c.post('/api/auth/login', {
        username: 'rk.staff',
        password: 'a-rekey-staff-passphrase',
      });
      const setup = await c.post('/api/auth/totp/setup');
      const confirmed = await c.post('/api/auth/totp/confirm', {
        code: totp(base32Decode(setup.body.secret), now()),
      });
      assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
      const rkCodes: string[] = confirmed.body.recoveryCodes;

      const db = tp.platform.database.db;
      const from = tp.platform.deps.cipher;
      const to = createDataCipher(crypto.randomBytes(32));
      const counts = await rotateData(db, from, to, { totp_recovery_codes: rekeyRecoveryCodes });
      assert.ok(counts.totp_recovery_codes! >= 10);
      const id = made.body.id as string;
      assert.deepEqual(await useRecoveryCode(db, to, id, rkCodes[0]!), { left: 9 });
      assert.equal(await useRecoveryCode(db, to, id, rkCodes[0]!), null, 'once');
      await assert.rejects(useRecoveryCode(db, from, id, rkCodes[1]!), 'the old key opens nothing');
    });
  });
}
