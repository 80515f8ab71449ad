/**
 * What the benchmarks that drive the real server over HTTP (bench/server-process.ts) make through
 * its API before they measure: a JSON caller, the demo city's committees to place things at, and
 * city-wide dispatch rules that text the demo handler (as bench/intake.bench.ts sets them up).
 */
import fs from 'node:fs';
import { FormData, request, type Dispatcher } from 'undici';
import { SHANGHAI_AREAS, type AreaFile } from '../apps/server/src/modules/areas/index.js';
import { signIn } from './server-process.js';

export interface Answer {
  status: number;
  body: Record<string, any>;
}
export type Call = (
  path: string,
  init?: {
    method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    /** an object is sent as JSON */
    body?: object | FormData;
    cookie?: string;
    /** Authorization: Bearer <key> (a department's or a device's) */
    bearer?: string;
  },
) => Promise<Answer>;

/** Calls to the server at `baseUrl` through `dispatcher`, answers parsed as JSON. */
export function jsonCaller(baseUrl: string, dispatcher: Dispatcher): Call {
  return async (path, init = {}) => {
    const form = init.body instanceof FormData;
    const res = await request(baseUrl + path, {
      dispatcher,
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        ...(init.cookie ? { cookie: init.cookie } : {}),
        ...(init.bearer ? { authorization: `Bearer ${init.bearer}` } : {}),
        ...(init.body !== undefined && !form ? { 'content-type': 'application/json' } : {}),
      },
      ...(init.body === undefined
        ? {}
        : { body: form ? (init.body as FormData) : JSON.stringify(init.body) }),
    });
    const text = await res.body.text();
    return { status: res.statusCode, body: text ? (JSON.parse(text) as Record<string, any>) : {} };
  };
}

/** An answer that must have this status, else the setup stops with what the server said. */
export function must(what: string, a: Answer, status: number): Record<string, any> {
  if (a.status !== status) throw new Error(`${what}: ${a.status} ${JSON.stringify(a.body)}`);
  return a.body;
}

export interface Committee {
  code: string;
  name: string;
  /** [lng, lat] */
  centre: [number, number];
}

/** The demo city's 6,509 committees from the shipped area file, with their centres. */
export function committees(): Committee[] {
  const file = JSON.parse(fs.readFileSync(SHANGHAI_AREAS, 'utf8')) as AreaFile;
  return file.areas
    .filter((a) => a.level === 'committee')
    .map((a) => ({ code: a.code, name: a.name, centre: a.centre as [number, number] }));
}

/**
 * The demo handler made a handler of the whole city, and a city-wide dispatch rule for each
 * scenario assigning them: every such case is dispatched and texts them. Returns their id.
 */
export async function textHandlerCityWide(
  call: Call,
  baseUrl: string,
  password: string,
  scenarios: readonly string[],
  unitName: string,
): Promise<string> {
  const city = await signIn(baseUrl, 'city', password);
  const admin = await signIn(baseUrl, 'admin', password);
  const handler = (await call('/api/accounts?q=handler', { cookie: city })).body.items[0]
    .id as string;
  const role = await call(`/api/accounts/${handler}/roles`, {
    cookie: admin,
    body: { role: 'handler', areaCode: '310000000000' },
  });
  if (role.status >= 300) throw new Error(`role: ${JSON.stringify(role.body)}`);
  for (const scenarioCode of scenarios) {
    const rule = await call('/api/dispatch/rules', {
      cookie: city,
      body: { scenarioCode, areaCode: '310000000000', unitName, assigneeId: handler },
    });
    must(`dispatch rule for ${scenarioCode}`, rule, 201);
  }
  return handler;
}
