import crypto from 'node:crypto';
import { RECOVERY_CODE_COUNT } from '@cc/contracts';
import type { Kysely } from 'kysely';
import { hmacSha256, type DataCipher } from '../../platform/crypto.js';
import type { DB } from '../../platform/db/schema.js';
import { rekeyColumns } from '../../platform/key-rotation.js';

/**
 * One-time recovery codes of the second factor: 10 characters of Crockford's base32 (50 bits),
 * shown once, stored only as an HMAC-SHA256 under a random key of each code's own that is kept
 * under the data key. Whoever holds the database alone cannot test guesses; a key rotation
 * re-encrypts the HMAC keys (`rekeyRecoveryCodes`) and never needs a code.
 */

/** Crockford's base32: no i, l, o, u; 32 symbols, so a random byte's low 5 bits pick one evenly. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const CODE_LENGTH = 10;

/** A new code as shown: two groups of five (`7k3qm-x9d2p`). */
function newRecoveryCode(): string {
  const bytes = crypto.randomBytes(CODE_LENGTH);
  const code = [...bytes].map((b) => ALPHABET[b & 31]).join('');
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** A code as typed → as hashed: lower case, no dash or space, look-alikes read as digits. */
export function normalizeRecoveryCode(typed: string): string {
  return typed.toLowerCase().replace(/[\s-]/g, '').replace(/o/g, '0').replace(/[il]/g, '1');
}

function hashCode(key: Buffer, code: string): string {
  return hmacSha256(key)(normalizeRecoveryCode(code));
}

/**
 * A new set of codes for the account inside the caller's transaction: every earlier code, used
 * or not, is gone. Returns the codes as shown, this once.
 */
export async function replaceRecoveryCodes(
  trx: Kysely<DB>,
  cipher: DataCipher,
  accountId: string,
): Promise<string[]> {
  await deleteRecoveryCodes(trx, accountId);
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const now = new Date();
  await trx
    .insertInto('totp_recovery_codes')
    .values(
      codes.map((code) => {
        const key = crypto.randomBytes(32);
        return {
          id: crypto.randomUUID(),
          account_id: accountId,
          hash_key_enc: cipher.encrypt(key.toString('hex')),
          code_hash: hashCode(key, code),
          created_at: now,
        };
      }),
    )
    .execute();
  return codes;
}

export async function deleteRecoveryCodes(db: Kysely<DB>, accountId: string): Promise<void> {
  await db.deleteFrom('totp_recovery_codes').where('account_id', '=', accountId).execute();
}

/** Recovery codes of the account not used yet. */
export async function countRecoveryCodesLeft(db: Kysely<DB>, accountId: string): Promise<number> {
  const r = await db
    .selectFrom('totp_recovery_codes')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('account_id', '=', accountId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Use one of the account's recovery codes: the codes not used yet are compared, each in
 * constant time, and the matching one is marked used in one conditional UPDATE (of two
 * sign-ins racing with the same code, one wins). Returns how many are left, or null when the
 * code is wrong or used already.
 */
export async function useRecoveryCode(
  db: Kysely<DB>,
  cipher: DataCipher,
  accountId: string,
  typed: string,
): Promise<{ left: number } | null> {
  const rows = await db
    .selectFrom('totp_recovery_codes')
    .select(['id', 'hash_key_enc', 'code_hash'])
    .where('account_id', '=', accountId)
    .where('used_at', 'is', null)
    .execute();
  let match: string | null = null;
  for (const row of rows) {
    const key = Buffer.from(cipher.decrypt(row.hash_key_enc), 'hex');
    const given = Buffer.from(hashCode(key, typed));
    const stored = Buffer.from(row.code_hash);
    if (given.length === stored.length && crypto.timingSafeEqual(given, stored)) match = row.id;
  }
  if (match === null) return null;
  const used = await db
    .updateTable('totp_recovery_codes')
    .set({ used_at: new Date() })
    .where('id', '=', match)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (Number(used.numUpdatedRows) === 0) return null;
  return { left: await countRecoveryCodesLeft(db, accountId) };
}

/** Under a new data key: each code's HMAC key encrypted again (the hashes stay as they are). */
export const rekeyRecoveryCodes = rekeyColumns('totp_recovery_codes', ['hash_key_enc']);
