import crypto from 'node:crypto';

/**
 * TOTP, RFC 6238 over HOTP (RFC 4226): HMAC-SHA-1, 30-second steps, 6 digits — what every
 * authenticator app reads from an otpauth:// URI. node:crypto only.
 */
export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps either side of now that are still accepted: a phone clock a little off still works. */
export const TOTP_DRIFT_STEPS = 1;

/** HOTP: the `digits`-digit code for `counter` under `key` (RFC 4226 §5.3). */
export function hotp(key: Buffer, counter: number, digits = TOTP_DIGITS): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = crypto.createHmac('sha1', key).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const bin = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(bin % 10 ** digits).padStart(digits, '0');
}

/** The time step of a moment (Unix seconds). */
export function totpStep(unixSeconds: number): number {
  return Math.floor(unixSeconds / TOTP_STEP_SECONDS);
}

/** The TOTP code at a moment (Unix seconds). */
export function totp(key: Buffer, unixSeconds: number, digits = TOTP_DIGITS): string {
  return hotp(key, totpStep(unixSeconds), digits);
}

/**
 * The time step whose code `code` is, within the drift window around `unixSeconds`, or null.
 * Compared in constant time.
 */
export function matchTotp(key: Buffer, code: string, unixSeconds: number): number | null {
  if (code.length !== TOTP_DIGITS || !/^\d+$/.test(code)) return null;
  const given = Buffer.from(code);
  const now = totpStep(unixSeconds);
  let found: number | null = null;
  for (let step = now - TOTP_DRIFT_STEPS; step <= now + TOTP_DRIFT_STEPS; step++) {
    if (crypto.timingSafeEqual(Buffer.from(hotp(key, step)), given)) found = step;
  }
  return found;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding, as authenticator apps take secrets. */
export function base32Encode(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Buffer {
  const clean = text.toUpperCase().replace(/=+$/, '');
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const i = BASE32.indexOf(ch);
    if (i < 0) throw new Error('not base32');
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** A new 160-bit secret (RFC 4226 recommends 160 bits), base32. */
export function newTotpSecret(): string {
  return base32Encode(crypto.randomBytes(20));
}

/** The otpauth:// URI an authenticator app scans (Google Authenticator's key URI format). */
export function otpauthUri(issuer: string, account: string, secretBase32: string): string {
  const label = encodeURIComponent(`${issuer}:${account}`);
  const params = new URLSearchParams({
    secret: secretBase32,
    issuer,
    algorithm: 'SHA1',
    digits: String(TOTP_DIGITS),
    period: String(TOTP_STEP_SECONDS),
  });
  return `otpauth://totp/${label}?${params.toString()}`;
}

/** The code an authenticator app shows for a base32 secret at a time (what a user types). */
export function totpCode(secretBase32: string, unixSeconds: number): string {
  return totp(base32Decode(secretBase32), unixSeconds);
}
