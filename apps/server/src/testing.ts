/**
 * Test support: a real platform (real database, real HTTP on a free port) per suite.
 * Every database suite runs on PGlite, and on PostgreSQL too when TEST_DATABASE_URL is set
 * (each suite gets a fresh database there, dropped afterwards).
 */
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { maskPhone, type Role } from '@cc/contracts';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { startPlatform, type Platform, type StartOptions } from './bootstrap.js';
import { readDemoFile } from './demo/seed-demo.js';
import { generateRegistry } from './demo/synthetic-registry.js';
import { bindResidentRole, hashPassword } from './modules/identity/index.js';
import { residentVerified } from './modules/residents/index.js';
import { loadConfig, type Config } from './platform/config.js';
import type { DataCipher } from './platform/crypto.js';
import type { DB } from './platform/db/schema.js';

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

  /** the Cookie header this user sends */
  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request<T = any>(
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpResponse<T>> {
    const h: Record<string, string> = { ...headers };
    if (this.cookies.size) h.cookie = this.cookieHeader();
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
  /** the centre of an area: a place to report a case at */
  centreOf(code: string): Promise<{ lat: number; lng: number }>;
  baseUrl: string;
  client(): Client;
  /** A client signed in as `username` (demo password unless given). */
  login(username: string, password?: string): Promise<Client>;
  close(): Promise<void>;
}

/** A fresh PostgreSQL database under TEST_DATABASE_URL, and how to drop it. */
export async function createPgDatabase(): Promise<{
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
  start: Pick<StartOptions, 'onQuery'> = {},
): Promise<TestPlatform> {
  const pgDb = kind === 'postgres' ? await createPgDatabase() : null;
  const config: Config = {
    ...loadConfig({ NODE_ENV: 'test' }, []),
    port: 0,
    host: '127.0.0.1',
    dataDir: path.join(os.tmpdir(), `cc-test-${crypto.randomBytes(6).toString('hex')}`),
    databaseUrl: pgDb?.url ?? null,
    dataKey: crypto.randomBytes(32).toString('hex'),
    // production refuses to start without it (suites that start in production)
    certSigningKey: crypto.randomBytes(32).toString('hex'),
    // production refuses to start without it too; elsewhere the request's origin stands in
    publicUrl: overrides.production ? 'https://cloud.example.test' : null,
    demo: true,
    // suites make the cases they need; the demo's few hundred would only slow them down
    demoCases: false,
    ...overrides,
  };
  const platform = await startPlatform(config, { inMemory: kind === 'pglite', ...start });
  // 127.0.0.1 unless a suite asks for more (the phone at a LAN address: host 0.0.0.0)
  await platform.app.listen({ port: 0, host: config.host });
  const address = platform.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    kind,
    platform,
    baseUrl,
    client: () => new Client(baseUrl),
    async centreOf(code) {
      const a = await platform.database.db
        .selectFrom('areas')
        .select(['centre_lat', 'centre_lng'])
        .where('code', '=', code)
        .executeTakeFirstOrThrow();
      return { lat: a.centre_lat, lng: a.centre_lng };
    },
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

/** The demo's committee 云南中路居委会, where verified residents live unless told otherwise. */
export const DEMO_COMMITTEE = '310101002001';

/** What `signedUpAccount` makes: a phone account as sign-up makes it, signed in. */
export interface TestAccount {
  client: Client;
  accountId: string;
  username: string;
}

/** What `verifiedResident` makes: the account, and the registry resident and home it is linked to. */
export interface VerifiedResident extends TestAccount {
  /** the registry resident's id and name (the name staff see, not the one typed at sign-up) */
  residentId: string;
  name: string;
  roomId: string;
  buildingId: string;
  householdId: string | null;
  committeeCode: string;
  compoundCode: string;
  areaPath: string;
}

export interface TestAccountOptions {
  /** default a fresh `r-<hex>` */
  username?: string;
  /** the name typed at sign-up; default `张<username>` */
  displayName?: string;
  /** default the demo password (what `tp.login` uses) */
  password?: string;
  /** default a random 139… mobile */
  phone?: string;
}

const passwordHashes = new Map<string, Promise<string>>();
const registries = new WeakMap<TestPlatform, Map<string, Promise<unknown>>>();
/** the last link being made per platform: residents made at once are linked one after another */
const linking = new WeakMap<TestPlatform, Promise<unknown>>();

async function insertAccount(
  db: Kysely<DB>,
  cipher: DataCipher,
  o: TestAccountOptions,
): Promise<{ accountId: string; username: string; password: string }> {
  const password = o.password ?? DEMO.password;
  if (!passwordHashes.has(password)) passwordHashes.set(password, hashPassword(password));
  const username = o.username ?? `r-${crypto.randomBytes(5).toString('hex')}`;
  const phone = o.phone ?? `139${String(crypto.randomInt(0, 100_000_000)).padStart(8, '0')}`;
  const accountId = crypto.randomUUID();
  await db
    .insertInto('accounts')
    .values({
      id: accountId,
      username,
      display_name: o.displayName ?? `张${username}`,
      password_hash: await passwordHashes.get(password)!,
      phone_enc: cipher.encrypt(phone),
      phone_hmac: cipher.lookupHash(phone),
      phone_masked: maskPhone(phone),
      created_by: null,
    })
    .execute();
  return { accountId, username, password };
}

/**
 * A staff account made by the demo administrator through `POST /api/accounts` with one role at
 * one area (e.g. committee staff of another committee, to check that scope), signed in.
 */
export async function staffAccount(
  tp: TestPlatform,
  o: { username: string; role: Role; areaCode: string; displayName?: string },
): Promise<Client> {
  const password = 'a-long-password-1';
  const admin = await tp.login('admin');
  const created = await admin.post('/api/accounts', {
    username: o.username,
    displayName: o.displayName ?? `${o.username} 测试`,
    password,
    roles: [{ role: o.role, areaCode: o.areaCode }],
  });
  if (created.status !== 201) {
    throw new Error(
      `staff account ${o.username}: ${created.status} ${JSON.stringify(created.body)}`,
    );
  }
  return tp.login(o.username, password);
}

/** A resident's phone account as sign-up makes it, not verified (no home, no role), signed in. */
export async function signedUpAccount(
  tp: TestPlatform,
  o: TestAccountOptions = {},
): Promise<TestAccount> {
  const a = await insertAccount(tp.platform.database.db, tp.platform.deps.cipher, o);
  return { ...a, client: await tp.login(a.username, a.password) };
}

/**
 * A verified resident, signed in: a sign-up account linked to the next registry resident (present,
 * in a room, linked to no account) of the building, compound or committee (default 云南中路), as
 * an approved verification links it — the `resident_links` row, the `resident` role at the
 * compound and the `residentVerified` event, in one transaction. A committee without a registry
 * gets one generated (scale 0.1); suites that need more residents generate theirs first.
 */
export async function verifiedResident(
  tp: TestPlatform,
  o: TestAccountOptions & {
    committee?: string;
    compound?: string;
    building?: string;
    relation?: 'owner' | 'co_owner' | 'tenant' | 'family';
    /** rooms the resident must not live in (say, to be sure a neighbour is not a housemate) */
    notInRooms?: readonly string[];
  } = {},
): Promise<VerifiedResident> {
  const db = tp.platform.database.db;
  const committee = o.building
    ? (
        await db
          .selectFrom('buildings')
          .select('committee_code')
          .where('id', '=', o.building)
          .executeTakeFirstOrThrow()
      ).committee_code
    : (o.compound?.split('-')[0] ?? o.committee ?? DEMO_COMMITTEE);
  const generated = registries.get(tp) ?? new Map<string, Promise<unknown>>();
  registries.set(tp, generated);
  if (!generated.has(committee))
    generated.set(
      committee,
      generateRegistry(tp.platform.deps.db, tp.platform.deps.cipher, {
        scale: 0.1,
        within: [committee],
        seed: 20,
      }),
    );
  await generated.get(committee);
  const linkNext = () =>
    db.transaction().execute(async (trx) => {
      const person = await trx
        .selectFrom('residents as p')
        .innerJoin('rooms as r', 'r.id', 'p.room_id')
        .innerJoin('buildings as b', 'b.id', 'r.building_id')
        .select([
          'p.id',
          'p.name',
          'p.room_id',
          'p.relation',
          'p.household_id',
          'b.id as building_id',
          'b.committee_code',
          'b.compound_code',
          'b.area_path',
        ])
        .where('b.committee_code', '=', committee)
        .$if(!!o.compound, (q) => q.where('b.compound_code', '=', o.compound!))
        .$if(!!o.building, (q) => q.where('b.id', '=', o.building!))
        .$if(!!o.notInRooms?.length, (q) => q.where('p.room_id', 'not in', o.notInRooms!))
        .where('p.status', '=', 'present')
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('resident_links as l')
                .select('l.account_id')
                .whereRef('l.resident_id', '=', 'p.id'),
            ),
          ),
        )
        .orderBy('p.id')
        .limit(1)
        .executeTakeFirst();
      if (!person)
        throw new Error(
          `verifiedResident: no registry resident left in ${o.building ?? o.compound ?? committee}`,
        );
      const account = await insertAccount(trx, tp.platform.deps.cipher, o);
      await trx
        .insertInto('resident_links')
        .values({
          account_id: account.accountId,
          resident_id: person.id,
          room_id: person.room_id!,
          building_id: person.building_id,
          household_id: person.household_id,
          committee_code: person.committee_code,
          compound_code: person.compound_code,
          area_path: person.area_path,
          relation: o.relation ?? 'owner',
          is_head: person.relation === 'head',
        })
        .execute();
      await bindResidentRole(trx, {
        accountId: account.accountId,
        areaCode: person.compound_code,
        areaPath: person.area_path,
        by: null,
      });
      await tp.platform.deps.events.publish(trx, residentVerified, {
        accountId: account.accountId,
        areaPath: person.area_path,
        buildingId: person.building_id,
      });
      return { account, person };
    });
  // one at a time (so that each takes another registry resident), without holding a
  // connection of the pool while waiting
  const link = (linking.get(tp) ?? Promise.resolve()).then(linkNext);
  linking.set(
    tp,
    link.catch(() => undefined),
  );
  const { account, person } = await link;
  return {
    client: await tp.login(account.username, account.password),
    accountId: account.accountId,
    username: account.username,
    residentId: person.id,
    name: person.name,
    roomId: person.room_id!,
    buildingId: person.building_id,
    householdId: person.household_id,
    committeeCode: person.committee_code,
    compoundCode: person.compound_code,
    areaPath: person.area_path,
  };
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

