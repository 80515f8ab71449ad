import { ErrorBody, PublicMap, PublicMapQuery } from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { perAccountLimit } from '../../platform/account-rate-limit.js';
import { publicMap } from './public-map.js';

const tags = ['councils'];
/** generous, still per address: a map pans and zooms */
const MAP_READS_PER_MINUTE = 120;
const publicErrors = { 400: ErrorBody, 404: ErrorBody, 429: ErrorBody } as const;

/** The public map of blocks, rest areas and guideline projects: anyone, no sign-in. */
export async function publicMapRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/api/public/councils-map',
    {
      config: { rateLimit: perAccountLimit(MAP_READS_PER_MINUTE, 60_000, 'map requests') },
      schema: {
        tags,
        summary:
          'Rest areas (爱心休息区), approved projects and guideline progress (public, no sign-in)',
        description:
          'Of one block (`block`), or of the blocks and rest areas in a box (`bbox` ' +
          '= minLng,minLat,maxLng,maxLat, at most 0.2° a side: 400 `bbox` `tooLarge`). ' +
          '`openNow` by Shanghai time. Organisations are named, never a person: a lawyer, ' +
          'planner or other member by its kind (律师, 规划师, 其他).',
        security: [],
        querystring: PublicMapQuery,
        response: { 200: PublicMap, ...publicErrors },
      },
    },
    (req) => publicMap(req.ctx, req.query),
  );
}
