import type { FastifyRequest } from 'fastify';
import { AppError } from './errors.js';

/**
 * A route's `config.rateLimit` (@fastify/rate-limit) counted per signed-in account, and per
 * address for anyone else: one account cannot be spread over many addresses to get round it,
 * and a desk of people behind one address does not share a budget. Runs on `onRequest`, after
 * the request context has its actor, so a client over the limit is refused before its body
 * is read. The answer is the one error body, 429 with Retry-After.
 */
export function perAccountLimit(max: number, timeWindowMs: number, what: string) {
  return {
    max,
    timeWindow: timeWindowMs,
    keyGenerator: (req: FastifyRequest): string => {
      const actor = req.ctx?.actor;
      return actor ? `account:${actor.id}` : `address:${req.ip}`;
    },
    errorResponseBuilder: (_req: FastifyRequest, context: { ttl: number }) => {
      const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return new AppError(
        'TOO_MANY_REQUESTS',
        `Too many ${what} from your account (at most ${max} in ${Math.round(timeWindowMs / 60_000)} min); try again in ${seconds} s / 操作过于频繁，请 ${seconds} 秒后再试`,
        { retryAfter: seconds },
      );
    },
  };
}
