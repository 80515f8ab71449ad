import assert from 'node:assert/strict';
import http from 'node:http';
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
      tp = await startTestPlatform(kind, {
        loginsPerMinutePerIp: 1000,
        loginFailuresPerAddress: 1000,
      });
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

    it('when one account fails 5 times, then even the right password gets the answer of a wrong one, and the failures are audited', async () => {
      for (let i = 0; i < 5; i++) {
        const r = await tp
          .client()
          .post('/api/auth/login', { username: 'resident', password: `wrong-${i}` });
        assert.equal(r.status, 401);
      }
      const r = await tp
        .client()
        .post('/api/auth/login', { username: 'resident', password: DEMO.password });
      assert.equal(r.status, 401);
      assert.equal(r.body.code, 'UNAUTHENTICATED');
      assert.equal(r.headers.get('retry-after'), null);
      const failures = await tp.platform.database.db
        .selectFrom('audit_log')
        .select(['outcome'])
        .where('action', '=', 'auth.login')
        .where('detail', '@>', JSON.stringify({ username: 'resident' }) as never)
        .execute();
      assert.ok(failures.filter((f) => f.outcome === 'failed').length >= 5);
      assert.ok(
        failures.some((f) => f.outcome === 'denied'),
        'the refusal while locked',
      );
    });

    it('when 19 wrong passwords for one account arrive at once, then the account locks and the right password is refused', async () => {
      const answers = await Promise.all(
        Array.from({ length: 19 }, (_, i) =>
          tp.client().post('/api/auth/login', { username: 'handler', password: `guess-${i}` }),
        ),
      );
      assert.ok(answers.every((r) => r.status === 401));
      const r = await tp
        .client()
        .post('/api/auth/login', { username: 'handler', password: DEMO.password });
      assert.equal(r.status, 401, 'locked: the right password does not sign in');
      const row = await tp.platform.database.db
        .selectFrom('accounts')
        .select('locked_until')
        .where('username', '=', 'handler')
        .executeTakeFirstOrThrow();
      assert.ok(row.locked_until && row.locked_until.getTime() > Date.now());
      // at most 5 of the 19 were checked against the password: the rest met the lock
      const checked = await tp.platform.database.db
        .selectFrom('audit_log')
        .select(['outcome'])
        .where('action', '=', 'auth.login')
        .where('detail', '@>', JSON.stringify({ username: 'handler' }) as never)
        .where('outcome', '=', 'failed')
        .execute();
      assert.ok(checked.length <= 5, `${checked.length} passwords checked`);
    });

    it('when an unknown user, a wrong password and a locked account sign in, then status, code and message are the same', async () => {
      const { db } = tp.platform.database;
      await db
        .updateTable('accounts')
        .set({ locked_until: new Date(Date.now() + 10 * 60_000) })
        .where('username', '=', 'inspector')
        .execute();
      const answers = [
        await tp.client().post('/api/auth/login', { username: 'nobody-here', password: 'x' }),
        await tp.client().post('/api/auth/login', { username: 'city', password: 'wrong-one' }),
        await tp.client().post('/api/auth/login', { username: 'inspector', password: 'x' }),
        await tp
          .client()
          .post('/api/auth/login', { username: 'inspector', password: DEMO.password }),
      ];
      const shape = (r: (typeof answers)[number]) =>
        JSON.stringify([
          r.status,
          r.body,
          r.headers.get('retry-after'),
          r.headers.get('set-cookie'),
        ]);
      for (const r of answers) assert.equal(shape(r), shape(answers[0]!));
      assert.equal(answers[0]!.status, 401);
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

  describe(`behind a trusted proxy, with per-address sign-in limits (${kind})`, () => {
    let tp: TestPlatform;
    // the proxy is 127.0.0.2; a client connecting from 127.0.0.1 is no proxy
    const PROXY = '127.0.0.2';
    before(async () => {
      tp = await startTestPlatform(kind, {
        trustedProxies: [`${PROXY}/32`],
        trustProxy: true,
        loginsPerMinutePerIp: 6,
        loginFailuresPerAddress: 4,
      });
    });
    after(() => tp.close());

    const login = (
      from: string,
      headers: Record<string, string>,
      username: string,
      password: string,
    ) => postFrom(from, `${tp.baseUrl}/api/auth/login`, { username, password }, headers);
    const sessionIp = async (setCookie: string) => {
      const token = /=([^;]+)/.exec(setCookie)![1]!;
      const row = await tp.platform.database.db
        .selectFrom('sessions')
        .select('ip')
        .where('id', '=', sha256(token))
        .executeTakeFirstOrThrow();
      return row.ip;
    };

    it('when the request came through the trusted proxy over TLS, then the cookie is __Host- prefixed and Secure, and the client is the forwarded address', async () => {
      const r = await login(
        PROXY,
        { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.1' },
        'admin',
        DEMO.password,
      );
      assert.equal(r.status, 200);
      const setCookie = r.setCookie.join('\n');
      assert.match(setCookie, /^__Host-cc_session=/);
      assert.match(setCookie, /; Secure/i);
      assert.match(setCookie, /Path=\//);
      assert.equal(await sessionIp(setCookie), '203.0.113.1');
    });

    it('when a client that is no trusted proxy sends X-Forwarded-For and -Proto, then neither is believed', async () => {
      const r = await login(
        '127.0.0.1',
        { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.2' },
        'city',
        DEMO.password,
      );
      assert.equal(r.status, 200);
      const setCookie = r.setCookie.join('\n');
      assert.match(setCookie, /^cc_session=/);
      assert.doesNotMatch(setCookie, /; Secure/i);
      assert.equal(await sessionIp(setCookie), '127.0.0.1');
    });

    it('when one address tries too often, then 429 with Retry-After, however its X-Forwarded-For changes', async () => {
      const statuses = [];
      for (let i = 0; i < 6; i++) {
        // 127.0.0.1 has used one of its six; a made-up forwarded address changes nothing
        const r = await login('127.0.0.1', { 'x-forwarded-for': `198.51.100.${i}` }, `u${i}`, 'x');
        statuses.push(r.status);
        if (r.status === 429) {
          assert.ok(Number(r.headers['retry-after']) > 0);
          assert.equal(r.body.code, 'TOO_MANY_REQUESTS');
        }
      }
      assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429]);
      // another client behind the proxy has its own allowance
      const other = await login(PROXY, { 'x-forwarded-for': '203.0.113.3' }, 'u9', 'x');
      assert.equal(other.status, 401);
    });

    it('when one address fails on several accounts, then it is locked out with the answer of a wrong password, and other addresses are not', async () => {
      const from = { 'x-forwarded-for': '192.0.2.50' };
      const wrong = [];
      for (const u of ['huangpu', 'nanjingdong', 'yunnan', 'grid'])
        wrong.push(await login(PROXY, from, u, 'not-the-password'));
      assert.ok(wrong.every((r) => r.status === 401));
      const right = await login(PROXY, from, 'admin', DEMO.password);
      assert.equal(right.status, 401, 'the address is locked out');
      assert.deepEqual(right.body, wrong[0]!.body);
      assert.equal(right.headers['retry-after'], undefined);
      const elsewhere = await login(
        PROXY,
        { 'x-forwarded-for': '192.0.2.51' },
        'admin',
        DEMO.password,
      );
      assert.equal(elsewhere.status, 200, 'the accounts themselves are not locked');
    });
  });
}

/** POST JSON from a given local address (127.0.0.x), as a client or a proxy there would. */
function postFrom(
  localAddress: string,
  url: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<{
  status: number;
  headers: http.IncomingHttpHeaders;
  setCookie: string[];
  body: any;
}> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        localAddress,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            headers: res.headers,
            setCookie: res.headers['set-cookie'] ?? [],
            body: text ? JSON.parse(text) : null,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
