import type { Role } from '@cc/contracts';
import type { Actor } from '../../platform/context.js';
import { bindingsWith, reaches, scopeRoots } from '../../platform/policy.js';

/** Roles that may create accounts and bind roles inside their own scope. */
export const ACCOUNT_MANAGERS: readonly Role[] = [
  'administrator',
  'city_operator',
  'district_operator',
  'street_operator',
  'committee_staff',
];

export function canManageAccounts(actor: Actor | null): boolean {
  return bindingsWith(actor, ACCOUNT_MANAGERS).length > 0;
}

/** Area paths under which the actor manages accounts. */
export function accountScope(actor: Actor | null): string[] {
  return scopeRoots(bindingsWith(actor, ACCOUNT_MANAGERS));
}

export type GrantVerdict = 'ok' | 'out-of-scope' | 'role-not-grantable';

/** May the actor bind `role` at the area at `areaPath`? Only administrators make administrators. */
export function checkGrant(actor: Actor | null, role: Role, areaPath: string): GrantVerdict {
  if (role === 'administrator') {
    return reaches(actor, areaPath, ['administrator']) ? 'ok' : 'role-not-grantable';
  }
  return reaches(actor, areaPath, ACCOUNT_MANAGERS) ? 'ok' : 'out-of-scope';
}