/**
 * A noise complaint reported over HTTP at the centre of `areaCode` by the account behind
 * `cookie` (for the suites that run servers as processes); the answer as it came.
 */
export async function reportNoiseAt(
  baseUrl: string,
  cookie: string,
  areaCode: string,
  description: string,
): Promise<Response> {
  const area = await fetch(`${baseUrl}/api/areas/${areaCode}`, { headers: { cookie } });
  const [lng, lat] = ((await area.json()) as { area: { centre: [number, number] } }).area.centre;
  return fetch(`${baseUrl}/api/cases`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({
      scenarioCode: 'noise-nuisance',
      description,
      attributes: { source: 'renovation' },
      lat,
      lng,
    }),
  });
}

/** An open server-sent-events stream, read into one text as it arrives. */
export async function openEventStream(url: string, cookie: string) {
  const res = await fetch(url, { headers: { cookie } });
  if (res.status !== 200) throw new Error(`stream ${url}: ${res.status} ${await res.text()}`);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const reading = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      text += decoder.decode(value, { stream: true });
    }
  })().catch(() => undefined);
  await eventually(async () => text.includes(': connected'));
  return {
    contentType: res.headers.get('content-type') ?? '',
    /** the event block that mentions `needle`, once it has arrived */
    async eventWith(needle: string): Promise<{ event: string; data: Record<string, unknown> }> {
      await eventually(async () => text.includes(needle));
      const block = text.split('\n\n').find((b) => b.includes(needle))!;
      return {
        event: /^event: (.*)$/m.exec(block)?.[1] ?? '',
        data: JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null') as Record<string, unknown>,
      };
    },
    async close() {
      await reader.cancel();
      await reading;
    },
  };
}

/** The synthetic registry and verified resident accounts, for suites that need many residents. */
export { generateRegistry };
export { generateResidentAccounts } from './demo/synthetic-accounts.js';

/** A whole resident ID number in an answer: the masking scanners fail on it. */
export const UNMASKED_ID = /(?<![\dA-Za-z])\d{17}[\dX](?![\dA-Za-z])/;
/** A whole mainland mobile number in an answer. */
export const UNMASKED_PHONE = /(?<![\dA-Za-z])1[3-9]\d{9}(?![\dA-Za-z])/;
