import type { FormInstance } from 'antd';
import { ApiError, pickLanguage } from './api';

export type FieldPath = (string | number)[];

/**
 * The server names a field as `username`, `/roles/0/areaCode`, `body.roles[0].areaCode`,
 * `scenarioCodes.0`…; this turns it into a form path (its head renamed by `aliases`, which maps
 * server fields to form fields), or undefined when the form has no such field.
 */
export function serverFieldPath(
  field: string | undefined,
  known: readonly string[],
  aliases: Readonly<Record<string, string>> = {},
): FieldPath | undefined {
  if (!field) return undefined;
  const parts = field
    .replace(/\[(\d+)\]/g, '.$1')
    .split(/[./]/)
    .filter((part) => part !== '' && part !== 'body');
  const [first, ...rest] = parts;
  if (!first) return undefined;
  const head = aliases[first] ?? first;
  if (!known.includes(head)) return undefined;
  return [head, ...rest.map((part) => (/^\d+$/.test(part) ? Number(part) : part))];
}

interface Options {
  /** Server field → form field, for the path's head. */
  aliases?: Readonly<Record<string, string>>;
  /** The form field that shows the error (default: the whole path). */
  toName?: (path: FieldPath) => FieldPath | string;
}

/**
 * Puts the server's `{field, message}` beside the form field it names. False when no field of
 * the form matches (the caller shows the message above the form).
 */
export function showServerFieldError(
  form: FormInstance,
  error: unknown,
  known: readonly string[],
  { aliases, toName }: Options = {},
): boolean {
  if (!(error instanceof ApiError)) return false;
  const path = serverFieldPath(error.field, known, aliases);
  if (!path) return false;
  form.setFields([{ name: toName ? toName(path) : path, errors: [pickLanguage(error.message)] }]);
  return true;
}

/** For forms whose fields are flat: `scenarioCodes.0` is shown on `scenarioCodes`. */
export const fieldHead = (path: FieldPath): FieldPath | string => path[0] as string;
