import type { FormInstance } from 'antd';
import { ApiError, pickLanguage } from '../../lib/api';

/**
 * Puts the server's `{field, message}` beside the form field it names ("unitName",
 * "scenarioCodes.0", "body.leaderId"); `aliases` maps server fields to form fields.
 * False when no field of the form matches (the caller shows the message above the form).
 */
export function showServerFieldError(
  form: FormInstance,
  error: unknown,
  known: readonly string[],
  aliases: Readonly<Record<string, string>> = {},
): boolean {
  if (!(error instanceof ApiError) || !error.field) return false;
  const head = error.field
    .replace(/\[(\d+)\]/g, '.$1')
    .split(/[./]/)
    .find((part) => part !== '' && part !== 'body');
  if (!head) return false;
  const name = aliases[head] ?? head;
  if (!known.includes(name)) return false;
  form.setFields([{ name, errors: [pickLanguage(error.message)] }]);
  return true;
}
