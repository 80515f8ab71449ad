import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SsoClaim, SsoInteraction, SsoInteractionResult } from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { Interaction } from 'oidc-provider';
import type { Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { denyAndAudit, recordAudit } from '../audit/index.js';
import { CLAIM_SCOPES, claimsForScope } from './account-claims.js';
import { enabledClient } from './clients.js';
import type { MountedProvider } from './providers.js';
import { holdsAllowedRole } from './sso.policy.js';

/**
 * Our own sign-in and consent (the web page /sso/interaction/:uid) for a department system
 * that waits: what the page shows, and the person's answer — confirm (sign in as the reader
 * and grant the claims the system is allowed) or abort (access_denied back to the system).
 * The interaction is found through its cookie, so only the browser that started the sign-in
 * can finish it.
 */

/** The browser's request and response, as the provider reads its cookies from them. */
export interface BrowserExchange {
  req: IncomingMessage;
  res: ServerResponse;
}

const EXPIRED = 'The sign-in request has expired or is unknown / 登录请求已过期或不存在';

async function loadInteraction(
  provider: MountedProvider['provider'],
  http: BrowserExchange,
  uid: string,
): Promise<Interaction> {
  let details: Interaction;
  try {
    details = await provider.interactionDetails(http.req, http.res);
  } catch {
    throw AppError.notFound(EXPIRED);
  }
  if (details.uid !== uid) throw AppError.notFound(EXPIRED);
  return details;
}

async function clientOf(db: Kysely<DB>, details: Interaction) {
  const client = await enabledClient(db, String(details.params.client_id ?? ''));
  if (!client) throw AppError.notFound(EXPIRED);
  return client;
}

/** Has the account given this system these claims before (and the request does not ask again)? */
async function hasConsented(
  db: Kysely<DB>,
  accountId: string,
  clientId: string,
  claims: readonly SsoClaim[],
): Promise<boolean> {
  const row = await db
    .selectFrom('sso_consents')
    .select('claims')
    .where('account_id', '=', accountId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  return !!row && claims.every((c) => row.claims.includes(c));
}

/**
 * What the page shows. `prompt` is `login` when the reader is signed in and consented to these
 * claims before (the page goes on without a click), `consent` otherwise — also while nobody is
 * signed in: the page asks again once someone is.
 */
export async function describeInteraction(
  ctx: Ctx,
  provider: MountedProvider['provider'],
  http: BrowserExchange,
  uid: string,
): Promise<SsoInteraction> {
  const details = await loadInteraction(provider, http, uid);
  const client = await clientOf(ctx.db, details);
  const claims = claimsForScope(String(details.params.scope ?? ''), client.allowed_claims);
  const actor = ctx.actor;
  const asksConsent = String(details.params.prompt ?? '')
    .split(' ')
    .includes('consent');
  const consented =
    !!actor && !asksConsent && (await hasConsented(ctx.db, actor.id, client.client_id, claims));
  return {
    uid,
    prompt: consented ? 'login' : 'consent',
    client: { name: client.name, department: client.department, logoUrl: client.logo_url },
    claims,
    signedIn: !!actor,
    allowed: !!actor && holdsAllowedRole(actor.bindings, client.allowed_roles),
  };
}

/**
 * Sign in to the system as the reader (a full session here, holding a role it allows) and
 * grant it the scopes of the claims it is allowed; the scopes it asked for and may not have
 * are recorded as refused (so that they do not bring the question back at every sign-in).
 */
export async function confirmInteraction(
  ctx: Ctx,
  provider: MountedProvider['provider'],
  http: BrowserExchange,
  uid: string,
): Promise<SsoInteractionResult> {
  const actor = ctx.actor!;
  const details = await loadInteraction(provider, http, uid);
  const client = await clientOf(ctx.db, details);
  const audit = { action: 'sso.sign_in', objectType: 'sso_client', objectId: client.id };
  if (!holdsAllowedRole(actor.bindings, client.allowed_roles)) {
    await denyAndAudit(
      ctx,
      { ...audit, detail: { clientId: client.client_id } },
      `None of your roles may use ${client.name} / 您的角色无权使用该系统`,
    );
  }
  const requested = String(details.params.scope ?? '')
    .split(' ')
    .filter(Boolean);
  const claims = claimsForScope(details.params.scope as string | undefined, client.allowed_claims);
  const claimScopes = new Set(Object.values(CLAIM_SCOPES));
  const granted = ['openid', ...claims.map((c) => CLAIM_SCOPES[c])];
  if (requested.includes('offline_access')) granted.push('offline_access');
  const refused = requested.filter((s) => claimScopes.has(s) && !granted.includes(s));

  // the provider's session may be someone else's (another person used this browser): then a
  // new grant, and the provider signs that session out first
  const existing =
    details.grantId && details.session?.accountId === actor.id
      ? await provider.Grant.find(details.grantId)
      : undefined;
  const grant = existing ?? new provider.Grant({ accountId: actor.id, clientId: client.client_id });
  grant.addOIDCScope(granted.join(' '));
  if (refused.length > 0) grant.rejectOIDCScope(refused.join(' '));
  const grantId = await grant.save();

  const redirectTo = await provider.interactionResult(
    http.req,
    http.res,
    { login: { accountId: actor.id, remember: false }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('sso_consents')
      .values({ account_id: actor.id, client_id: client.client_id, claims })
      .onConflict((oc) =>
        oc.columns(['account_id', 'client_id']).doUpdateSet({ claims, granted_at: new Date() }),
      )
      .execute();
    await recordAudit(ctx, { ...audit, detail: { clientId: client.client_id, claims } }, trx);
  });
  return { redirectTo };
}

/** The person declines (or may not): the system is told access_denied. */
export async function abortInteraction(
  provider: MountedProvider['provider'],
  http: BrowserExchange,
  uid: string,
): Promise<SsoInteractionResult> {
  await loadInteraction(provider, http, uid);
  const redirectTo = await provider.interactionResult(
    http.req,
    http.res,
    { error: 'access_denied', error_description: 'the person declined to sign in' },
    { mergeWithLastSubmission: false },
  );
  return { redirectTo };
}
