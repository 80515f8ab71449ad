import { ErrorCode } from '@cc/contracts';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';

/**
 * Exact lookups per account and hour (config `registryLookupsPerHour`), counted by the
 * platform's shared counter: behind several app nodes an account still gets the limit once.
 */
const HOUR_MS = 60 * 60 * 1000;

/** Counts one lookup by the actor; a 429 with Retry-After once the hour's allowance is spent. */
export async function takeLookup(ctx: Ctx): Promise<void> {
  const perHour = ctx.config.registryLookupsPerHour;
  const { count, resetInMs } = await ctx.hits.hit(`registry-lookup:${ctx.actor!.id}`, HOUR_MS);
  if (count > perHour) {
    const retryAfter = Math.max(1, Math.ceil(resetInMs / 1000));
    throw new AppError(
      ErrorCode.tooManyRequests,
      `at most ${perHour} lookups an hour per account; try again in ${retryAfter} s / 每个账号每小时最多查询 ${perHour} 次，请 ${retryAfter} 秒后再试`,
      { field: 'lookup', rule: 'ratePerHour', retryAfter },
    );
  }
}
