import type { SsoClaim, SsoRoleClaim } from '@cc/contracts';
import type { Account, AccountClaims, KoaContextWithOIDC } from 'oidc-provider';
import type { AppDeps } from '../../platform/context.js';
import { recordAudit } from '../audit/index.js';
import { accountProfile, type AccountProfile } from '../identity/index.js';
import { holdsAllowedRole } from './sso.policy.js';

/**
 * What a department system learns of the person who signs in: `sub` (the account's id), and of
 * the claims the system is allowed (its `allowedClaims`) those whose scope was granted —
 * `name` (scope profile), `roles` (scope roles: only the bindings of roles the system allows,
 * with their area's code and name), `phone_number` (scope phone; the unmasked mobile, each
 * release audited). Two locks: the grant holds only the scopes of allowed claims (the
 * interaction's confirm), and this function leaves out whatever is not allowed.
 */

/** The scope each claim is granted under. */
export const CLAIM_SCOPES: Readonly<Record<SsoClaim, string>> = {
  name: 'profile',
  roles: 'roles',
  phone_number: 'phone',
};

/** The claims a client allowed `allowed` gets for the scopes `scope` (space-separated). */
export function claimsForScope(scope: string | undefined, allowed: readonly string[]): SsoClaim[] {
  const scopes = new Set((scope ?? '').split(' '));
  return (Object.keys(CLAIM_SCOPES) as SsoClaim[]).filter(
    (c) => allowed.includes(c) && scopes.has(CLAIM_SCOPES[c]),
  );
}

/** A client's allowed roles and claims, from its metadata's `cc_` fields. */
export function clientAllowance(client: unknown): { roles: string[]; claims: string[] } {
  const c = (client ?? {}) as { cc_allowed_roles?: string[]; cc_allowed_claims?: string[] };
  return { roles: c.cc_allowed_roles ?? [], claims: c.cc_allowed_claims ?? [] };
}

/**
 * oidc-provider's `findAccount`: the account behind `sub`, unless it is disabled, gone, or —
 * when a client asks — holds no role the client allows (then its codes, refreshes and
 * userinfo fail: a role taken away ends the system's access).
 */
export async function findSsoAccount(
  deps: AppDeps,
  ctx: KoaContextWithOIDC | undefined,
  sub: string,
): Promise<Account | undefined> {
  const profile = await accountProfile(deps.db, sub);
  if (!profile || profile.disabled) return undefined;
  const client = ctx?.oidc?.client;
  const allowance = clientAllowance(client);
  if (client && !holdsAllowedRole(profile.bindings, allowance.roles)) return undefined;
  return {
    accountId: sub,
    claims: async (use, scope) =>
      accountClaims(deps, profile, {
        use,
        scope,
        clientId: client?.clientId ?? null,
        allowance,
        ip: ctx?.ip ?? null,
      }),
  };
}

async function accountClaims(
  deps: AppDeps,
  profile: AccountProfile,
  o: {
    use: string;
    scope: string;
    clientId: string | null;
    allowance: { roles: string[]; claims: string[] };
    ip: string | null;
  },
): Promise<AccountClaims> {
  const out: AccountClaims = { sub: profile.id };
  // without a client nothing but the subject (no claim is allowed to nobody)
  const claims = o.clientId ? claimsForScope(o.scope, o.allowance.claims) : [];
  if (claims.includes('name')) out.name = profile.displayName;
  if (claims.includes('roles')) {
    out.roles = profile.bindings
      .filter((b) => o.allowance.roles.includes(b.role))
      .map((b): SsoRoleClaim => ({ role: b.role, areaCode: b.areaCode, areaName: b.areaName }));
  }
  if (claims.includes('phone_number') && profile.phoneEnc) {
    out.phone_number = deps.cipher.decrypt(profile.phoneEnc);
    await recordAudit(
      { ...deps, actor: null, ip: o.ip },
      {
        action: 'sso.claim.release',
        objectType: 'account',
        objectId: profile.id,
        detail: { clientId: o.clientId, claim: 'phone_number', use: o.use },
      },
    );
  }
  return out;
}
