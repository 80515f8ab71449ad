import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as oidc from 'openid-client';

/**
 * A department system as a city department would write one (issue 25): it trusts Community
 * Cloud's sign-in through any OpenID Connect library — here `openid-client` — and nothing else
 * of ours. 专业系统's click lands on `/login` (third-party-initiated login), which sends the
 * browser to the provider with the authorization code flow and PKCE; `/callback` takes the
 * code; `/` says who is signed in with which roles; `/logout` ends the session here and at the
 * provider (RP-initiated logout); `/backchannel-logout` takes the provider's logout token and
 * ends the sessions it names. Sessions live in memory: a demo, not a product.
 */

export interface DeptDemoClient {
  clientId: string;
  clientSecret: string;
}

export interface DeptDemoOptions {
  /** the provider's issuer, e.g. http://localhost:3000/oidc */
  issuer: string;
  /** its registration at the provider (or later, `setClient`, once its URL is known) */
  client?: DeptDemoClient;
  /** its own name, shown on its pages */
  title?: string;
  port?: number;
  /** the address it listens on (default 127.0.0.1) */
  host?: string;
  /** the origin browsers reach it at, as registered (default http://localhost:<port>) */
  publicUrl?: string;
}

interface Session {
  sub: string;
  sid: string | undefined;
  name: string;
  roles: { role: string; areaCode: string; areaName: string }[];
  idToken: string;
  refreshToken: string | undefined;
  signedInAt: Date;
}

interface PendingLogin {
  verifier: string;
  nonce: string;
  at: number;
}

export interface DeptDemo {
  /** its origin, as registered at the provider: `<url>/callback`, `<url>/login` … */
  url: string;
  /** register it (a new secret after a rotation, too) */
  setClient(client: DeptDemoClient): void;
  /** how many sessions are open (tests) */
  sessionCount(): number;
  /** the logout tokens received and what each ended (tests) */
  readonly logouts: { sub: string | undefined; sid: string | undefined; ended: number }[];
  close(): Promise<void>;
}

