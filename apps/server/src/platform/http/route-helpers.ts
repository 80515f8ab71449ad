import { ErrorBody } from '@cc/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps, Ctx } from '../context.js';
import { AppError } from '../errors.js';

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
  interface FastifyRequest {
    /** Dependencies, the signed-in actor (or null) and the client address, for use cases. */
    ctx: Ctx;
  }
}

/** preHandler: 401 unless a valid session is attached. */
export async function requireSignIn(req: FastifyRequest, _reply: FastifyReply): Promise<void> {
  if (!req.ctx.actor) throw AppError.unauthenticated();
}

/** The error responses every API route documents: all share the one ErrorBody. */
export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  429: ErrorBody,
} as const;
