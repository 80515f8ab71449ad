import { ErrorCode } from '@cc/contracts';
import { AppError } from '../../platform/errors.js';

/**
 * Exact lookups per account and hour (config `registryLookupsPerHour`): a sliding window of the
 * times of each account's last lookups. Held by this process: behind N app nodes an account gets
 * at most N × the limit, still orders of magnitude below what guessing a number needs.
 */
const HOUR_MS = 60 * 60 * 1000;
const recent = new Map<string, number[]>();
let sweptAt = 0;

/** Counts one lookup by `accountId`; a 429 with Retry-After once the hour's allowance is spent. */
export function takeLookup(accountId: string, perHour: number, now = Date.now()): void {
  if (now - sweptAt > HOUR_MS) {
    // accounts idle for an hour leave the map
    for (const [k, times] of recent) if (times.at(-1)! <= now - HOUR_MS) recent.delete(k);
    sweptAt = now;
  }
  const times = (recent.get(accountId) ?? []).filter((t) => t > now - HOUR_MS);
  if (times.length >= perHour) {
    recent.set(accountId, times);
    const retryAfter = Math.max(1, Math.ceil((times[0]! + HOUR_MS - now) / 1000));
    throw new AppError(
      ErrorCode.tooManyRequests,
      `at most ${perHour} lookups an hour per account; try again in ${retryAfter} s / 每个账号每小时最多查询 ${perHour} 次，请 ${retryAfter} 秒后再试`,
      { field: 'lookup', rule: 'ratePerHour', retryAfter },
    );
  }
  times.push(now);
  recent.set(accountId, times);
}
