import { AppError } from '../../platform/errors.js';

const NATIONAL = /^(\d{2}|\d{6}|\d{9}|\d{12})$/;
const LOCAL = /^\d{12}-[A-Za-z0-9-]{1,40}$/;

/**
 * Accept a 12-digit statistical code or its short forms and return the 12-digit form:
 * 31 → 310000000000, 310101 → 310101000000, 310101002 → 310101002000.
 * Local areas (grids, compounds) keep their own code: <committee code>-<suffix>.
 */
export function normalizeAreaCode(input: string, field = 'code'): string {
  if (LOCAL.test(input)) return input;
  if (!NATIONAL.test(input)) {
    throw AppError.invalid(
      field,
      'pattern',
      `${field} must be a statistical area code of 2, 6, 9 or 12 digits (e.g. 310101000000), got "${input.slice(0, 40)}"`,
    );
  }
  return input.padEnd(12, '0');
}