const COOKIE = 'dept_demo_sid';
const PENDING_MS = 10 * 60_000;
const LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,"PingFang SC","Noto Sans SC",sans-serif;max-width:640px;margin:40px auto;padding:0 16px;color:#1f1f1f}
h1{font-size:22px}.card{border:1px solid #d9d9d9;border-radius:8px;padding:16px 20px;margin:16px 0}
a.button{display:inline-block;background:#1677ff;color:#fff;padding:8px 16px;border-radius:6px;text-decoration:none}
li{margin:4px 0}.muted{color:#8c8c8c;font-size:13px}</style></head>
<body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

function cookieOf(req: http.IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** Start the demo department system; its provider configuration is discovered on first use. */
export async function startDeptDemo(o: DeptDemoOptions): Promise<DeptDemo> {
  const title = o.title ?? '部门业务演示系统 · Department demo system';
  const sessions = new Map<string, Session>();
  const pending = new Map<string, PendingLogin>();
  const logouts: DeptDemo['logouts'] = [];
  const issuer = new URL(o.issuer);
  const insecure = issuer.protocol === 'http:';
  let client = o.client;
  let config: Promise<oidc.Configuration> | null = null;
  // discovered when first needed (the platform may start after this app), again after a failure
  const configuration = () => {
    if (!client) throw new Error('not registered at the provider yet');
    config ??= oidc
      .discovery(
        issuer,
        client.clientId,
        client.clientSecret,
        undefined,
        insecure ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch((e: unknown) => {
        config = null;
        throw e;
      });
    return config;
  };
  let jwks: ReturnType<typeof createRemoteJWKSet> | null = null;
  let base = '';

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (res.headersSent) return res.end();
      res.writeHead(502, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        page(
          title,
          `<div class="card">登录失败 / Sign-in failed: ${escapeHtml(e instanceof Error ? e.message : String(e))}</div>
<p><a class="button" href="/login" data-testid="dept-login">重新登录 / Sign in again</a></p>`,
        ),
      );
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', base);
    const html = (status: number, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
      res.end(page(title, body));
    };
    const redirect = (to: string, headers: Record<string, string | string[]> = {}) => {
      res.writeHead(302, { location: to, ...headers });
      res.end();
    };
    const session = () => {
      const id = cookieOf(req, COOKIE);
      return id ? sessions.get(id) : undefined;
    };

    if (url.pathname === '/' && req.method === 'GET') {
      const s = session();
      if (!s)
        return html(
          200,
          `<div class="card" data-testid="dept-signed-out">未登录 / Not signed in</div>
<p><a class="button" href="/login" data-testid="dept-login">通过社区云登录 / Sign in with Community Cloud</a></p>`,
        );
      const roles = s.roles
        .map(
          (r) =>
            `<li data-role="${escapeHtml(r.role)}" data-area="${escapeHtml(r.areaCode)}">${escapeHtml(r.role)} · ${escapeHtml(r.areaName)} (${escapeHtml(r.areaCode)})</li>`,
        )
        .join('');
      return html(
        200,
        `<div class="card" data-testid="dept-signed-in" data-sub="${escapeHtml(s.sub)}">
<p>已登录 / Signed in as <strong data-testid="dept-name">${escapeHtml(s.name)}</strong></p>
<p>角色 / Roles:</p><ul data-testid="dept-roles">${roles || '<li>—</li>'}</ul>
<p class="muted">${escapeHtml(s.signedInAt.toISOString())}</p></div>
<p><a class="button" href="/logout" data-testid="dept-logout">退出 / Sign out</a></p>`,
      );
    }

    if (url.pathname === '/login' && req.method === 'GET') {
      // a third-party-initiated login names the issuer it comes from: only ours is trusted
      const iss = url.searchParams.get('iss');
      if (iss && iss !== o.issuer)
        return html(400, `<div class="card">未知的登录来源 / Unknown issuer</div>`);
      const c = await configuration();
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const now = Date.now();
      for (const [k, p] of pending) if (now - p.at > PENDING_MS) pending.delete(k);
      pending.set(state, { verifier, nonce, at: now });
      const to = oidc.buildAuthorizationUrl(c, {
        redirect_uri: new URL('/callback', base).href,
        scope: 'openid profile roles',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return redirect(to.href);
    }

    if (url.pathname === '/callback' && req.method === 'GET') {
      const state = url.searchParams.get('state') ?? '';
      const p = pending.get(state);
      if (!p)
        return html(
          400,
          `<div class="card">登录已过期，请重新登录 / The sign-in expired</div><p><a class="button" href="/login" data-testid="dept-login">重新登录</a></p>`,
        );
      pending.delete(state);
      const c = await configuration();
      const tokens = await oidc.authorizationCodeGrant(c, url, {
        pkceCodeVerifier: p.verifier,
        expectedState: state,
        expectedNonce: p.nonce,
      });
      const claims = tokens.claims()!;
      const info = await oidc.fetchUserInfo(c, tokens.access_token, claims.sub);
      const id = crypto.randomBytes(24).toString('base64url');
      sessions.set(id, {
        sub: claims.sub,
        sid: typeof claims.sid === 'string' ? claims.sid : undefined,
        name: typeof info.name === 'string' ? info.name : claims.sub,
        roles: Array.isArray(info.roles) ? (info.roles as Session['roles']) : [],
        idToken: tokens.id_token!,
        refreshToken: tokens.refresh_token,
        signedInAt: new Date(),
      });
      return redirect('/', { 'set-cookie': `${COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax` });
    }

    if (url.pathname === '/logout' && req.method === 'GET') {
      const id = cookieOf(req, COOKIE);
      const s = id ? sessions.get(id) : undefined;
      if (id) sessions.delete(id);
      const clear = { 'set-cookie': `${COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0` };
      if (!s) return redirect('/', clear);
      const c = await configuration();
      const to = oidc.buildEndSessionUrl(c, {
        id_token_hint: s.idToken,
        post_logout_redirect_uri: new URL('/', base).href,
      });
      return redirect(to.href, clear);
    }

    if (url.pathname === '/backchannel-logout' && req.method === 'POST') {
      const token = (await readForm(req)).get('logout_token');
      if (!token) return html(400, 'logout_token required');
      const c = await configuration();
      const meta = c.serverMetadata();
      jwks ??= createRemoteJWKSet(new URL(meta.jwks_uri!));
      let payload;
      try {
        ({ payload } = await jwtVerify(token, jwks, {
          issuer: meta.issuer,
          audience: c.clientMetadata().client_id,
          maxTokenAge: '5m',
        }));
      } catch {
        return html(400, 'invalid logout_token');
      }
      const events = payload.events as Record<string, unknown> | undefined;
      if (!events || !(LOGOUT_EVENT in events) || 'nonce' in payload)
        return html(400, 'not a logout token');
      const sub = typeof payload.sub === 'string' ? payload.sub : undefined;
      const sid = typeof payload.sid === 'string' ? payload.sid : undefined;
      if (!sub && !sid) return html(400, 'logout token names no session');
      let ended = 0;
      for (const [k, s] of sessions)
        if ((sid ? s.sid === sid : true) && (sub ? s.sub === sub : true)) {
          sessions.delete(k);
          ended++;
        }
      logouts.push({ sub, sid, ended });
      res.writeHead(200, { 'cache-control': 'no-store' });
      return void res.end();
    }

    html(404, `<div class="card">Not found</div>`);
  }

  await new Promise<void>((resolve) => server.listen(o.port ?? 0, o.host ?? '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  base = o.publicUrl ?? `http://localhost:${port}`;
  return {
    url: base,
    setClient: (c) => {
      client = c;
      config = null;
    },
    sessionCount: () => sessions.size,
    logouts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
