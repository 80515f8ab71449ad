import type { SsoSystemList } from '@cc/contracts';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { enabledClients } from './clients.js';
import { holdsAllowedRole, mayUseCatalogue } from './sso.policy.js';

/**
 * 专业系统: the department systems the reader's roles may use, and where one click lands —
 * the system's login-initiation URI with `iss` (our issuer) and `target_link_uri`, as OpenID
 * Connect's third-party-initiated login has it; the system then sends the browser here, and
 * with a live session the jump is redirects only.
 */
export async function listSystems(ctx: Ctx, issuer: string): Promise<SsoSystemList> {
  if (!mayUseCatalogue(ctx.actor)) {
    throw AppError.forbidden('Department systems are for staff / 专业系统仅供工作人员使用');
  }
  const clients = await enabledClients(ctx.db);
  return {
    items: clients
      .filter((c) => holdsAllowedRole(ctx.actor!.bindings, c.allowed_roles))
      .map((c) => ({
        id: c.id,
        name: c.name,
        department: c.department,
        logoUrl: c.logo_url,
        launchUrl: launchUrl(c.initiate_login_uri, issuer),
      })),
  };
}

/** initiateLoginUri + `iss` + `target_link_uri` (the URI's origin), its own query kept. */
export function launchUrl(initiateLoginUri: string, issuer: string): string {
  const url = new URL(initiateLoginUri);
  url.searchParams.set('iss', issuer);
  url.searchParams.set('target_link_uri', url.origin);
  return url.toString();
}
