import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import Provider, {
  interactionPolicy,
  type Configuration,
  type KoaContextWithOIDC,
} from 'oidc-provider';
import type { Config } from '../../platform/config.js';
import type { AppDeps } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { accountProfile, hasLiveSession } from '../identity/index.js';
import { clientAllowance, findSsoAccount } from './account-claims.js';
import { ClientAdapter, PayloadAdapter } from './payload-store.js';
import { logoutSource, postLogoutSuccessSource, renderError } from './provider-pages.js';
import { holdsAllowedRole } from './sso.policy.js';
import {
  LONGEST_SIGNED_LIFETIME_MS,
  loadSigningKeys,
  onSigningKeysChanged,
  signingKeysFingerprint,
} from './signing-keys.js';

/**
 * The OpenID Connect provider (oidc-provider, OpenID-certified) behind `/oidc`, one per
 * issuer. With PUBLIC_URL the issuer is `<PUBLIC_URL>/oidc`, always; without it (development,
 * tests) it is the origin the request came to, so that a relying party finds the issuer at the
 * address it used — a few origins at most. Every provider stores in our database and signs with
 * the keys of `sso_keys`; a change of keys (a rotation here or in another process, seen within
 * KEY_RECHECK_MS) builds them again.
 */

export const OIDC_PREFIX = '/oidc';
/** Where our web app shows the sign-in and consent (apps/web: /sso/interaction/:uid). */
export const INTERACTION_PAGE = '/sso/interaction';
/** Our interaction API: the interaction cookie is scoped to it (see scopeInteractionCookie). */
export const INTERACTION_API = '/api/sso/interactions';
/** How often a server looks for keys another process rotated. */
export const KEY_RECHECK_MS = 30_000;
/** Issuers one process serves at most without PUBLIC_URL (localhost, 127.0.0.1, a LAN name…). */
const MAX_ISSUERS = 8;

const SESSION_TTL_S = LONGEST_SIGNED_LIFETIME_MS / 1000;
/** Cookie names of the provider's own state: its session, the interaction, the resume. */
export const PROVIDER_COOKIES = {
  session: 'cc_sso',
  interaction: 'cc_sso_interaction',
  resume: 'cc_sso_resume',
} as const;

/** The issuer for a request: `<PUBLIC_URL>/oidc`, else the request's own origin + `/oidc`. */
export function issuerOf(
  config: Pick<Config, 'publicUrl'>,
  req: { protocol: string; host: string },
): string {
  return `${config.publicUrl ?? `${req.protocol}://${req.host}`}${OIDC_PREFIX}`;
}

export interface MountedProvider {
  provider: Provider;
  /** the Koa handler, for raw requests under /oidc with the prefix taken off */
  callback: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
}

const runtimes = new WeakMap<Kysely<DB>, OidcProviders>();

/** The providers of a running platform (made at the module's start). */
export function providersOf(deps: AppDeps): OidcProviders {
  let r = runtimes.get(deps.db);
  if (!r) {
    r = new OidcProviders(deps);
    runtimes.set(deps.db, r);
  }
  return r;
}

export class OidcProviders {
  private readonly providers = new Map<string, Promise<MountedProvider>>();
  private fingerprint: string | null = null;
  private checkedAt = 0;

  constructor(private readonly deps: AppDeps) {
    onSigningKeysChanged(deps.db, () => this.forget());
  }

  /** Build every provider again at its next use (new signing keys). */
  forget(): void {
    this.providers.clear();
    this.checkedAt = 0;
  }

  /** The provider for an issuer, built on first use. */
  async providerFor(issuer: string): Promise<MountedProvider> {
    const now = Date.now();
    if (now - this.checkedAt >= KEY_RECHECK_MS) {
      this.checkedAt = now;
      const fingerprint = await signingKeysFingerprint(this.deps.db);
      if (fingerprint !== this.fingerprint) {
        this.providers.clear();
        this.fingerprint = fingerprint;
      }
    }
    let mounted = this.providers.get(issuer);
    if (!mounted) {
      if (this.providers.size >= MAX_ISSUERS) this.providers.clear();
      mounted = this.build(issuer);
      this.providers.set(issuer, mounted);
      mounted.catch(() => this.providers.delete(issuer));
    }
    return mounted;
  }

