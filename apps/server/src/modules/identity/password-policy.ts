import { dictionary } from '@zxcvbn-ts/language-common';
import { AppError } from '../../platform/errors.js';

/** NIST SP 800-63B / ASVS 4.0 2.1.1: at least 12 characters; long passphrases welcome. */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

let common: Set<string> | undefined;
/**
 * The 49,233 most common passwords that @zxcvbn-ts/language-common ships (its
 * `passwords-common` list), lower-cased; loaded on first use.
 */
function commonPasswords(): Set<string> {
  common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return common;
}

export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.toLowerCase());
}

/**
 * Refuse a password that is too short or on the list of common passwords, with a 400 that
 * names `field` and the rule (ASVS 2.1.1, 2.1.7). Length counts characters, not bytes, and no
 * composition rules apply (2.1.9).
 */
export function checkPasswordPolicy(password: string, field: string): void {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) {
    throw AppError.invalid(
      field,
      'minLength',
      `${field}: a password has at least ${MIN_PASSWORD_LENGTH} characters / 密码至少 ${MIN_PASSWORD_LENGTH} 个字符`,
    );
  }
  if (length > MAX_PASSWORD_LENGTH) {
    throw AppError.invalid(
      field,
      'maxLength',
      `${field}: a password has at most ${MAX_PASSWORD_LENGTH} characters / 密码最多 ${MAX_PASSWORD_LENGTH} 个字符`,
    );
  }
  if (isCommonPassword(password)) {
    throw AppError.invalid(
      field,
      'common',
      `${field}: this is one of the most common passwords; choose another / 该密码过于常见，请另选`,
    );
  }
}
