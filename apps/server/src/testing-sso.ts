/**
 * Test support for one sign-on (the sso suites): a department system registered through the
 * API, `openid-client` as its relying party against the test server's /oidc, a browser's sign-in
 * through our interaction API, and a local receiver of back-channel logout tokens.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CreateSsoClientBody, SsoClientWithSecret, SsoInteraction } from '@cc/contracts';
import * as oidc from 'openid-client';
import type { Client, TestPlatform } from './testing.js';

/** A registered department system and its relying party. */
export interface TestRp {
  client: SsoClientWithSecret;
  config: oidc.Configuration;
  redirectUri: string;
}

/** Register a department system as the demo administrator (`admin`), redirecting to 127.0.0.1. */
export async function registerTestClient(
  tp: TestPlatform,
  admin: Client,
  o: Partial<CreateSsoClientBody> = {},
): Promise<SsoClientWithSecret> {
  const r = await admin.post<SsoClientWithSecret>('/api/sso/clients', {
    name: '测试业务系统',
    department: '测试局',
    redirectUris: ['http://127.0.0.1:9/callback'],
    postLogoutRedirectUris: ['http://127.0.0.1:9/logged-out'],
    initiateLoginUri: 'http://127.0.0.1:9/login',
    allowedRoles: ['committee_staff', 'street_operator', 'administrator'],
    allowedClaims: ['name', 'roles'],
    ...o,
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

/** openid-client configured as the client, against the test server's issuer (plain http). */
export async function relyingParty(
  tp: TestPlatform,
  client: SsoClientWithSecret,
  auth: 'basic' | 'post' = 'basic',
): Promise<TestRp> {
  const config = await oidc.discovery(
    new URL(`${tp.baseUrl}/oidc`),
    client.clientId,
    undefined,
    auth === 'basic'
      ? oidc.ClientSecretBasic(client.clientSecret)
      : oidc.ClientSecretPost(client.clientSecret),
    { execute: [oidc.allowInsecureRequests] },
  );
  return { client, config, redirectUri: client.redirectUris[0]! };
}

/** An authorization request as the relying party makes it, with PKCE and state. */
export async function authorizationRequest(
  rp: TestRp,
  o: { scope?: string; prompt?: string; redirectUri?: string } = {},
) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(rp.config, {
    redirect_uri: o.redirectUri ?? rp.redirectUri,
    scope: o.scope ?? 'openid profile roles',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    ...(o.prompt ? { prompt: o.prompt } : {}),
  });
  return { url, verifier, state };
}

/** The path and query of an absolute URL on the test server (the browser's next request). */
export const local = (url: string | URL) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

/** The interaction uid of a redirect to our sign-in page, or null. */
export function interactionUid(location: string | null): string | null {
  return /^\/sso\/interaction\/([A-Za-z0-9_-]+)$/.exec(location ?? '')?.[1] ?? null;
}

export interface BrowserSignIn {
  /** the redirect back to the system: redirect_uri?code=…&state=…&iss=… */
  callback: URL;
  /** the interaction the page showed, or null when the jump needed none */
  interaction: SsoInteraction | null;
}

/**
 * What a browser does for a sign-in: GET the authorization URL; when sent to our interaction
 * page, read the interaction and confirm it (the page's two calls, with the session cookie);
 * follow the provider's redirects until one leaves the server (back to the system).
 */
export async function browserSignIn(
  browser: Client,
  rp: TestRp,
  request: { url: URL },
): Promise<BrowserSignIn> {
  let res = await browser.get(local(request.url));
  let interaction: SsoInteraction | null = null;
  for (let hops = 0; hops < 6; hops++) {
    assert.ok(
      [302, 303].includes(res.status),
      `expected a redirect, got ${res.status} ${res.body}`,
    );
    const location = res.headers.get('location')!;
    const uid = interactionUid(location);
    if (uid) {
      const shown = await browser.get<SsoInteraction>(`/api/sso/interactions/${uid}`);
      assert.equal(shown.status, 200, JSON.stringify(shown.body));
      interaction = shown.body;
      const confirmed = await browser.post<{ redirectTo: string }>(
        `/api/sso/interactions/${uid}/confirm`,
      );
      assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
      res = await browser.get(local(confirmed.body.redirectTo));
      continue;
    }
    const next = new URL(location, browser.baseUrl);
    if (next.origin !== browser.baseUrl) return { callback: next, interaction };
    res = await browser.get(local(next));
  }
  throw new Error('too many redirects');
}

/** Sign in through the interaction and redeem the code: the token answer. */
export async function signInAndRedeem(browser: Client, rp: TestRp, o: { scope?: string } = {}) {
  const request = await authorizationRequest(rp, o);
  const { callback, interaction } = await browserSignIn(browser, rp, request);
  const tokens = await oidc.authorizationCodeGrant(rp.config, callback, {
    pkceCodeVerifier: request.verifier,
    expectedState: request.state,
  });
  return { tokens, interaction, callback, request };
}

/** A local HTTP receiver of back-channel logout tokens (`logout_token` form posts). */
export async function logoutReceiver() {
  const tokens: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const token = new URLSearchParams(body).get('logout_token');
      if (req.method === 'POST' && token) tokens.push(token);
      res.statusCode = 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/backchannel-logout`,
    tokens,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The payload of a JWT, unverified (what a test looks at after verifying it elsewhere). */
export function jwtPayload(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<
    string,
    unknown
  >;
}

/**
 * Verify an RS256 JWT against the issuer's published JWKS (node:crypto, no library): its
 * header and payload, or an error when no published key verifies it.
 */
export async function verifyWithJwks(
  baseUrl: string,
  jwt: string,
): Promise<{ header: Record<string, unknown>; payload: Record<string, unknown> }> {
  const [h, p, s] = jwt.split('.') as [string, string, string];
  const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as Record<string, unknown>;
  assert.equal(header.alg, 'RS256');
  const jwks = (await (await fetch(`${baseUrl}/oidc/jwks`)).json()) as {
    keys: (crypto.JsonWebKey & { kid: string })[];
  };
  const jwk = jwks.keys.find((k) => k.kid === header.kid);
  if (!jwk) throw new Error(`no published key ${String(header.kid)}`);
  const ok = crypto.verify(
    'sha256',
    Buffer.from(`${h}.${p}`),
    crypto.createPublicKey({ key: jwk, format: 'jwk' }),
    Buffer.from(s, 'base64url'),
  );
  if (!ok) throw new Error('signature does not verify');
  return { header, payload: jwtPayload(jwt) };
}
