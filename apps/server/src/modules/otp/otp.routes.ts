import { CodeRequestAnswer, CodeRequestBody } from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses } from '../../platform/http/route-helpers.js';
import { issueCode } from './codes.service.js';

export async function otpRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post(
    '/api/codes',
    {
      schema: {
        tags: ['auth'],
        summary:
          'Send a one-time SMS code (sign-up, sign-in, reset; phone: signed in). The same 202 whether the number has an account or not',
        body: CodeRequestBody,
        response: { 202: CodeRequestAnswer, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(202).send(
        await issueCode(req.ctx, {
          phone: req.body.phone,
          purpose: req.body.purpose,
          ip: req.ip,
        }),
      ),
  );
}
