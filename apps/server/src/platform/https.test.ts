import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestPlatform, type TestPlatform } from '../testing.js';
import { loadConfig, servedOverHttps } from './config.js';
import { StartupError } from './db/database.js';
import { readableLine, readableLogStream } from './log-lines.js';
import { printedProgress } from './progress.js';

const dir = path.join(os.tmpdir(), `cc-https-${crypto.randomBytes(6).toString('hex')}`);
const CERT = path.join(dir, 'cert.pem');
const KEY = path.join(dir, 'key.pem');

/** A self-signed certificate for localhost, as mkcert or openssl makes one. */
function makeCertificate(): void {
  fs.mkdirSync(dir, { recursive: true });
  const r = spawnSync('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    KEY,
    '-out',
    CERT,
    '-days',
    '2',
    '-subj',
    '/CN=localhost',
  ]);
  if (r.status !== 0) throw new Error(`openssl: ${r.stderr?.toString() ?? r.error?.message}`);
}

/** GET over https from a server with that self-signed certificate: status and headers. */
function httpsGet(url: string): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca: fs.readFileSync(CERT), servername: 'localhost' }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers }));
      })
      .on('error', reject);
  });
}

describe('where the server listens, and https', () => {
  before(makeCertificate);
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('when no HOST is given, then development listens on 127.0.0.1 only and production on all interfaces; HOST and --host win', () => {
    assert.equal(loadConfig({}, []).host, '127.0.0.1');
    assert.equal(loadConfig({ NODE_ENV: 'development' }, []).host, '127.0.0.1');
    assert.equal(loadConfig({ NODE_ENV: 'production' }, []).host, '0.0.0.0');
    assert.equal(loadConfig({ HOST: '0.0.0.0' }, []).host, '0.0.0.0');
    assert.equal(loadConfig({ HOST: '0.0.0.0' }, ['--host', '192.168.1.5']).host, '192.168.1.5');
  });

  it('when TLS_CERT_FILE and TLS_KEY_FILE name a certificate and its key, then they are read and pages are served over https', () => {
    const c = loadConfig({ TLS_CERT_FILE: CERT, TLS_KEY_FILE: KEY }, []);
    assert.equal(c.tls?.certFile, CERT);
    assert.match(c.tls!.cert.toString(), /BEGIN CERTIFICATE/);
    assert.equal(servedOverHttps(c), true);
    assert.equal(loadConfig({}, []).tls, null);
    assert.equal(servedOverHttps(loadConfig({}, [])), false);
  });

  it('when a TLS file is missing, unreadable, alone or not PEM, then the start stops naming the setting and the file', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [
        { TLS_CERT_FILE: path.join(dir, 'no-such.pem'), TLS_KEY_FILE: KEY },
        /TLS_CERT_FILE.*no-such\.pem.*ENOENT/,
      ],
      [{ TLS_CERT_FILE: CERT, TLS_KEY_FILE: dir }, /TLS_KEY_FILE.*cannot read.*EISDIR/],
      [{ TLS_CERT_FILE: CERT }, /both TLS_CERT_FILE and TLS_KEY_FILE.*only TLS_CERT_FILE/],
      [{ TLS_KEY_FILE: KEY }, /only TLS_KEY_FILE/],
      [{ TLS_CERT_FILE: KEY, TLS_KEY_FILE: CERT }, /not a PEM certificate and its key/],
    ];
    for (const [env, message] of cases) {
      assert.throws(
        () => loadConfig(env, []),
        (e: unknown) => e instanceof StartupError && message.test(e.message),
        JSON.stringify(env),
      );
    }
  });

  it('when people come over https (TLS here, a proxy in front, or production at an https address), then upgrade and HSTS are asked; over plain http never', () => {
    const base = loadConfig({}, []);
    assert.equal(servedOverHttps({ ...base, trustProxy: true }), true);
    assert.equal(
      servedOverHttps({ ...base, production: true, publicUrl: 'https://cloud.example' }),
      true,
    );
    assert.equal(
      servedOverHttps({ ...base, production: true, publicUrl: 'http://10.0.0.2:3000' }),
      false,
    );
    assert.equal(servedOverHttps({ ...base, production: false }), false);
  });

  describe('a server with TLS_CERT_FILE / TLS_KEY_FILE', () => {
    let tp: TestPlatform;
    before(async () => {
      tp = await startTestPlatform('pglite', {
        demo: false,
        tls: loadConfig({ TLS_CERT_FILE: CERT, TLS_KEY_FILE: KEY }, []).tls,
      });
    });
    after(() => tp?.close());

    it('when a page is asked for over https, then it is served with upgrade-insecure-requests and HSTS', async () => {
      const port = new URL(tp.baseUrl).port;
      const r = await httpsGet(`https://localhost:${port}/healthz`);
      assert.equal(r.status, 200);
      assert.match(String(r.headers['content-security-policy']), /upgrade-insecure-requests/);
      assert.match(String(r.headers['strict-transport-security']), /max-age=\d+/);
    });
  });
});

describe('what the start prints', () => {
  it('when a step of the start is told, then one line says it in Chinese and English with the seconds since the start and how far', () => {
    const lines: string[] = [];
    const progress = printedProgress(Date.now() - 12_300, (l) => lines.push(l));
    progress({
      zh: '演示城市 · 居民登记',
      en: 'demo city: the registry of residents',
      done: 3,
      total: 17,
    });
    progress({ zh: '检查数据库结构', en: 'migrating the database' });
    assert.match(
      lines[0]!,
      /^\[ 12\.\d s\] 演示城市 · 居民登记 3\/17 … \/ demo city: the registry of residents 3\/17 …$/,
    );
    assert.match(lines[1]!, /\] 检查数据库结构 … \/ migrating the database …$/);
  });

  it("when the server logs in development, then pino's JSON becomes one readable line (an error with its stack)", () => {
    const time = new Date(2026, 11, 7, 11, 42, 3).getTime();
    assert.equal(
      readableLine(JSON.stringify({ level: 30, time, msg: 'GET /api/cases 200 12 ms' })),
      '11:42:03 INFO  GET /api/cases 200 12 ms',
    );
    const err = readableLine(
      JSON.stringify({ level: 50, time, msg: 'boom', err: { stack: 'Error: boom\n    at x' } }),
    );
    assert.equal(err, '11:42:03 ERROR boom\nError: boom\n    at x');
    const out: string[] = [];
    readableLogStream({ write: (t: string) => out.push(t) }).write('not json\n');
    assert.deepEqual(out, ['not json\n']);
  });
});
