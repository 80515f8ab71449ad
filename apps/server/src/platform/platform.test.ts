import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig, REPO_ROOT } from './config.js';
import { openDatabase, StartupError } from './db/database.js';
import { migrate } from './db/migrate.js';
import { startTestPlatform, type TestPlatform } from '../testing.js';

const tmpDir = () => path.join(os.tmpdir(), `cc-platform-${crypto.randomBytes(6).toString('hex')}`);

describe('configuration', () => {
  it('when --port and --data-dir are given, then they win over the environment', () => {
    const c = loadConfig({ PORT: '4000', DATA_DIR: '/tmp/a' }, [
      '--port',
      '5000',
      '--data-dir=/tmp/b',
    ]);
    assert.equal(c.port, 5000);
    assert.equal(c.dataDir, '/tmp/b');
    assert.equal(loadConfig({ PORT: '4000' }, []).port, 4000);
    assert.throws(() => loadConfig({ PORT: 'eighty' }, []), /PORT/);
  });

  it('when NODE_ENV=production, then the demo city is never created', () => {
    assert.equal(loadConfig({ NODE_ENV: 'production', DEMO: '1' }, []).demo, false);
    assert.equal(loadConfig({}, []).demo, true);
  });
});

describe('security headers', () => {
  let tp: TestPlatform;
  before(async () => (tp = await startTestPlatform('pglite')));
  after(() => tp.close());

  it('when any response is sent (a page, an API answer, an error), then it carries the same security headers', async () => {
    const answers = [
      await tp.client().get('/healthz'),
      await tp.client().get('/api/auth/me'),
      await tp.client().get('/api/no-such-thing'),
    ];
    assert.deepEqual(
      answers.map((r) => r.status),
      [200, 401, 404],
    );
    for (const r of answers) {
      const csp = r.headers.get('content-security-policy') ?? '';
      assert.match(csp, /default-src 'self'/);
      assert.match(csp, /style-src 'self' 'unsafe-inline'/);
      assert.match(csp, /img-src 'self' data: blob:/);
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(r.headers.get('x-frame-options'), 'SAMEORIGIN');
      assert.equal(r.headers.get('referrer-policy'), 'no-referrer');
      assert.equal(r.headers.get('strict-transport-security'), null, 'HSTS only behind a proxy');
    }
  });
});

describe('PGlite storage', () => {
  it('when production mode opens PGlite, then it refuses unless explicitly allowed', async () => {
    await assert.rejects(
      openDatabase({ databaseUrl: null, dataDir: tmpDir(), production: true }),
      (e: unknown) => e instanceof StartupError && /refuses the embedded database/.test(e.message),
    );
    const allowed = await openDatabase({
      databaseUrl: null,
      dataDir: tmpDir(),
      production: true,
      allowPgliteInProduction: true,
      inMemory: true,
    });
    await allowed.close();
  });

  it('when a data directory is open, then a second open stops with a clear message; a stale lock is taken over', async () => {
    const dir = tmpDir();
    const first = await openDatabase({ databaseUrl: null, dataDir: dir });
    try {
      await assert.rejects(
        openDatabase({ databaseUrl: null, dataDir: dir }),
        (e: unknown) => e instanceof StartupError && /in use by process \d+/.test(e.message),
      );
      assert.deepEqual(await migrate(first.db).then((m) => m.length > 0), true);
      assert.deepEqual(await migrate(first.db), [], 'a second migrate applies nothing');
    } finally {
      await first.close();
    }
    assert.equal(fs.existsSync(path.join(dir, '.lock')), false, 'close releases the lock');
    fs.writeFileSync(path.join(dir, '.lock'), '2147483646'); // no such process
    const again = await openDatabase({ databaseUrl: null, dataDir: dir });
    await again.close();
  });
});

const server = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawn(
    process.execPath,
    ['--import', 'tsx', path.join(REPO_ROOT, 'apps/server/src/main.ts'), ...args],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', DATABASE_URL: '', ...env },
    },
  );

