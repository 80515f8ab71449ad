import crypto from 'node:crypto';
import { promisify } from 'node:util';
import type { Kysely } from 'kysely';
import type { DataCipher } from '../../platform/crypto.js';
import type { DB } from '../../platform/db/schema.js';
import type { Rekeyer } from '../../platform/key-rotation.js';

/**
 * The provider's signing keys (RS256, RSA 2048), private parts under the data key in
 * `sso_keys`. The newest key that is not retired signs; `rotateSigningKeys` (the CLI's
 * `rotate-oidc-keys`) makes a new one and retires the old, which stays in the published JWKS
 * for verification (an ID token a department system still holds, an `id_token_hint` at
 * logout) until RETIRED_KEY_KEPT_MS have passed, and is dropped at a later rotation.
 */

/** The longest any token or provider session signed by a key lives (the session: 12 h). */
export const LONGEST_SIGNED_LIFETIME_MS = 12 * 60 * 60 * 1000;
/** A retired key is published this long after it stopped signing: twice the longest lifetime. */
export const RETIRED_KEY_KEPT_MS = 2 * LONGEST_SIGNED_LIFETIME_MS;
export const SIGNING_ALG = 'RS256';

const generateKeyPair = promisify(crypto.generateKeyPair);

/** The private JWK of a key, as oidc-provider takes it. */
export interface SigningJwk {
  kty: string;
  kid: string;
  alg: string;
  use: 'sig';
  key_ops?: string[];
  [member: string]: unknown;
}

/** RFC 7638 thumbprint of an RSA key: the kid. */
function thumbprint(jwk: { e?: string; n?: string }): string {
  return crypto.hash('sha256', JSON.stringify({ e: jwk.e, kty: 'RSA', n: jwk.n }), 'base64url');
}

async function newKey(): Promise<{ kid: string; jwk: SigningJwk }> {
  const { privateKey } = await generateKeyPair('rsa', { modulusLength: 2048 });
  const exported = privateKey.export({ format: 'jwk' });
  const kid = thumbprint(exported);
  return { kid, jwk: { ...exported, kty: 'RSA', kid, alg: SIGNING_ALG, use: 'sig' } };
}

/** On first start: a signing key when there is none that signs. */
export async function ensureSigningKey(db: Kysely<DB>, cipher: DataCipher): Promise<void> {
  const current = await db
    .selectFrom('sso_keys')
    .select('kid')
    .where('retired_at', 'is', null)
    .limit(1)
    .executeTakeFirst();
  if (current) return;
  const { kid, jwk } = await newKey();
  await db
    .insertInto('sso_keys')
    .values({ kid, jwk_enc: cipher.encrypt(JSON.stringify(jwk)), retired_at: null })
    .onConflict((oc) => oc.column('kid').doNothing())
    .execute();
}

export interface KeyRotation {
  /** the new key's id: it signs from now on */
  kid: string;
  /** keys retired now, still published for verification */
  retired: string[];
  /** keys retired longer than RETIRED_KEY_KEPT_MS ago, dropped now */
  dropped: string[];
}

/**
 * Rotate the signing key: a new key signs from now on, the keys that signed until now are
 * retired (kept in the JWKS to verify what they signed), and keys retired more than
 * RETIRED_KEY_KEPT_MS ago are dropped. One transaction. A running server picks the new key
 * within KEY_RECHECK_MS (at once in this process).
 */
export async function rotateSigningKeys(
  db: Kysely<DB>,
  cipher: DataCipher,
  now = new Date(),
): Promise<KeyRotation> {
  const { kid, jwk } = await newKey();
  const rotation = await db.transaction().execute(async (trx) => {
    const retired = await trx
      .updateTable('sso_keys')
      .set({ retired_at: now })
      .where('retired_at', 'is', null)
      .returning('kid')
      .execute();
    const dropped = await trx
      .deleteFrom('sso_keys')
      .where('retired_at', '<', new Date(now.getTime() - RETIRED_KEY_KEPT_MS))
      .returning('kid')
      .execute();
    await trx
      .insertInto('sso_keys')
      .values({
        kid,
        jwk_enc: cipher.encrypt(JSON.stringify(jwk)),
        created_at: now,
        retired_at: null,
      })
      .execute();
    return { kid, retired: retired.map((r) => r.kid), dropped: dropped.map((r) => r.kid) };
  });
  forgetSigningKeys(db);
  return rotation;
}

/**
 * The keys to publish, signing key first: the ones not retired (newest first), then the
 * retired ones still kept, marked verify-only so that they never sign again.
 */
export async function loadSigningKeys(
  db: Kysely<DB>,
  cipher: DataCipher,
  now = Date.now(),
): Promise<SigningJwk[]> {
  const rows = await db
    .selectFrom('sso_keys')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('retired_at', 'is', null),
        eb('retired_at', '>', new Date(now - RETIRED_KEY_KEPT_MS)),
      ]),
    )
    .execute();
  const order = (r: (typeof rows)[number]) =>
    r.retired_at === null ? -r.created_at.getTime() : 1e15 - r.retired_at.getTime();
  return rows
    .sort((a, b) => order(a) - order(b))
    .map((r) => {
      const jwk = JSON.parse(cipher.decrypt(r.jwk_enc)) as SigningJwk;
      return r.retired_at === null ? jwk : { ...jwk, key_ops: ['verify'] };
    });
}

/** What identifies the set of keys in use: a change means the providers are built again. */
export async function signingKeysFingerprint(db: Kysely<DB>): Promise<string> {
  const rows = await db
    .selectFrom('sso_keys')
    .select(['kid', 'retired_at'])
    .orderBy('kid')
    .execute();
  return rows.map((r) => `${r.kid}:${r.retired_at?.getTime() ?? ''}`).join(',');
}

/** Under a new data key: each private key encrypted again. */
export const rekeySigningKeys: Rekeyer = async (trx, from, to) => {
  const rows = await trx.selectFrom('sso_keys').select(['kid', 'jwk_enc']).execute();
  for (const r of rows) {
    await trx
      .updateTable('sso_keys')
      .set({ jwk_enc: to.encrypt(from.decrypt(r.jwk_enc)) })
      .where('kid', '=', r.kid)
      .execute();
  }
  return rows.length;
};

// ---- what this process knows of the keys (the providers are built from it) ----

const listeners = new WeakMap<Kysely<DB>, () => void>();

/** Called when this process rotated the keys of `db`: its providers are built again. */
export function onSigningKeysChanged(db: Kysely<DB>, listener: () => void): void {
  listeners.set(db, listener);
}

function forgetSigningKeys(db: Kysely<DB>): void {
  listeners.get(db)?.();
}
