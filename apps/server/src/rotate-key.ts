import fs from 'node:fs';
import { sql, type Kysely } from 'kysely';
import {
  createDataCipher,
  keyCheckValue,
  loadDataKey,
  type DataCipher,
} from './platform/crypto.js';
import { StartupError } from './platform/db/database.js';
import type { DB } from './platform/db/schema.js';
import {
  keyFile,
  pendingKeyFile,
  promotePendingKey,
  rotateData,
  writePendingKey,
  type Rekeyer,
} from './platform/key-rotation.js';
import { MODULES } from './modules.js';

/** Every table that holds personal data under the data key, and how it is rewritten: the modules' manifests say. */
export const REKEYERS: Record<string, Rekeyer> = Object.assign(
  {},
  ...MODULES.map((module) => module.rekeyers ?? {}),
);

/** The `settings` row holding the data key's check value (platform/crypto.ts keyCheckValue). */
export const DATA_KEY_CHECK = 'data_key_check';

async function storedKeyCheck(db: Kysely<DB>): Promise<string | null> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', DATA_KEY_CHECK)
    .executeTakeFirst();
  return (row?.value as { hmac?: string } | undefined)?.hmac ?? null;
}

/** Write the check value of `cipher`'s key, replacing any other (inside the rotation). */
async function storeKeyCheck(db: Kysely<DB>, cipher: DataCipher): Promise<void> {
  const value = JSON.stringify({ hmac: keyCheckValue(cipher.key) });
  await db
    .insertInto('settings')
    .values({ key: DATA_KEY_CHECK, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

/**
 * At start: the data key must be the one the database's personal data are under. The first
 * start stores the key's check value; every later start with another key is refused before
 * anything is written under it (a wrong DATA_KEY would otherwise mix two keys' ciphertexts).
 */
export async function checkDataKey(db: Kysely<DB>, cipher: DataCipher): Promise<void> {
  const value = JSON.stringify({ hmac: keyCheckValue(cipher.key) });
  await db
    .insertInto('settings')
    .values({ key: DATA_KEY_CHECK, value })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  if ((await storedKeyCheck(db)) !== keyCheckValue(cipher.key)) {
    throw new StartupError(
      'The data key (DATA_KEY, or the key file in DATA_DIR/keys) is not the key this ' +
        "database's personal data are under: its key check value does not match. Start with " +
        'the right key; after a rotation with DATA_KEY, set DATA_KEY to the new key.',
    );
  }
}

/** The rekeyers plus the key check value, rewritten in the rotation's transaction. */
const ROTATION: Record<string, Rekeyer> = {
  ...REKEYERS,
  [DATA_KEY_CHECK]: async (trx, _from, to) => {
    await storeKeyCheck(trx, to);
    return 1;
  },
};

export function rekeyDatabase(db: Kysely<DB>, from: DataCipher, to: DataCipher) {
  return rotateData(db, from, to, ROTATION);
}

/**
 * `rotate-data-key`: with a key file, a new key is made, the data rewritten under it in one
 * transaction, and the key file replaced (the old one kept aside); with DATA_KEY the new key
 * comes from `newKeyHex` and the operator sets DATA_KEY to it afterwards.
 */
export async function rotateDataKey(
  db: Kysely<DB>,
  opts: { dataDir: string; dataKey: string | null; newKeyHex?: string | undefined },
): Promise<{ counts: Record<string, number>; note: string }> {
  const from = createDataCipher(loadDataKey(opts.dataKey, opts.dataDir));
  await checkDataKey(db, from);
  if (opts.dataKey) {
    if (!opts.newKeyHex || !/^[0-9a-f]{64}$/i.test(opts.newKeyHex))
      throw new Error('with DATA_KEY set, pass --new-key <64 hex characters>');
    const counts = await rekeyDatabase(
      db,
      from,
      createDataCipher(Buffer.from(opts.newKeyHex, 'hex')),
    );
    return {
      counts,
      note: 'the data are under the new key: set DATA_KEY to it before the next start',
    };
  }
  if (fs.existsSync(pendingKeyFile(opts.dataDir)))
    throw new Error(`${pendingKeyFile(opts.dataDir)} exists: run rotate-data-key --resume first`);
  const to = createDataCipher(writePendingKey(opts.dataDir));
  const counts = await rekeyDatabase(db, from, to);
  const old = promotePendingKey(opts.dataDir);
  return {
    counts,
    note: `${keyFile(opts.dataDir)} holds the new key; the old one is kept in ${old}`,
  };
}

/**
 * After a rotation cut off between its commit and the key file's swap: whichever key opens a
 * stored ciphertext is the one in force; the key files are set to match.
 */
export async function resumeRotation(db: Kysely<DB>, dataDir: string): Promise<string> {
  const pending = pendingKeyFile(dataDir);
  if (!fs.existsSync(pending)) return 'no rotation to resume';
  const next = createDataCipher(Buffer.from(fs.readFileSync(pending, 'utf8').trim(), 'hex'));
  const stored = await storedKeyCheck(db);
  const opens = stored !== null ? stored === keyCheckValue(next.key) : await opensSample(db, next);
  if (opens) {
    promotePendingKey(dataDir);
    return 'the data were under the new key: it now takes the key file’s place';
  }
  fs.rmSync(pending);
  return 'the data were still under the old key: the unused new key was removed';
}

/** Before key check values: whether `cipher` opens a stored ciphertext. */
async function opensSample(db: Kysely<DB>, cipher: DataCipher): Promise<boolean> {
  const { rows } = await sql<{ v: string }>`
    (select document_enc as v from residents limit 1)
    union all (select phone_enc from accounts where phone_enc is not null limit 1)`.execute(db);
  const sample = rows[0];
  try {
    if (sample?.v) cipher.decrypt(sample.v);
    return !!sample?.v;
  } catch {
    return false;
  }
}
