import { AuditList, AuditQuery } from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import { searchAudit } from './audit.service.js';

export async function auditRoutes(app: FastifyInstance): Promise<void> {
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/api/audit',
    {
      preHandler: requireSignIn,
      schema: {
        tags: ['audit'],
        summary: 'Search the audit log (administrators: the rows of their areas)',
        querystring: AuditQuery,
        response: { 200: AuditList, ...errorResponses },
      },
    },
    (req) => searchAudit(req.ctx, req.query),
  );
}
