import { CreateAccountBody, ROLES, type Me, type Role } from '@cc/contracts';
import type { TFunction } from 'i18next';
import type { FieldPath } from '../../lib/form-errors';
import { hasAnyRole } from '../../lib/session';

/** Form limits read from the contract, so the form and the server agree. */
const props = CreateAccountBody.properties;
export const accountLimits = {
  usernamePattern: new RegExp(props.username.pattern ?? '.*'),
  displayNameMax: props.displayName.maxLength ?? 64,
  passwordMin: props.password.minLength ?? 10,
  passwordMax: props.password.maxLength ?? 256,
  phonePattern: new RegExp(props.phone.pattern ?? '.*'),
  rolesMax: props.roles.maxItems ?? 20,
};

/**
 * Roles offered in the pickers: only an administrator makes administrators. Where each role
 * may be bound (its area level, inside the granter's scope) the server checks and explains.
 */
export function assignableRoles(me: Me): Role[] {
  const isAdministrator = hasAnyRole(me, ['administrator']);
  return ROLES.filter((role) => isAdministrator || role !== 'administrator');
}

/** roles/0 (a whole binding) is shown on its area picker. */
export const accountFieldName = (path: FieldPath): FieldPath =>
  path[0] === 'roles' && path.length === 2 ? [...path, 'areaCode'] : path;

export function roleOptions(roles: readonly Role[], t: TFunction) {
  return roles.map((role) => ({ value: role, label: t(`role.${role}`) }));
}
