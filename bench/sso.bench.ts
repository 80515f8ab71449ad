/**
 * One sign-on (issue 25): the jump and the token endpoint.
 *  - the jump: a staff member signed in here, with a session at the provider and a grant already
 *    given, clicks the demo department system (apps/dept-demo, openid-client as its relying
 *    party) — the system's /login, the provider's /auth (straight back with a code), the
 *    system's /callback (it redeems the code at /token and reads /me), the system's page saying
 *    who is signed in. Timed whole, --jumps (default 200) one after another; the baseline is
 *    GET /healthz the same number of times in the same run. Bar: p95 < 300 ms.
 *  - the token endpoint: --codes (default 400) authorization codes made first, then redeemed
 *    (client_secret_basic + PKCE) --concurrency (default 8) at a time: requests/s, and its ratio
 *    to GET /healthz at the same concurrency and count in the same run.
 *   node --import tsx bench/sso.bench.ts [--db pglite|postgres] [--jumps 200] [--codes 400]
 * The server and the department system run in this process.
 */
import * as oidc from 'openid-client';
import { startDeptDemo } from '../apps/dept-demo/src/dept-demo.js';
import { startTestPlatform, Client } from '../apps/server/src/testing.js';
import {
  authorizationRequest,
  browserSignIn,
  local,
  registerTestClient,
  relyingParty,
  type TestRp,
} from '../apps/server/src/testing-sso.js';
import { arg, percentile, report } from './bench-util.js';

const kind = arg('db', process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite') as
  'pglite' | 'postgres';
const JUMPS = Number(arg('jumps', '200'));
const CODES = Number(arg('codes', '400'));
const CONCURRENCY = Number(arg('concurrency', '8'));

const tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 100_000 });
const admin = await tp.login('admin');
const staff = await tp.login('yunnan');
const demo = await startDeptDemo({ issuer: `${tp.baseUrl}/oidc` });
demo.setClient(
  await registerTestClient(tp, admin, {
    name: '部门业务演示系统（基准）',
    redirectUris: [`${demo.url}/callback`],
    initiateLoginUri: `${demo.url}/login`,
    postLogoutRedirectUris: [`${demo.url}/`],
  }).then((c) => ({ clientId: c.clientId, clientSecret: c.clientSecret })),
);

const ms = (v: number) => `${v.toFixed(1)} ms`;
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `${ms(percentile(s, 50))} / ${ms(percentile(s, 95))} / ${ms(percentile(s, 99))}`;
};

/** One click on 专业系统's card, as a browser follows it; true when the system says who is in. */
async function jump(): Promise<boolean> {
  const system = new Client(demo.url);
  const start = await system.get('/login');
  if (start.status !== 302) throw new Error(`/login answered ${start.status}`);
  const auth = await staff.get(local(start.headers.get('location')!));
  const back = auth.headers.get('location') ?? '';
  if (!back.startsWith(`${demo.url}/callback`))
    throw new Error(`the provider sent the browser to ${back || auth.status}, not back`);
  const done = await system.get(local(back));
  if (done.status !== 302) throw new Error(`/callback answered ${done.status}: ${done.body}`);
  const home = await system.get('/');
  return typeof home.body === 'string' && home.body.includes('data-testid="dept-signed-in"');
}

// the first jump asks for consent (the interaction), as it would in a browser; after it none
{
  const system = new Client(demo.url);
  const start = await system.get('/login');
  // (the system is the relying party here: browserSignIn only follows the browser's hops)
  const { callback, interaction } = await browserSignIn(staff, {} as TestRp, {
    url: new URL(start.headers.get('location')!),
  });
  if (!interaction) throw new Error('the first jump should have asked for consent');
  await system.get(local(callback));
}

const jumpMs: number[] = [];
let signedIn = 0;
for (let i = 0; i < JUMPS; i++) {
  const t = performance.now();
  if (await jump()) signedIn++;
  jumpMs.push(performance.now() - t);
}
const healthMs: number[] = [];
for (let i = 0; i < JUMPS; i++) {
  const t = performance.now();
  await fetch(`${tp.baseUrl}/healthz`).then((r) => r.text());
  healthMs.push(performance.now() - t);
}

// ---- the token endpoint ----
const rp = await relyingParty(tp, await registerTestClient(tp, admin, { name: '令牌基准系统' }));
const requests: { code: URL; verifier: string; state: string }[] = [];
{
  // consent once, then each authorization request comes straight back with a code
  await browserSignIn(staff, rp, await authorizationRequest(rp));
  for (let i = 0; i < CODES; i++) {
    const r = await authorizationRequest(rp);
    const { callback } = await browserSignIn(staff, rp, r);
    requests.push({ code: callback, verifier: r.verifier, state: r.state });
  }
}
async function inParallel(n: number, work: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) await work(next++);
    }),
  );
  return performance.now() - t;
}
let redeemed = 0;
const tokenMs = await inParallel(requests.length, async (i) => {
  const r = requests[i]!;
  const tokens = await oidc.authorizationCodeGrant(rp.config, r.code, {
    pkceCodeVerifier: r.verifier,
    expectedState: r.state,
  });
  if (tokens.access_token) redeemed++;
});
const healthzMs = await inParallel(requests.length, () =>
  fetch(`${tp.baseUrl}/healthz`).then((r) => r.text()),
);
const tokenRps = (requests.length / tokenMs) * 1000;
const healthRps = (requests.length / healthzMs) * 1000;
const p95 = percentile(
  [...jumpMs].sort((a, b) => a - b),
  95,
);

report(`one sign-on (${kind})`, {
  database: kind,
  'the jump (click → signed in at the department system) p50 / p95 / p99': stats(jumpMs),
  'jumps that ended signed in': `${signedIn} of ${JUMPS}`,
  'baseline GET /healthz p50 / p95 / p99': stats(healthMs),
  'jump ÷ baseline at p95': `${(
    p95 /
    percentile(
      [...healthMs].sort((a, b) => a - b),
      95,
    )
  ).toFixed(1)}×`,
  'bar: the jump p95 < 300 ms': p95 < 300 ? 'met' : 'missed',
  [`token endpoint: ${requests.length} codes redeemed, ${CONCURRENCY} at a time`]: `${tokenRps.toFixed(0)} requests/s (${redeemed} tokens)`,
  [`GET /healthz, ${requests.length} at ${CONCURRENCY} at a time`]: `${healthRps.toFixed(0)} requests/s`,
  'token endpoint ÷ /healthz (throughput)': `${(tokenRps / healthRps).toFixed(3)}`,
});
await demo.close();
await tp.close();
