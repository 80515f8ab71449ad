import { ADMINISTRATOR_ROLES } from '@cc/contracts';
import type { Actor, Binding, Ctx } from '../../platform/context.js';
import { holdsAtCity, isStaff } from '../../platform/policy.js';
import { denyAndAudit } from '../audit/index.js';

/**
 * Who may do what with one sign-on (decision 024). The department systems serve the whole
 * city, so registering them is for an administrator bound at the root of the area tree; a
 * system is seen in 专业系统 and signed in to by the holders of a role it allows.
 */

/** An administrator bound at the root of the area tree (a path with no parent). */
export function isCityAdministrator(actor: Actor | null): boolean {
  return holdsAtCity(actor, ADMINISTRATOR_ROLES);
}

/** 403 (audited) unless the reader administers the whole city. */
export async function requireCityAdministrator(
  ctx: Ctx,
  action: string,
  objectId: string | null,
): Promise<void> {
  if (isCityAdministrator(ctx.actor)) return;
  await denyAndAudit(
    ctx,
    { action, objectType: 'sso_client', objectId },
    'Only a city-wide administrator registers department systems / 仅市级系统管理员可管理接入系统',
  );
}

/** Does one of the bindings carry a role the system allows? */
export function holdsAllowedRole(
  bindings: readonly Pick<Binding, 'role'>[],
  allowedRoles: readonly string[],
): boolean {
  return bindings.some((b) => allowedRoles.includes(b.role));
}

/** 专业系统 is for staff: a resident's account has no department system. */
export function mayUseCatalogue(actor: Actor | null): boolean {
  return isStaff(actor);
}
