import { ACCOUNT_MANAGER_ROLES, ADMINISTRATOR_ROLES, type Role } from '@cc/contracts';
import type { Actor } from '../../platform/context.js';
import { bindingsWith, reaches, scopeRoots } from '../../platform/policy.js';

export function canManageAccounts(actor: Actor | null): boolean {
  return bindingsWith(actor, ACCOUNT_MANAGER_ROLES).length > 0;
}

/** Area paths under which the actor manages accounts. */
export function accountScope(actor: Actor | null): string[] {
  return scopeRoots(bindingsWith(actor, ACCOUNT_MANAGER_ROLES));
}

export type GrantVerdict = 'ok' | 'out-of-scope' | 'role-not-grantable';

/** May the actor bind `role` at the area at `areaPath`? Only administrators make administrators. */
export function checkGrant(actor: Actor | null, role: Role, areaPath: string): GrantVerdict {
  if (role === 'administrator') {
    return reaches(actor, areaPath, ADMINISTRATOR_ROLES) ? 'ok' : 'role-not-grantable';
  }
  return reaches(actor, areaPath, ACCOUNT_MANAGER_ROLES) ? 'ok' : 'out-of-scope';
}
