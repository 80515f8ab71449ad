import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { StartupError } from './db/database.js';

/**
 * Personal data at rest: AES-256-GCM with a key that lives outside the database
 * (DATA_KEY, or a key file beside the data directory), and an HMAC for exact lookups.
 */
export interface DataCipher {
  encrypt(plain: string): string;
  decrypt(token: string): string;
  /** Keyed hash for equality lookups; a different key from the cipher's. */
  lookupHash(plain: string): string;
  /** The data key, only to hand to a worker thread of this process that seals with it. */
  readonly key: Buffer;
}

/**
 * A fresh random 96-bit IV per encryption, cut from a pool filled by the CSPRNG 4,096 at a
 * time: the same randomness as one call each, without a system call per field in a bulk import.
 */
const IV_POOL = 12 * 4096;
let ivPool = Buffer.alloc(0);
let ivOffset = IV_POOL;
function nextIv(): Buffer {
  if (ivOffset + 12 > ivPool.length) {
    ivPool = crypto.randomBytes(IV_POOL);
    ivOffset = 0;
  }
  ivOffset += 12;
  return ivPool.subarray(ivOffset - 12, ivOffset);
}

/**
 * HMAC-SHA256 (RFC 2104) under a 32-byte key as two one-shot hashes: the value createHmac
 * gives, without an Hmac object per call (a bulk import takes three a row).
 */
export function hmacSha256(key: Buffer): (text: string) => string {
  if (key.length > 64) throw new Error('hmacSha256 takes a key of at most 64 bytes');
  const pad = (byte: number) => {
    const p = Buffer.alloc(64, byte);
    for (let i = 0; i < key.length; i++) p[i]! ^= key[i]!;
    return p;
  };
  const [inner, outer] = [pad(0x36), pad(0x5c)];
  return (text) =>
    crypto.hash(
      'sha256',
      Buffer.concat([
        outer,
        crypto.hash('sha256', Buffer.concat([inner, Buffer.from(text)]), 'buffer'),
      ]),
      'base64url',
    );
}

export function createDataCipher(key: Buffer): DataCipher {
  if (key.length !== 32) throw new Error('the data key must be 32 bytes');
  const encKey = crypto.createHmac('sha256', key).update('cc:enc').digest();
  const macKey = crypto.createHmac('sha256', key).update('cc:mac').digest();
  const mac = hmacSha256(macKey);
  return {
    key,
    encrypt(plain) {
      const iv = nextIv();
      const c = crypto.createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return `v1.${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64url')}`;
    },
    decrypt(token) {
      const raw = Buffer.from(token.slice(3), 'base64url');
      const d = crypto.createDecipheriv('aes-256-gcm', encKey, raw.subarray(0, 12));
      d.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
    },
    lookupHash: mac,
  };
}

/** DATA_KEY if set (64 hex chars or base64 of 32 bytes); else a key file created once. */
export function loadDataKey(dataKey: string | null, dataDir: string): Buffer {
  if (dataKey) return parseKey(dataKey, 'DATA_KEY');
  return keyFromFile(path.join(dataDir, 'keys', 'data.key'), { create: true });
}

/** A 32-byte key written as 64 hex characters or base64, or an error that names `name`. */
export function parseKey(text: string, name: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32)
    throw new StartupError(`${name} must be 32 bytes (64 hex characters or base64)`);
  return key;
}

/**
 * A key kept in a file, as development keeps its keys when no key is set in the environment
 * (production requires them there): made once when `create` (in a folder only its owner may
 * open, the file only its owner may read), and refused when others than its owner may read it.
 */
export function keyFromFile(file: string, opts: { create: boolean }): Buffer {
  if (!fs.existsSync(file)) {
    if (!opts.create) throw new StartupError(`No key file ${file}`);
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    try {
      fs.writeFileSync(file, crypto.randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
    } catch (e) {
      // another process of this data directory made it first: use theirs
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  const mode = fs.statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new StartupError(
      `The key file ${file} may be read by others (mode ${mode.toString(8)}): run chmod 600 on it.`,
    );
  }
  return parseKey(fs.readFileSync(file, 'utf8').trim(), file);
}

/**
 * The key check value of a data key: an HMAC of a constant under it, stored in the database at
 * first start, so a start with another key is refused before anything is written under it.
 * It reveals nothing of the key (HMAC-SHA256 is a PRF) and differs from every key derived here.
 */
export function keyCheckValue(key: Buffer): string {
  return crypto.createHmac('sha256', key).update('cc:key-check:v1').digest('base64url');
}

export function sha256(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}

/**
 * A new API key for a system that sends us data (a department, a sensor): 32 random bytes
 * after a prefix that names what it is (so a leaked key is recognisable), the sha256 to store
 * (enough for a random key: nothing to guess) and a hint to show, its first characters.
 */
export function newApiKey(prefix: string): { key: string; hash: string; hint: string } {
  const key = `${prefix}${crypto.randomBytes(32).toString('base64url')}`;
  return { key, hash: sha256(key), hint: key.slice(0, prefix.length + 6) };
}

/** Whether `key` hashes to `hash`, compared in constant time. */
export function apiKeyMatches(key: string, hash: string): boolean {
  const a = Buffer.from(sha256(key), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}
