/**
 * The real server as a child process (as `npm start` runs it): for benchmarks, so the load
 * generator does not share the server's CPU, and for tests of several app processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { REPO_ROOT } from './config.js';

export interface ServerProcess {
  baseUrl: string;
  /** the server's process id (e.g. to sample its memory from /proc) */
  pid: number;
  /** ms from spawn to "is up" */
  startupMs: number;
  output: () => string;
  stop(): Promise<void>;
}

export function tempDataDir(): string {
  return path.join(os.tmpdir(), `cc-bench-${crypto.randomBytes(6).toString('hex')}`);
}

/** A fresh PostgreSQL database for one benchmark run (TEST_DATABASE_URL's server). */
export async function freshPostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) throw new Error('set TEST_DATABASE_URL=postgres://… for --db postgres');
  const name = `cc_bench_${crypto.randomBytes(4).toString('hex')}`;
  const run = async (q: string) => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(q);
    await c.end();
  };
  await run(`create database ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`drop database if exists ${name} with (force)`) };
}

export async function startServerProcess(opts: {
  dataDir: string;
  databaseUrl?: string | undefined;
  port?: number;
  env?: Record<string, string>;
  /** extra flags for node, e.g. --cpu-prof to profile the server under load */
  nodeArgs?: string[];
}): Promise<ServerProcess> {
  // port 0 by default: the system picks a free one and the server says which (two servers
  // started at once never collide, as random picks in a small range sometimes did)
  const asked = opts.port ?? 0;
  const started = performance.now();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...(opts.nodeArgs ?? []),
      '--import',
      'tsx',
      path.join(REPO_ROOT, 'apps/server/src/main.ts'),
      '--port',
      String(asked),
      '--data-dir',
      opts.dataDir,
    ],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'development',
        LOG_LEVEL: 'warn',
        LOGINS_PER_MINUTE_PER_IP: '10000',
        DATABASE_URL: opts.databaseUrl ?? '',
        ...opts.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  const port = await new Promise<number>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const up = /is up at http:\/\/localhost:(\d+)/.exec(out);
      if (up) resolve(Number(up[1]));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${out}`)));
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    startupMs: performance.now() - started,
    output: () => out,
    stop: () =>
      new Promise((resolve) => {
        // already gone (killed by a test or a drill): nothing to wait for
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Sign in over HTTP and return the Cookie header. */
export async function signIn(baseUrl: string, username: string, password: string): Promise<string> {
  const r = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (r.status !== 200) throw new Error(`sign-in failed: ${r.status} ${await r.text()}`);
  return r.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}
