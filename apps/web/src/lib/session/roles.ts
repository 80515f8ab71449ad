import {
  ACCOUNT_MANAGER_ROLES,
  ADMINISTRATOR_ROLES,
  CASE_OPERATOR_ROLES,
  ROLES,
  STAFF_ROLES,
  type Me,
  type Role,
} from '@cc/contracts';

/** The city at the top of the area tree (上海市). */
export const CITY_CODE = '310000000000';

const CITY_WIDE_ROLES: readonly Role[] = ['administrator', 'city_operator'];

export function hasAnyRole(me: Me, roles: readonly Role[]): boolean {
  return me.roles.some((binding) => roles.includes(binding.role));
}

export const canManageAccounts = (me: Me) => hasAnyRole(me, ACCOUNT_MANAGER_ROLES);
export const canReadAudit = (me: Me) => hasAnyRole(me, ADMINISTRATOR_ROLES);
export const canReadApiDocs = (me: Me) => hasAnyRole(me, ADMINISTRATOR_ROLES);
/** Dispatch rules, fixed points (点位) and the SMS outbox: the operation centres. */
export const canManageDispatch = (me: Me) => hasAnyRole(me, CASE_OPERATOR_ROLES);

/** Distinct roles of a person, highest first. */
export function distinctRoles(me: Me): Role[] {
  return ROLES.filter((role) => me.roles.some((binding) => binding.role === role));
}

/**
 * The significant prefix of an area code: 310000000000 → 31, 310101000000 → 310101,
 * 310101002000 → 310101002; local codes (committee code + suffix) stay whole.
 */
export function codePrefix(code: string): string {
  if (!/^\d{12}$/.test(code)) return code;
  if (code.endsWith('0000000000')) return code.slice(0, 2);
  if (code.endsWith('000000')) return code.slice(0, 6);
  if (code.endsWith('000')) return code.slice(0, 9);
  return code;
}

/** True when `code` is `ancestor` or lies inside it. */
export function isWithinArea(code: string, ancestor: string): boolean {
  return code === ancestor || code.startsWith(codePrefix(ancestor));
}

export interface ScopeRoot {
  code: string;
  /** Known from the role binding; undefined for the city root (the picker looks it up). */
  name: string | undefined;
  level: string | undefined;
}

/**
 * Where a person's area tree starts: the city for city-wide roles, otherwise the areas of
 * their bindings (only `roles` when given), without areas that lie inside another one.
 */
export function scopeRoots(me: Me, roles?: readonly Role[]): ScopeRoot[] {
  const bindings = me.roles.filter((binding) => !roles || roles.includes(binding.role));
  if (
    bindings.some(
      (binding) => CITY_WIDE_ROLES.includes(binding.role) || binding.areaCode === CITY_CODE,
    )
  ) {
    return [{ code: CITY_CODE, name: undefined, level: 'city' }];
  }
  const roots: ScopeRoot[] = [];
  for (const binding of bindings) {
    if (roots.some((root) => isWithinArea(binding.areaCode, root.code))) continue;
    for (let i = roots.length - 1; i >= 0; i--) {
      const root = roots[i];
      if (root && isWithinArea(root.code, binding.areaCode)) roots.splice(i, 1);
    }
    roots.push({ code: binding.areaCode, name: binding.areaName, level: binding.areaLevel });
  }
  return roots;
}

/** The area the area browser opens at: one binding area, else the city. */
export function browseRoot(me: Me): string {
  const roots = scopeRoots(me);
  return roots.length === 1 && roots[0] ? roots[0].code : CITY_CODE;
}

/** No staff role (only `resident`, or no binding yet): the phone app under /r is home. */
export const isResidentOnly = (me: Me) => !hasAnyRole(me, STAFF_ROLES);