  private async build(issuer: string): Promise<MountedProvider> {
    const keys = await loadSigningKeys(this.deps.db, this.deps.cipher);
    const provider = new Provider(issuer, providerConfiguration(this.deps, issuer, keys));
    // what Fastify believed of the client (TRUST_PROXY) is handed on as X-Forwarded-* (mountOidc)
    provider.proxy = true;
    provider.use(scopeInteractionCookie);
    provider.on('server_error', (_ctx: unknown, err: Error) =>
      console.error(`oidc-provider (${issuer}): ${err.stack ?? err.message}`),
    );
    const callback = provider.callback() as MountedProvider['callback'];
    return { provider, callback };
  }
}

/**
 * oidc-provider sets its interaction cookie on the path of the interaction page
 * (/sso/interaction/<uid>); our page reads the interaction through /api/sso/interactions/<uid>,
 * so the cookie is moved to that path — still one interaction's, still only for this browser.
 * It is what ties the confirm to the browser that started the sign-in: without it, whoever
 * learnt an interaction's address could not finish someone else's.
 */
async function scopeInteractionCookie(ctx: KoaContextWithOIDC, next: () => Promise<void>) {
  await next();
  const header = ctx.response.get('set-cookie') as string[] | string | undefined;
  if (!header) return;
  const cookies = Array.isArray(header) ? header : [header];
  const name = new RegExp(`^${PROVIDER_COOKIES.interaction}(\\.sig)?=`);
  const path = new RegExp(`;\\s*path=${INTERACTION_PAGE}/`, 'i');
  ctx.set(
    'set-cookie',
    cookies.map((c) => (name.test(c) ? c.replace(path, `; path=${INTERACTION_API}/`) : c)),
  );
}

/**
 * The headers of every /oidc answer: no script but the provider's own form_post (it adds its
 * hash to script-src), forms may go on to a department system's registered address (the
 * form_post of a code, the end of a logout), no framing, no referrer (codes travel in URLs).
 */
function oidcHeaders(config: Pick<Config, 'production' | 'trustProxy'>): Record<string, string> {
  return {
    'content-security-policy':
      "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; " +
      "form-action 'self' https: http:; frame-ancestors 'none'; base-uri 'none'",
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    ...(config.production || config.trustProxy
      ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' }
      : {}),
  };
}

/**
 * Hand a raw request under /oidc to its provider: the prefix taken off the URL (and kept as
 * `originalUrl`, from which oidc-provider builds its URLs), the issuer's scheme and host and
 * the client address Fastify believed (TRUST_PROXY) passed on as X-Forwarded-*, so that every
 * URL the provider makes is the issuer's.
 */
export async function serveOidc(
  providers: OidcProviders,
  config: Config,
  req: FastifyRequest,
  res: ServerResponse,
): Promise<void> {
  const issuer = issuerOf(config, req);
  let mounted: MountedProvider;
  try {
    mounted = await providers.providerFor(issuer);
  } catch (e) {
    req.log.error(e, 'oidc provider unavailable');
    res.statusCode = 503;
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.setHeader('retry-after', '5');
    res.end('One sign-on is not available now / 统一登录暂不可用');
    return;
  }
  const raw = req.raw as IncomingMessage & { originalUrl?: string; baseUrl?: string };
  const url = new URL(issuer);
  raw.headers['x-forwarded-proto'] = url.protocol.slice(0, -1);
  raw.headers['x-forwarded-host'] = url.host;
  raw.headers['x-forwarded-for'] = req.ip;
  const original = raw.url ?? OIDC_PREFIX;
  const rest = original.slice(OIDC_PREFIX.length);
  raw.originalUrl = original;
  raw.baseUrl = OIDC_PREFIX;
  raw.url = rest.startsWith('/') ? rest : `/${rest}`;
  for (const [name, value] of Object.entries(oidcHeaders(config))) res.setHeader(name, value);
  await mounted.callback(raw, res);
}

