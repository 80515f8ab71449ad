import { RegionList, RegionsQuery } from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses } from '../../platform/http/route-helpers.js';
import { listRegions } from './regions.service.js';

const tags = ['declarations'];

/** GET /api/regions: public (the declaration form asks it before anyone has an account). */
export async function regionRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/api/regions',
    {
      schema: {
        tags,
        summary:
          'Regions to arrive from: the countries (China first), or the children of ?parent (CN → provinces → cities → counties), or ?q matches with their path',
        querystring: RegionsQuery,
        response: { 200: RegionList, ...errorResponses },
      },
    },
    async (req, reply) => {
      // the same for everyone and fixed until a redeploy
      void reply.header('cache-control', 'public, max-age=3600');
      return listRegions(req.query);
    },
  );
}
