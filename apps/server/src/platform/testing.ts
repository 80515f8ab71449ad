/**
 * Test support: a real platform (real database, real HTTP on a free port) per suite.
 * Every database suite runs on PGlite, and on PostgreSQL too when TEST_DATABASE_URL is set
 * (each suite gets a fresh database there, dropped afterwards).
 */
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startPlatform, type Platform } from '../bootstrap.js';
import { readDemoFile } from '../demo/seed-demo.js';
import { loadConfig, type Config } from './config.js';

export type DbKind = 'pglite' | 'postgres';

/** The databases to run each suite on. */
export const DATABASES: DbKind[] = process.env.TEST_DATABASE_URL
  ? ['pglite', 'postgres']
  : ['pglite'];

export const DEMO = readDemoFile();

export interface HttpResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** A tiny HTTP client with its own cookie jar: one per simulated user. */
export class Client {
  cookies = new Map<string, string>();
  constructor(readonly baseUrl: string) {}

  async request<T = any>(
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpResponse<T>> {
    const h: Record<string, string> = { ...headers };
    if (this.cookies.size) h.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let payload: string | FormData | undefined;
    if (body instanceof FormData) {
      payload = body; // fetch sets the multipart content type and boundary
    } else if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.baseUrl + url, {
      method,
      headers: h,
      body: payload,
      redirect: 'manual',
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, v] = pair!.split('=');
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(c) || v === '') this.cookies.delete(k!);
      else this.cookies.set(k!, v!);
    }
    const text = await res.text();
    let parsed: unknown = text;
    if (res.headers.get('content-type')?.includes('json') && text) parsed = JSON.parse(text);
    return { status: res.status, headers: res.headers, body: parsed as T };
  }

  get<T = any>(url: string, headers?: Record<string, string>) {
    return this.request<T>('GET', url, undefined, headers);
  }
  post<T = any>(url: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', url, body, headers);
  }
  delete<T = any>(url: string) {
    return this.request<T>('DELETE', url);
  }
}

export interface TestPlatform {
  kind: DbKind;
  platform: Platform;
  baseUrl: string;
  client(): Client;
  /** A client signed in as `username` (demo password unless given). */
  login(username: string, password?: string): Promise<Client>;
  close(): Promise<void>;
}

async function createPgDatabase(): Promise<{
  url: string;
  drop: () => Promise<void>;
}> {
  const admin = new URL(process.env.TEST_DATABASE_URL!);
  const name = `cc_test_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin.toString() });
  await c.connect();
  await c.query(`create database ${name}`);
  await c.end();
  const url = new URL(admin.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const d = new pg.Client({ connectionString: admin.toString() });
      await d.connect();
      await d.query(`drop database if exists ${name} with (force)`);
      await d.end();
    },
  };
}

export async function startTestPlatform(
  kind: DbKind,
  overrides: Partial<Config> = {},
): Promise<TestPlatform> {
  const pgDb = kind === 'postgres' ? await createPgDatabase() : null;
  const config: Config = {
    ...loadConfig({ NODE_ENV: 'test' }, []),
    port: 0,
    host: '127.0.0.1',
    dataDir: path.join(os.tmpdir(), `cc-test-${crypto.randomBytes(6).toString('hex')}`),
    databaseUrl: pgDb?.url ?? null,
    dataKey: crypto.randomBytes(32).toString('hex'),
    demo: true,
    // suites make the cases they need; the demo's few hundred would only slow them down
    demoCases: false,
    ...overrides,
  };
  const platform = await startPlatform(config, { inMemory: kind === 'pglite' });
  await platform.app.listen({ port: 0, host: '127.0.0.1' });
  const address = platform.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    kind,
    platform,
    baseUrl,
    client: () => new Client(baseUrl),
    async login(username, password = DEMO.password) {
      const c = new Client(baseUrl);
      const r = await c.post('/api/auth/login', { username, password });
      if (r.status !== 200)
        throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
      return c;
    },
    async close() {
      await platform.close();
      await pgDb?.drop();
    },
  };
}

/** Upload a small generated JPEG as `client`; returns the photo id. */
export async function uploadTestPhoto(
  client: Client,
  colour = { r: 200, g: 60, b: 40 },
): Promise<string> {
  const { default: sharp } = await import('sharp');
  const bytes = await sharp({ create: { width: 64, height: 48, channels: 3, background: colour } })
    .jpeg()
    .toBuffer();
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), 'photo.jpg');
  const r = await client.post('/api/photos', form);
  if (r.status !== 201) throw new Error(`photo upload: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.id as string;
}

/** The id of a demo account by user name. */
export async function accountId(tp: TestPlatform, username: string): Promise<string> {
  const row = await tp.platform.database.db
    .selectFrom('accounts')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Wait until `check` returns a value (polling), or fail after `ms`. */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false>,
  ms = 5000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
