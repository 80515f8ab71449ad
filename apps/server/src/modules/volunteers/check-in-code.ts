import crypto from 'node:crypto';
import { CHECK_IN_CODE_DIGITS, CHECK_IN_CODE_SECONDS } from '@cc/contracts';
import { AppError } from '../../platform/errors.js';

/**
 * The rotating check-in code an organiser's screen shows (like a TOTP): six digits from
 * HMAC-SHA256 of the activity's secret and the number of the current window of
 * CHECK_IN_CODE_SECONDS, cut down by HOTP's dynamic truncation (RFC 4226 §5.3). A check-in
 * takes the current code and the one before it (someone who read it just as it changed); an
 * older one is refused as expired, anything else as a mismatch.
 */

/** How many windows before the previous one an old code is recognised as expired (not wrong). */
const EXPIRED_WINDOWS = 10;
const MODULUS = 10 ** CHECK_IN_CODE_DIGITS;

/** The number of the window `at` falls in. */
export function codeWindow(at: Date): number {
  return Math.floor(at.getTime() / (CHECK_IN_CODE_SECONDS * 1000));
}

/** When window `window` ends (the next code starts). */
export const windowEnd = (window: number): Date =>
  new Date((window + 1) * CHECK_IN_CODE_SECONDS * 1000);

/** The code of `window` under `secret` (the activity's secret as stored, decrypted). */
export function checkInCodeAt(secret: string, window: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(window));
  const h = crypto.createHmac('sha256', Buffer.from(secret, 'base64url')).update(counter).digest();
  const o = h[h.length - 1]! & 0x0f;
  const bin = ((h[o]! & 0x7f) << 24) | (h[o + 1]! << 16) | (h[o + 2]! << 8) | h[o + 3]!;
  return String(bin % MODULUS).padStart(CHECK_IN_CODE_DIGITS, '0');
}

/** A fresh secret for an activity: 32 random bytes (base64url); store it under the data key. */
export const newCodeSecret = (): string => crypto.randomBytes(32).toString('base64url');

const same = (a: string, b: string) =>
  a.length === b.length && crypto.timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Accept `code` when it is the current window's or the previous one's; else a 400 naming
 * `code`: rule `expired` when it was the code of one of the ten windows before, `mismatch`
 * otherwise.
 */
export function checkCode(secret: string, code: string, now: Date = new Date()): void {
  const w = codeWindow(now);
  if (same(code, checkInCodeAt(secret, w)) || same(code, checkInCodeAt(secret, w - 1))) return;
  for (let k = 2; k < 2 + EXPIRED_WINDOWS; k++) {
    if (same(code, checkInCodeAt(secret, w - k)))
      throw AppError.invalid(
        'code',
        'expired',
        'code: this code has expired; enter the one the organiser’s screen shows now / 签到码已过期，请输入组织者屏幕上当前显示的签到码',
      );
  }
  throw AppError.invalid(
    'code',
    'mismatch',
    'code: not the code of this activity; enter the one the organiser’s screen shows now / 签到码不正确，请输入组织者屏幕上当前显示的签到码',
  );
}
