import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sha256 } from '../../platform/crypto.js';
import {
  DATABASES,
  DEMO,
  startTestPlatform,
  type Client,
  type TestPlatform,
} from '../../testing.js';

const cookieOf = (c: Client) => [...c.cookies.values()][0]!;

for (const kind of DATABASES) {
  describe(`sign-in and sessions (${kind})`, () => {
    let tp: TestPlatform;
    before(async () => {
      tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 1000 });
    });
    after(() => tp.close());

    it('when every sample account signs in, then /me lists its one role at its area', async () => {
      for (const a of DEMO.accounts) {
        const c = await tp.login(a.username);
        const me = await c.get('/api/auth/me');
        assert.equal(me.status, 200);
        assert.equal(me.body.username, a.username);
        assert.deepEqual(
          me.body.roles.map((r: { role: string; areaCode: string }) => [r.role, r.areaCode]),
          [[a.role, a.areaCode]],
        );
      }
    });

    it('when signing in, then the cookie is HttpOnly, SameSite=Strict and the token is stored hashed', async () => {
      const c = tp.client();
      const r = await c.post('/api/auth/login', { username: 'admin', password: DEMO.password });
      assert.equal(r.status, 200);
      const setCookie = r.headers.get('set-cookie')!;
      assert.match(setCookie, /HttpOnly/i);
      assert.match(setCookie, /SameSite=Strict/i);
      const token = cookieOf(c);
      const rows = await tp.platform.database.db.selectFrom('sessions').select('id').execute();
      assert.ok(rows.some((s) => s.id === sha256(token)));
      assert.ok(!rows.some((s) => s.id === token));
    });

    it('when signing in again, then the old session token stops working (rotation)', async () => {
      const c = await tp.login('admin');
      const old = cookieOf(c);
      await c.post('/api/auth/login', { username: 'admin', password: DEMO.password });
      assert.notEqual(cookieOf(c), old);
      const stale = tp.client();
      stale.cookies.set('cc_session', old);
      assert.equal((await stale.get('/api/auth/me')).status, 401);
      assert.equal((await c.get('/api/auth/me')).status, 200);
    });

    it('when signing out, then the session ends', async () => {
      const c = await tp.login('huangpu');
      const token = cookieOf(c);
      assert.equal((await c.post('/api/auth/logout')).status, 204);
      const again = tp.client();
      again.cookies.set('cc_session', token);
      assert.equal((await again.get('/api/auth/me')).status, 401);
    });

    it('when the password is wrong or the user unknown, then 401 with the same message', async () => {
      const wrong = await tp
        .client()
        .post('/api/auth/login', { username: 'city', password: 'nope-nope' });
      const unknown = await tp
        .client()
        .post('/api/auth/login', { username: 'ghost', password: 'x' });
      assert.equal(wrong.status, 401);
      assert.equal(unknown.status, 401);
      assert.equal(wrong.body.message, unknown.body.message);
    });

    it('when a session idles 30 minutes or passes 12 hours, then it is refused', async () => {
      const { db } = tp.platform.database;
      const idle = await tp.login('grid');
      await db
        .updateTable('sessions')
        .set({ last_seen_at: new Date(Date.now() - 31 * 60 * 1000) })
        .where('id', '=', sha256(cookieOf(idle)))
        .execute();
      assert.equal((await idle.get('/api/auth/me')).status, 401);
      const old = await tp.login('grid');
      await db
        .updateTable('sessions')
        .set({ expires_at: new Date(Date.now() - 1000) })
        .where('id', '=', sha256(cookieOf(old)))
        .execute();
      assert.equal((await old.get('/api/auth/me')).status, 401);
    });

    it('when the cookie is forged, then 401', async () => {
      for (const forged of ['x', 'A'.repeat(43), "' OR 1=1 --", 'a'.repeat(5000)]) {
        const c = tp.client();
        c.cookies.set('cc_session', encodeURIComponent(forged));
        const r = await c.get('/api/auth/me');
        assert.equal(r.status, 401, forged.slice(0, 10));
      }
    });

    it('when one account fails 5 times, then it is locked: 429 with Retry-After, even with the right password', async () => {
      for (let i = 0; i < 5; i++) {
        const r = await tp
          .client()
          .post('/api/auth/login', { username: 'resident', password: `wrong-${i}` });
        assert.equal(r.status, 401);
      }
      const r = await tp
        .client()
        .post('/api/auth/login', { username: 'resident', password: DEMO.password });
      assert.equal(r.status, 429);
      assert.ok(Number(r.headers.get('retry-after')) > 0);
      assert.equal(r.body.code, 'TOO_MANY_REQUESTS');
      const failures = await tp.platform.database.db
        .selectFrom('audit_log')
        .select(['outcome'])
        .where('action', '=', 'auth.login')
        .where('detail', '@>', JSON.stringify({ username: 'resident' }) as never)
        .execute();
      assert.ok(failures.filter((f) => f.outcome === 'failed').length >= 5);
    });

    it('when the login body is bad, then 4xx names the field and nothing is created', async () => {
      const c = tp.client();
      const cases: [unknown, string | undefined, number][] = [
        [{ username: 'admin' }, 'password', 400],
        [{ username: 'admin', password: 'x', extra: 1 }, 'extra', 400],
        [{ username: 42, password: 'x' }, 'username', 400],
        ['not json', 'body', 400],
      ];
      for (const [body, field, status] of cases) {
        const r = await c.request('POST', '/api/auth/login', body, {
          'content-type': 'application/json',
        });
        assert.equal(r.status, status, JSON.stringify(body));
        assert.equal(r.body.field, field, JSON.stringify(body));
      }
      const text = await c.request('POST', '/api/auth/login', 'username=admin', {
        'content-type': 'text/plain',
      });
      assert.equal(text.status, 415);
      const huge = await c.post('/api/auth/login', {
        username: 'admin',
        password: 'x'.repeat(2_000_000),
      });
      assert.equal(huge.status, 413);
      assert.equal(c.cookies.size, 0);
    });
  });

  describe(`behind a TLS proxy, with a per-address sign-in limit (${kind})`, () => {
    let tp: TestPlatform;
    before(async () => {
      tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 3, trustProxy: true });
    });
    after(() => tp.close());

    it('when the request came over TLS, then the cookie is __Host- prefixed and Secure', async () => {
      const c = tp.client();
      const r = await c.post(
        '/api/auth/login',
        { username: 'admin', password: DEMO.password },
        { 'x-forwarded-proto': 'https' },
      );
      assert.equal(r.status, 200);
      const setCookie = r.headers.get('set-cookie')!;
      assert.match(setCookie, /^__Host-cc_session=/);
      assert.match(setCookie, /; Secure/i);
      assert.match(setCookie, /Path=\//);
      const me = await c.get('/api/auth/me', { 'x-forwarded-proto': 'https' });
      assert.equal(me.status, 200);
    });

    it('when one address tries too often, then 429 with Retry-After', async () => {
      const statuses = [];
      // the TLS test above used one attempt of this address's three
      for (let i = 0; i < 3; i++) {
        const r = await tp.client().post('/api/auth/login', { username: `u${i}`, password: 'x' });
        statuses.push(r.status);
        if (r.status === 429) {
          assert.ok(Number(r.headers.get('retry-after')) > 0);
          assert.equal(r.body.code, 'TOO_MANY_REQUESTS');
        }
      }
      assert.deepEqual(statuses, [401, 401, 429]);
    });
  });
}