function output(child: ChildProcess): {
  text: () => string;
  until: (re: RegExp) => Promise<string>;
} {
  let text = '';
  const waiters: (() => void)[] = [];
  const onData = (d: Buffer) => {
    text += d.toString();
    waiters.forEach((w) => w());
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  return {
    text: () => text,
    until: (re) =>
      new Promise((resolve, reject) => {
        const check = () => (re.test(text) ? resolve(text) : undefined);
        waiters.push(check);
        child.once('exit', () =>
          re.test(text) ? resolve(text) : reject(new Error(`exited; output:\n${text}`)),
        );
        check();
      }),
  };
}

describe('the server process on PGlite', () => {
  it('when started twice on one data directory, the second stops clearly; SIGTERM closes cleanly; a restart keeps the data', async () => {
    const dir = tmpDir();
    const first = server(['--port', '0', '--data-dir', dir]);
    const out = output(first);
    await out.until(/is up at/);
    assert.match(out.text(), /Demo city created/);
    assert.match(out.text(), /admin\s+administrator/);

    const second = server(['--port', '0', '--data-dir', dir]);
    const out2 = output(second);
    const code2 = await new Promise((r) => second.once('exit', r));
    assert.equal(code2, 1);
    assert.match(out2.text(), /in use by process \d+/);

    first.kill('SIGTERM');
    assert.equal(await new Promise((r) => first.once('exit', r)), 0);
    assert.equal(fs.existsSync(path.join(dir, '.lock')), false);

    const third = server(['--port', '0', '--data-dir', dir]);
    const out3 = output(third);
    await out3.until(/is up at/);
    assert.doesNotMatch(out3.text(), /Demo city created/);
    third.kill('SIGINT');
    assert.equal(await new Promise((r) => third.once('exit', r)), 0);
  });
});

/** A TCP relay to PostgreSQL that the test can cut and restore: the database "goes down". */
function relay(
  target: URL,
): Promise<{ port: number; cut: () => Promise<void>; restore: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let srv: net.Server;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve) => {
      srv = net.createServer((c) => {
        const up = net.connect(Number(target.port || 5432), target.hostname);
        sockets.add(c).add(up);
        c.pipe(up).pipe(c);
        const end = () => (c.destroy(), up.destroy());
        c.on('error', end).on('close', end);
        up.on('error', end).on('close', end);
      });
      srv.listen(port, '127.0.0.1', () => {
        port = (srv.address() as net.AddressInfo).port;
        resolve();
      });
    });
  return listen().then(() => ({
    port,
    cut: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((s) => s.destroy());
        sockets.clear();
        srv.close(() => resolve());
      }),
    restore: listen,
  }));
}

if (process.env.TEST_DATABASE_URL) {
  describe('PostgreSQL storage', () => {
    it('when production runs on a PostgreSQL with synchronous_commit off, then it refuses to start', async () => {
      const url = new URL(process.env.TEST_DATABASE_URL!);
      url.searchParams.set('options', '-c synchronous_commit=off');
      await assert.rejects(
        openDatabase({ databaseUrl: url.toString(), dataDir: tmpDir(), production: true }),
        (e: unknown) => e instanceof StartupError && /synchronous_commit/.test(e.message),
      );
      const ok = await openDatabase({
        databaseUrl: process.env.TEST_DATABASE_URL!,
        dataDir: tmpDir(),
        production: true,
      });
      await ok.close();
    });

    describe('when the database goes away and comes back', () => {
      let tp: TestPlatform;
      let link: Awaited<ReturnType<typeof relay>>;
      before(async () => {
        link = await relay(new URL(process.env.TEST_DATABASE_URL!));
        tp = await startTestPlatform('postgres');
      });
      after(async () => {
        await link.cut();
        await tp.close();
      });

      it('then /readyz says 503 with a message while it is away, and 200 again without a restart', async () => {
        // a second app on the suite's database, connected through the relay
        const viaRelay = new URL(tp.platform.deps.config.databaseUrl!);
        viaRelay.hostname = '127.0.0.1';
        viaRelay.port = String(link.port);
        const relayed = await startTestPlatform('postgres', {
          databaseUrl: viaRelay.toString(),
          // the database's data are under the first platform's key (checked at start)
          dataKey: tp.platform.deps.config.dataKey,
          demo: false,
        });
        try {
          const c = relayed.client();
          assert.equal((await c.get('/readyz')).status, 200);
          await link.cut();
          const down = await c.get('/readyz');
          assert.equal(down.status, 503);
          assert.equal(down.body.code, 'SERVICE_UNAVAILABLE');
          assert.ok(down.headers.get('retry-after'));
          const withCookie = relayed.client();
          withCookie.cookies.set('cc_session', 'A'.repeat(43));
          const api = await withCookie.get('/api/auth/me');
          assert.equal(api.status, 503);
          await link.restore();
          let status = 0;
          for (let i = 0; i < 20 && status !== 200; i++) {
            status = (await c.get('/readyz')).status;
            if (status !== 200) await new Promise((r) => setTimeout(r, 250));
          }
          assert.equal(status, 200);
        } finally {
          await relayed.close();
        }
      });
    });
  });
}
