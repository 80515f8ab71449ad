import { CreateAccountBody, ROLES, type Me, type Role } from '@cc/contracts';
import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { ApiError, pickLanguage } from '../../lib/api';
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

/**
 * The server names a field as `username`, `/roles/0/areaCode`, `body.roles[0].areaCode`…;
 * this turns it into a form path, or undefined when the form has no such field.
 */
export function formPathOf(
  field: string | undefined,
  known: readonly string[],
): (string | number)[] | undefined {
  if (!field) return undefined;
  const parts = field
    .replace(/\[(\d+)\]/g, '.$1')
    .split(/[./]/)
    .filter((part) => part !== '' && part !== 'body');
  const [head] = parts;
  if (!head || !known.includes(head)) return undefined;
  return parts.map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** Puts the server's message beside the field it names; false when no field of the form matches. */
export function showFieldError(
  form: FormInstance,
  error: unknown,
  known: readonly string[],
): boolean {
  if (!(error instanceof ApiError)) return false;
  const path = formPathOf(error.field, known);
  if (!path) return false;
  // roles/0 (a whole binding) is shown on its area picker.
  const name = path[0] === 'roles' && path.length === 2 ? [...path, 'areaCode'] : path;
  form.setFields([{ name, errors: [pickLanguage(error.message)] }]);
  return true;
}

export function roleOptions(roles: readonly Role[], t: TFunction) {
  return roles.map((role) => ({ value: role, label: t(`role.${role}`) }));
}
