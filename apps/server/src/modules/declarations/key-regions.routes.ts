import {
  KeyRegionBody,
  KeyRegionList,
  KeyRegionParams,
  KeyRegionPatch,
  KeyRegionsQuery,
  KeyRegionView,
} from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import {
  createKeyRegion,
  deleteKeyRegion,
  listKeyRegions,
  updateKeyRegion,
} from './key-regions.service.js';

const tags = ['declarations'];
const pre = { preHandler: requireSignIn };

/** The city's key regions (重点地区): staff read them, the city changes them. */
export async function keyRegionRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/api/key-regions',
    {
      ...pre,
      schema: {
        tags,
        summary: 'The key regions (any staff); ?active=true: those listed today',
        querystring: KeyRegionsQuery,
        response: { 200: KeyRegionList, ...errorResponses },
      },
    },
    (req) => listKeyRegions(req.ctx, req.query),
  );
  r.post(
    '/api/key-regions',
    {
      ...pre,
      schema: {
        tags,
        summary: 'List a key region (city operator or administrator at the city); audited',
        body: KeyRegionBody,
        response: { 201: KeyRegionView, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await createKeyRegion(req.ctx, req.body)),
  );
  r.patch(
    '/api/key-regions/:id',
    {
      ...pre,
      schema: {
        tags,
        summary: "Change a key region's level, end date or note (the city); audited",
        params: KeyRegionParams,
        body: KeyRegionPatch,
        response: { 200: KeyRegionView, ...errorResponses },
      },
    },
    (req) => updateKeyRegion(req.ctx, req.params.id, req.body),
  );
  r.delete(
    '/api/key-regions/:id',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Take a key region off the list (the city); audited',
        params: KeyRegionParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await deleteKeyRegion(req.ctx, req.params.id);
      return reply.status(204).send(null);
    },
  );
}