/** Back-channel logout and the like POST to addresses an administrator registered. */
const outgoingFetch: NonNullable<Configuration['fetch']> = (input, init) => {
  // oidc-provider refuses private and loopback addresses (against SSRF by dynamically
  // registered clients); ours are registered by an administrator, and a city's department
  // systems live on its private network
  const { dispatcher: _ignored, ...rest } = (init ?? {}) as RequestInit & { dispatcher?: unknown };
  return fetch(input, rest);
};

function policy(deps: AppDeps) {
  const base = interactionPolicy.base();
  const { Check } = interactionPolicy;
  // the sign-on lasts no longer than a session here: signed out, idle or expired here, the
  // next department system asks for a sign-in again
  base.get('login')!.checks.add(
    new Check(
      'cc_signed_out',
      'the Community Cloud sign-in has ended',
      async (ctx: KoaContextWithOIDC) => {
        const accountId = ctx.oidc.session?.accountId;
        if (!accountId || ctx.oidc.result?.login) return Check.NO_NEED_TO_PROMPT;
        return !(await hasLiveSession(deps.db, accountId));
      },
    ),
  );
  // a role the system allows, at every jump: a role taken away since the consent counts
  base.get('consent')!.checks.add(
    new Check(
      'cc_role_not_allowed',
      'the account holds no role the client allows',
      async (ctx: KoaContextWithOIDC) => {
        const accountId = ctx.oidc.session?.accountId;
        if (!accountId) return Check.NO_NEED_TO_PROMPT;
        const profile = await accountProfile(deps.db, accountId);
        return (
          !profile || !holdsAllowedRole(profile.bindings, clientAllowance(ctx.oidc.client).roles)
        );
      },
    ),
  );
  return base;
}

function providerConfiguration(
  deps: AppDeps,
  issuer: string,
  keys: Awaited<ReturnType<typeof loadSigningKeys>>,
): Configuration {
  const clients = new ClientAdapter(deps.db, deps.cipher);
  return {
    adapter: (model: string) =>
      model === 'Client' ? clients : new PayloadAdapter(deps.db, model, issuer),
    clients: [],
    jwks: { keys: keys as never },
    findAccount: (ctx, sub) => findSsoAccount(deps, ctx, sub),
    claims: {
      acr: null,
      auth_time: null,
      iss: null,
      sid: null,
      openid: ['sub'],
      profile: ['name'],
      roles: ['roles'],
      phone: ['phone_number'],
    },
    scopes: ['openid', 'offline_access', 'profile', 'roles', 'phone'],
    // the granted claims go in the ID token too: a department system needs no userinfo call
    conformIdTokenClaims: false,
    responseTypes: ['code'],
    clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'RS256',
    },
    extraClientMetadata: { properties: ['cc_allowed_roles', 'cc_allowed_claims'] },
    // PKCE (S256) for every client, confidential ones too
    pkce: { required: () => true },
    cookies: {
      names: PROVIDER_COOKIES,
      // derived from the data key: signed cookies survive restarts and are the same on every
      // app process; a new data key signs everyone out of the one sign-on, nothing more
      keys: [deps.cipher.lookupHash('cc:oidc-cookie-key:v1')],
      long: { httpOnly: true, sameSite: 'lax' },
      short: { httpOnly: true, sameSite: 'lax' },
    },
    features: {
      devInteractions: { enabled: false },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      revocation: { enabled: true },
      introspection: {
        enabled: true,
        // a system learns of its own tokens only
        allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId,
      },
      userinfo: { enabled: true },
      claimsParameter: { enabled: false },
    },
    // the department systems are confidential server-side clients: no browser calls them here
    clientBasedCORS: () => false,
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    // a refresh token is good once: reusing one revokes the grant
    rotateRefreshToken: true,
    interactions: {
      policy: policy(deps),
      url: (_ctx, interaction) => `${INTERACTION_PAGE}/${interaction.uid}`,
    },
    ttl: {
      AccessToken: 10 * 60,
      AuthorizationCode: 60,
      IdToken: 10 * 60,
      Interaction: 15 * 60,
      RefreshToken: SESSION_TTL_S,
      Grant: SESSION_TTL_S,
      Session: SESSION_TTL_S,
    },
    renderError,
    fetch: outgoingFetch,
    discovery: { ui_locales_supported: ['zh-CN', 'en'], claims_locales_supported: ['zh-CN'] },
  };
}
