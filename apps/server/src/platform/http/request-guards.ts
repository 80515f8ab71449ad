import { ErrorCode } from '@cc/contracts';
import type { FastifyRequest, RouteOptions } from 'fastify';
import { AppError } from '../errors.js';
import { requireSignIn } from './route-helpers.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route needs a signed-in session (its preHandler is requireSignIn). */
    isSignedInOnly?: boolean;
  }
}

/**
 * The largest body a route takes unless it sets its own `bodyLimit`: every JSON contract of
 * ours fits in a few KB (a case: 2,000 characters of description and a few attributes). The
 * routes that take files say so (topic figures as CSV: 5 MB; photos and registry files arrive
 * as multipart, with their own limits).
 */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const isStateChanging = (method: string): boolean => STATE_CHANGING.has(method);

/** onRoute: marks the routes whose preHandler is requireSignIn (see refuseAnonymous). */
export function markSignedInOnly(route: RouteOptions): void {
  const pre = route.preHandler;
  const hooks = Array.isArray(pre) ? pre : [pre];
  if (hooks.includes(requireSignIn)) route.config = { ...route.config, isSignedInOnly: true };
}

/**
 * For onRequest, once the session is read: an anonymous request to a route that needs a
 * session is a 401 before its body is read, parsed, scanned or validated.
 */
export function refuseAnonymous(req: FastifyRequest): void {
  if (req.routeOptions.config?.isSignedInOnly && !req.ctx.actor) throw AppError.unauthenticated();
}

/**
 * For onRequest: a state-changing API request that a browser says comes from another site
 * (Sec-Fetch-Site, else Origin) is a 403, whatever it carries. The session cookie is SameSite
 * already; this is the second lock. Requests without these headers (other programs, Open311
 * clients, which are outside /api/ anyway) are not browsers' cross-site requests.
 */
export function refuseCrossSite(req: FastifyRequest): void {
  if (!isStateChanging(req.method) || !req.url.startsWith('/api/') || !isCrossSite(req)) return;
  throw new AppError(
    ErrorCode.forbidden,
    'A change sent from another site is refused / 拒绝来自其他网站的操作请求',
    { field: 'origin', rule: 'same-origin' },
  );
}

/** Whether the browser says the request was made by a page of another origin. */
export function isCrossSite(req: FastifyRequest): boolean {
  const site = req.headers['sec-fetch-site'];
  // 'none': the person made it (typed, bookmarked), not a page
  if (typeof site === 'string') return site !== 'same-origin' && site !== 'none';
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  try {
    return new URL(origin).host !== req.host;
  } catch {
    return true; // "null" (a sandboxed or file page) and anything unreadable
  }
}
